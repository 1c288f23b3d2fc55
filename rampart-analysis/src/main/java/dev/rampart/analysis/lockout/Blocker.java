package dev.rampart.analysis.lockout;

import dev.rampart.sim.engine.CounterRef;
import dev.rampart.sim.packet.Packet;
import java.util.List;

/**
 * A packet of the administrator's connection that the ruleset does not let through.
 *
 * @param step which part of the connection: {@code new connection}, {@code client packets},
 *             {@code server replies}, or {@code handshake (simulated)}
 * @param packet the packet
 * @param rule the rule (or policy) that decides it
 * @param target what that rule does, in words ({@code DROP}, {@code REJECT --reject-with ...})
 * @param approximations non-empty when the verdict rests on an approximation: then the packet may in
 *                       fact pass, and the check could not prove it does
 * @param conditional the packet is accepted (by {@code rule}) unless an earlier rule whose match the
 *                    analysis cannot decide statically fires (a rate limit such as {@code recent},
 *                    {@code limit}, {@code hashlimit}, or an unknown match): accepted in the normal case,
 *                    blocked in the one the approximations name
 */
public record Blocker(String step, Packet packet, CounterRef rule, String target, List<String> approximations,
                      boolean conditional) {

    public Blocker {
        approximations = List.copyOf(approximations);
    }
}
