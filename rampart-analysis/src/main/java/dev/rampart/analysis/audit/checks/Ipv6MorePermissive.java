package dev.rampart.analysis.audit.checks;

import dev.rampart.analysis.audit.AuditContext;
import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.Severity;
import dev.rampart.analysis.decision.DecisionDiagram;
import dev.rampart.analysis.decision.Instruction;
import dev.rampart.analysis.decision.Outcome;
import dev.rampart.analysis.decision.Program;
import dev.rampart.analysis.space.Box;
import dev.rampart.analysis.space.Dimension;
import dev.rampart.analysis.space.IntervalSet;
import dev.rampart.analysis.space.PacketSet;
import dev.rampart.model.Family;
import dev.rampart.sim.engine.CounterRef;
import dev.rampart.sim.packet.Packet;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * RA129: with both an IPv4 and an IPv6 ruleset, a TCP or UDP port whose connection attempts IPv6 accepts
 * from anywhere (at least half of the address space, {@link ServiceAccess}) while IPv4 accepts them from
 * less than half of its address space (a few networks, or none). Ports are compared as ranges: every
 * range of ports that both INPUT chains treat alike is one candidate, adjacent ranges with the same rules
 * are merged, at most {@value #MAX_FINDINGS} findings are listed (then a summary). The witness is an IPv6
 * packet accepted by the named IPv6 rule; the IPv4 rule named decides an IPv4 packet to the same port
 * that is not accepted.
 */
public final class Ipv6MorePermissive extends AbstractCheck {
    /** Findings listed at most. */
    static final int MAX_FINDINGS = 20;

    public Ipv6MorePermissive() {
        super("RA129", "IPv6 more permissive than IPv4", Severity.MEDIUM,
                "Hosts often get an IPv6 address automatically while the firewall is written and tested for IPv4 "
                        + "only. A service that IPv4 restricts but IPv6 leaves open is reachable by anyone who "
                        + "finds the host's IPv6 address, bypassing the IPv4 policy entirely.");
    }

    /** What one family's INPUT does to connection attempts to every port. */
    private record Side(AuditedRuleset ruleset, DecisionDiagram dd, List<Box> accepted, List<Box> refused) {
    }

    /** A port range with the same rules on both sides. */
    private record Range(long protocol, long from, long to, CounterRef v6Rule, CounterRef v4Rule, Packet witness,
                         BigInteger v4Sources, List<String> approximations) {
    }

    @Override
    public List<Finding> run(AuditContext context) {
        List<Finding> out = new ArrayList<>();
        Optional<AuditedRuleset> v4 = context.ruleset(Family.IPV4);
        Optional<AuditedRuleset> v6 = context.ruleset(Family.IPV6);
        if (v4.isEmpty() || v6.isEmpty()) {
            return out;
        }
        Side four = side(v4.get());
        Side six = side(v6.get());
        if (four == null || six == null || six.accepted.isEmpty()) {
            return out;
        }
        List<Range> ranges = new ArrayList<>();
        for (long proto : new long[] {ServiceAccess.TCP, ServiceAccess.UDP}) {
            List<Box> a6 = byProtocol(six.accepted, proto);
            List<Box> a4 = byProtocol(four.accepted, proto);
            TreeSet<Long> cuts = new TreeSet<>();
            cuts.add(0L);
            for (List<Box> list : List.of(a6, a4)) {
                for (Box b : list) {
                    IntervalSet d = b.get(Dimension.DPORT);
                    for (int i = 0; i < d.intervalCount(); i++) {
                        cuts.add(d.lo(i));
                        cuts.add(d.hi(i) + 1);
                    }
                }
            }
            Long[] c = cuts.toArray(new Long[0]);
            for (int k = 0; k < c.length && c[k] <= 65535; k++) {
                long from = c[k];
                long to = Math.min(65535, k + 1 < c.length ? c[k + 1] - 1 : 65535);
                List<Box> o6 = onPort(a6, from);
                if (o6.isEmpty() || !ServiceAccess.fromAnywhere(ServiceAccess.sources(o6), Family.IPV6)) {
                    continue;
                }
                List<Box> o4 = onPort(a4, from);
                BigInteger s4 = ServiceAccess.sources(o4);
                if (ServiceAccess.fromAnywhere(s4, Family.IPV4)) {
                    continue;
                }
                Range range = range(four, six, proto, from, to, o6, s4);
                if (range == null) {
                    continue;
                }
                Range last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
                if (last != null && last.protocol == proto && last.to + 1 == from && last.v6Rule.equals(range.v6Rule)
                        && last.v4Rule.equals(range.v4Rule)) {
                    ranges.set(ranges.size() - 1, new Range(proto, last.from, to, last.v6Rule, last.v4Rule, last.witness,
                            last.v4Sources.max(s4), last.approximations));
                } else {
                    ranges.add(range);
                }
            }
        }
        for (int i = 0; i < ranges.size() && i < MAX_FINDINGS; i++) {
            out.add(finding(four.ruleset, six.ruleset, ranges.get(i)));
        }
        if (ranges.size() > MAX_FINDINGS) {
            out.add(Finding.of(this, (ranges.size() - MAX_FINDINGS) + " more port ranges are open over IPv6 from anywhere "
                            + "but not over IPv4; at most " + MAX_FINDINGS + " are listed")
                    .severity(Severity.INFO).rules(six.ruleset.anchor())
                    .fix("# compare the IPv6 INPUT chain with the IPv4 one rule by rule (rampart exposure)").build());
        }
        return out;
    }

    private Finding finding(AuditedRuleset v4, AuditedRuleset v6, Range g) {
        String proto = g.protocol == ServiceAccess.TCP ? "tcp" : "udp";
        String ports = g.from == g.to ? "port " + g.from : "ports " + g.from + "-" + g.to;
        String v4part = g.v4Sources.signum() == 0 ? "IPv4 accepts them from no source"
                : "IPv4 only from " + ServiceAccess.share(g.v4Sources, Family.IPV4) + " (of all IPv4 addresses)";
        return Finding.of(this, proto + " " + ports + ": IPv6 accepts new connections from anywhere ("
                        + Programs.describe(v6, g.v6Rule) + " in " + v6.source() + ") but " + v4part + " ("
                        + Programs.describe(v4, g.v4Rule) + " in " + v4.source() + " refuses the others)")
                .rules(Programs.ref(v6, g.v6Rule), Programs.ref(v4, g.v4Rule)).witness(g.witness)
                .approximations(g.approximations)
                .fix("# give IPv6 the same restriction as IPv4: in " + v6.source() + ", narrow or replace\n"
                        + "# " + Programs.describe(v6, g.v6Rule) + "\n# to mirror " + Programs.describe(v4, g.v4Rule)
                        + ", e.g.\n" + v6.command() + " -I INPUT 1 -p " + proto + " -m " + proto + " --dport "
                        + (g.from == g.to ? String.valueOf(g.from) : g.from + ":" + g.to)
                        + " -m conntrack --ctstate NEW -j DROP   # after any rule for the allowed IPv6 sources")
                .build();
    }

    private static Range range(Side four, Side six, long proto, long from, long to, List<Box> o6, BigInteger s4) {
        Packet w6 = six.ruleset.space().ofBoxes(o6.subList(0, Math.min(o6.size(), 50))).witness();
        DecisionDiagram.Node l6 = six.dd.classify(w6);
        Instruction a6 = l6 == null ? null : ServiceAccess.accepting(l6.outcome(0));
        List<Box> r4 = onPort(byProtocol(four.refused, proto), from);
        if (a6 == null || r4.isEmpty()) {
            return null;
        }
        Packet w4 = four.ruleset.space().ofBoxes(r4.subList(0, Math.min(r4.size(), 50))).witness();
        DecisionDiagram.Node l4 = four.dd.classify(w4);
        if (l4 == null) {
            return null;
        }
        Outcome o4 = l4.outcome(0);
        List<String> reasons = new ArrayList<>(l6.outcome(0).approximations());
        reasons.addAll(o4.approximations());
        return new Range(proto, from, to, a6.origin(), o4.decider().origin(), w6, s4, reasons);
    }

    private static Side side(AuditedRuleset r) {
        Optional<Program> p = ServiceAccess.input(r);
        if (p.isEmpty()) {
            return null;
        }
        IntervalSet all = IntervalSet.of(0, 65535);
        PacketSet domain = ServiceAccess.attempts(r.space(), ServiceAccess.TCP, all)
                .union(ServiceAccess.attempts(r.space(), ServiceAccess.UDP, all));
        DecisionDiagram dd = ServiceAccess.diagram(p.get(), domain);
        List<Box> accepted = dd.boxes(l -> ServiceAccess.accepted(l.outcome(0)), ServiceAccess.MAX_BOXES);
        List<Box> refused = dd.boxes(l -> !ServiceAccess.accepted(l.outcome(0)), ServiceAccess.MAX_BOXES);
        return new Side(r, dd, accepted, refused);
    }

    private static List<Box> byProtocol(List<Box> boxes, long proto) {
        List<Box> out = new ArrayList<>();
        for (Box b : boxes) {
            if (b.get(Dimension.PROTOCOL).contains(proto)) {
                out.add(b.with(Dimension.PROTOCOL, IntervalSet.point(proto)));
            }
        }
        return out;
    }

    /** The boxes whose destination ports include {@code port} (cells never straddle a box boundary). */
    private static List<Box> onPort(List<Box> boxes, long port) {
        List<Box> out = new ArrayList<>();
        for (Box b : boxes) {
            if (b.get(Dimension.DPORT).contains(port)) {
                out.add(b.with(Dimension.DPORT, IntervalSet.point(port)));
            }
        }
        return out;
    }
}
