package dev.rampart.analysis.exposure;

import dev.rampart.analysis.decision.ChainDomain;
import dev.rampart.analysis.decision.DecisionDiagram;
import dev.rampart.analysis.decision.Fate;
import dev.rampart.analysis.decision.Outcome;
import dev.rampart.analysis.decision.Program;
import dev.rampart.analysis.decision.ProgramBuilder;
import dev.rampart.analysis.space.Dimension;
import dev.rampart.analysis.space.IntervalSet;
import dev.rampart.analysis.space.PacketSet;
import dev.rampart.analysis.space.PacketSpace;
import dev.rampart.model.Ruleset;
import dev.rampart.model.TableName;
import dev.rampart.model.match.CtState;
import dev.rampart.model.net.IpAddress;
import dev.rampart.model.target.RejectTarget;
import dev.rampart.model.target.Target;
import dev.rampart.model.target.Verdict;
import dev.rampart.sim.engine.CounterRef;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Predicts what {@code nmap -Pn -sS} (TCP) or {@code nmap -Pn -sU} (UDP) from one address reports for
 * each port of this host, from the filter table: the probe (a SYN, or a UDP datagram, conntrack state
 * NEW) in INPUT, and for accepted probes the answer (SYN+ACK or a UDP reply, state ESTABLISHED) in
 * OUTPUT.
 *
 * <p>nmap's rules (nmap.org/book/synscan.html, /book/scan-methods-udp-scan.html): a SYN+ACK means open,
 * a RST closed, no answer or an ICMP unreachable error (type 3 codes 0-3, 9, 10, 13) filtered; for UDP an
 * ICMP port unreachable means closed, other unreachable errors filtered, no answer open|filtered, and a
 * UDP answer open. So: ACCEPT is open (a listener is assumed), REJECT with tcp-reset closed, REJECT with
 * icmp-port-unreachable closed for UDP and filtered for TCP, other REJECTs and DROP filtered (UDP DROP:
 * open|filtered); an accepted probe whose answer OUTPUT drops is filtered (open|filtered for UDP).
 */
public final class ScanPrediction {
    private ScanPrediction() {
    }

