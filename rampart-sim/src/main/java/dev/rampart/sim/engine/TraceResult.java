package dev.rampart.sim.engine;

import dev.rampart.model.match.CtState;
import java.util.List;

/**
 * What happened to one packet: the verdict, the counter that decided it, every counter the kernel would
 * have incremented in traversal order ({@code matched}), the conntrack state the packet had when it
 * entered the first table that saw it, NAT (null when none applied), the kernel-format LOG lines, the
 * trace steps and the reasons the result is approximate (empty when exact). This is the record behind
 * the JSON trace contract in {@code docs/trace-format.md}.
 */
public record TraceResult(String packetId, long sequence, Verdict verdict, CounterRef decidedBy, List<CounterRef> matched,
                          CtState ctState, NatResult nat, List<String> log, List<TraceStep> steps,
                          List<String> approximate) {

    public TraceResult {
        matched = matched instanceof FrozenList<CounterRef> ? matched : List.copyOf(matched);
        log = List.copyOf(log);
        steps = List.copyOf(steps);
        approximate = List.copyOf(approximate);
    }

    /**
     * The packet's id: its own, or {@code p<sequence>} (the packet's 1-based position in the run) when it
     * has none. Built on demand, so bulk classification does not format numbers it never prints.
     */
    public String id() {
        return packetId != null ? packetId : "p" + sequence;
    }

    /** Whether part of the result rests on something Rampart only approximates. */
    public boolean isApproximate() {
        return !approximate.isEmpty();
    }
}