    /**
     * The state of every port {@code from..to} of {@code protocol} (6 or 17) for probes from {@code source}
     * arriving on {@code in} (null: every non-loopback interface; a verdict that differs between them is
     * MIXED).
     */
    public static List<PortState> predict(Ruleset ruleset, PacketSpace space, IpAddress source, int protocol,
                                          int from, int to, String in) {
        if (protocol != 6 && protocol != 17) {
            throw new IllegalArgumentException("port scans are TCP (6) or UDP (17)");
        }
        int n = to - from + 1;
        Port[] ports = new Port[n];
        for (int i = 0; i < n; i++) {
            ports[i] = new Port();
        }
        PacketSet probes = base(space, protocol, in, true)
                .intersect(space.whereAddress(true, source.hi(), source.lo(), source.hi(), source.lo()))
                .intersect(space.where(Dimension.DPORT, IntervalSet.of(from, to)))
                .intersect(space.where(Dimension.CT_STATE, IntervalSet.point(CtState.NEW.ordinal())));
        if (protocol == 6) {
            probes = probes.intersect(space.where(Dimension.TCP_FLAGS, IntervalSet.point(0x02)));
        }
        collect(ruleset, space, "INPUT", probes, Dimension.DPORT, from, ports, false);
        PacketSet answers = base(space, protocol, in, false)
                .intersect(space.whereAddress(false, source.hi(), source.lo(), source.hi(), source.lo()))
                .intersect(space.where(Dimension.SPORT, IntervalSet.of(from, to)))
                .intersect(space.where(Dimension.CT_STATE, IntervalSet.point(CtState.ESTABLISHED.ordinal())));
        if (protocol == 6) {
            answers = answers.intersect(space.where(Dimension.TCP_FLAGS, IntervalSet.point(0x12)));
        }
        collect(ruleset, space, "OUTPUT", answers, Dimension.SPORT, from, ports, true);
        List<PortState> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(ports[i].state(protocol, from + i));
        }
        return out;
    }

    private static PacketSet base(PacketSpace space, int protocol, String in, boolean inbound) {
        IntervalSet ifaces = ChainDomain.devices(space, in);
        return ChainDomain.of(space, inbound ? "INPUT" : "OUTPUT")
                .intersect(space.where(Dimension.PROTOCOL, IntervalSet.point(protocol)))
                .intersect(space.where(Dimension.FRAGMENT, IntervalSet.point(0)))
                .intersect(space.where(inbound ? Dimension.IN_IFACE : Dimension.OUT_IFACE, ifaces));
    }

    private static void collect(Ruleset ruleset, PacketSpace space, String chain, PacketSet domain, Dimension portDim,
                                int from, Port[] ports, boolean answer) {
        if (ruleset.table(TableName.FILTER).flatMap(t -> t.chain(chain)).isEmpty()) {
            for (Port p : ports) {
                if (answer) {
                    p.answerOk = true;
                } else {
                    p.add(Verdict.ACCEPT, null, List.of());
                }
            }
            return;
        }
        Program program = ProgramBuilder.build(ruleset, TableName.FILTER, chain, space);
        List<Dimension> order = List.of(portDim);
        DecisionDiagram dd = DecisionDiagram.of(List.of(program), domain, order, false);
        dd.forEachBox(x -> true, Integer.MAX_VALUE, (box, leaf) -> {
            Outcome o = leaf.outcome(0);
            IntervalSet v = box.get(portDim);
            for (int k = 0; k < v.intervalCount(); k++) {
                for (long p = Math.max(v.lo(k), from); p <= Math.min(v.hi(k), from + ports.length - 1L); p++) {
                    Port port = ports[(int) (p - from)];
                    if (answer) {
                        port.answer(o);
                    } else {
                        port.add(o.target(), o.decider().origin(), o.approximations());
                    }
                }
            }
        });
    }

    /** What the probes and answers of one port met. */
    private static final class Port {
        final Set<String> fates = new LinkedHashSet<>();
        Target target;
        CounterRef rule;
        final Set<String> reasons = new LinkedHashSet<>();
        boolean answerOk = true;

        void add(Target t, CounterRef r, List<String> approximations) {
            fates.add(Fate.of(t));
            if (target == null) {
                target = t;
                rule = r;
            }
            reasons.addAll(approximations);
        }

        void answer(Outcome o) {
            if (o.target() != Verdict.ACCEPT) {
                answerOk = false;
                reasons.addAll(o.approximations());
            }
        }

        PortState state(int protocol, int port) {
            boolean udp = protocol == 17;
            if (fates.size() > 1) {
                return new PortState(protocol, port, Access.MIXED, null, "unknown", rule,
                        "the verdict depends on the interface or another field: " + String.join(", ", fates),
                        List.copyOf(reasons));
            }
            String rejectWith = target instanceof RejectTarget r
                    ? r.with() == null ? "icmp-port-unreachable" : r.with() : null;
            String verdict = target == Verdict.ACCEPT ? "ACCEPT" : target instanceof RejectTarget ? "REJECT" : "DROP";
            String nmap;
            String note = null;
            if (verdict.equals("ACCEPT")) {
                if (answerOk) {
                    nmap = "open";
                } else {
                    nmap = udp ? "open|filtered" : "filtered";
                    note = "the probe is accepted but OUTPUT drops the answer";
                }
            } else if (verdict.equals("REJECT")) {
                boolean portUnreach = rejectWith.contains("port-unreach");
                nmap = rejectWith.equals("tcp-reset") || udp && portUnreach ? "closed" : "filtered";
            } else {
                nmap = udp ? "open|filtered" : "filtered";
            }
            return new PortState(protocol, port, verdict, rejectWith, nmap, rule, note, List.copyOf(reasons));
        }
    }
}
