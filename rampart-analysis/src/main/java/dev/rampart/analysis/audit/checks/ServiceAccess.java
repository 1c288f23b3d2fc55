package dev.rampart.analysis.audit.checks;

import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.decision.ChainDomain;
import dev.rampart.analysis.decision.DecisionDiagram;
import dev.rampart.analysis.decision.Instruction;
import dev.rampart.analysis.decision.Outcome;
import dev.rampart.analysis.decision.Program;
import dev.rampart.analysis.space.Box;
import dev.rampart.analysis.space.Dimension;
import dev.rampart.analysis.space.IntervalSet;
import dev.rampart.analysis.space.PacketSet;
import dev.rampart.analysis.space.PacketSpace;
import dev.rampart.model.Family;
import dev.rampart.model.match.TcpFlags;
import dev.rampart.model.target.Verdict;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Who may open a connection to a local service: the queries the service checks (RA127 to RA129) make of
 * the filter INPUT chain over the packet space.
 *
 * <p>A <em>connection attempt</em> to port P is a packet that reaches filter INPUT on a device other
 * than the loopback device, in conntrack state NEW, and is either TCP with exactly the SYN flag set or
 * UDP, with destination port P. A class of such packets is <em>accepted</em> when its deciding rule
 * accepts it, or an uncertain earlier rule (a match the packet space approximates, such as
 * {@code -m limit}) accepts it. The <em>sources</em> of a set of accepted boxes are the source addresses
 * of any of their packets (any interface, any local destination); a service is reachable <em>from
 * anywhere</em> when its sources are at least half of the family's address space (2^31 IPv4 or
 * 2^127 IPv6 addresses) — a firewall that admits a few networks stays far below that, one that admits
 * "everything but a blocklist" stays above.
 */
final class ServiceAccess {
    /** TCP. */
    static final long TCP = 6;
    /** UDP. */
    static final long UDP = 17;
    /** Most boxes of accepted classes looked at per query. */
    static final int MAX_BOXES = 20_000;
    /** Conntrack state ordinal of NEW in {@link Dimension#CT_STATE}. */
    private static final long NEW = 1;

    private ServiceAccess() {
    }

    /** The filter INPUT program of {@code r}, or empty when it has none (or it cannot be unfolded). */
    static Optional<Program> input(AuditedRuleset r) {
        return Programs.filter(r, "INPUT");
    }

    /** Connection attempts of protocol {@code proto} ({@link #TCP} or {@link #UDP}) to the ports {@code ports}. */
    static PacketSet attempts(PacketSpace space, long proto, IntervalSet ports) {
        PacketSet set = ChainDomain.of(space, "INPUT")
                .minus(space.where(Dimension.IN_IFACE, space.interfaces().matching("lo")))
                .intersect(space.where(Dimension.CT_STATE, IntervalSet.point(NEW)))
                .intersect(space.where(Dimension.PROTOCOL, IntervalSet.point(proto)))
                .intersect(space.where(Dimension.DPORT, ports));
        if (proto == TCP) {
            set = set.intersect(space.where(Dimension.TCP_FLAGS, IntervalSet.point(TcpFlags.SYN)));
        }
        return set;
    }

    /** The diagram of {@code program} over {@code domain} (the program cut down to it first). */
    static DecisionDiagram diagram(Program program, PacketSet domain) {
        Program small = Programs.restrict(program, domain, in -> false);
        return DecisionDiagram.of(List.of(small), domain, DecisionDiagram.DEFAULT_ORDER, false);
    }

    /**
     * Whether the class is accepted: its certain decider accepts it, or an earlier ACCEPT whose only
     * uncertain matches are rate limits ({@link #RATE_LIMITS}: they limit how often, not who, so the
     * service is exposed all the same). Any other uncertain rule (an allowlist {@code -m set}, an
     * unknown match) is taken as not matching a packet from an arbitrary source: an ACCEPT behind
     * {@code -m set --match-set admins src} is not "open to everyone".
     */
    static boolean accepted(Outcome o) {
        return accepting(o) != null;
    }

    /** The instruction that accepts the class (see {@link #accepted}), or null. */
    static Instruction accepting(Outcome o) {
        for (Instruction m : o.maybeDeciders()) {
            if (m.action() instanceof dev.rampart.analysis.decision.Action.Decide d && d.target() == Verdict.ACCEPT
                    && onlyRateLimits(m)) {
                return m;
            }
        }
        return o.target() == Verdict.ACCEPT ? o.decider() : null;
    }

    /** Match modules that limit a rate or a count, not the set of sources. */
    static final java.util.Set<String> RATE_LIMITS = java.util.Set.of("limit", "hashlimit", "connlimit", "recent", "quota");

    /** Whether every approximation of {@code ins} names a rate-limit module ({@code "...: -m limit: ..."}). */
    private static boolean onlyRateLimits(Instruction ins) {
        if (ins.approximations().isEmpty()) {
            return false;
        }
        java.util.regex.Pattern module = java.util.regex.Pattern.compile(": -m ([a-z0-9_]+):");
        for (String reason : ins.approximations()) {
            java.util.regex.Matcher m = module.matcher(reason);
            if (!m.find() || !RATE_LIMITS.contains(m.group(1))) {
                return false;
            }
        }
        return true;
    }

    /** The boxes of {@code boxes} restricted to {@code set} (the parts inside it). */
    static List<Box> within(List<Box> boxes, PacketSet set) {
        List<Box> out = new ArrayList<>();
        for (Box b : boxes) {
            for (Box s : set.boxes()) {
                Box x = b.intersect(s);
                if (x != null) {
                    out.add(x);
                }
            }
        }
        return out;
    }

    /**
     * How many source addresses the boxes cover together (the area of the union of their
     * source-high by source-low rectangles; IPv4 lives in the low half).
     */
    static BigInteger sources(List<Box> boxes) {
        TreeSet<Long> cuts = new TreeSet<>();
        for (Box b : boxes) {
            IntervalSet hi = b.get(Dimension.SRC_HI);
            for (int i = 0; i < hi.intervalCount(); i++) {
                cuts.add(hi.lo(i));
                if (hi.hi(i) != Long.MAX_VALUE) {
                    cuts.add(hi.hi(i) + 1);
                }
            }
        }
        BigInteger total = BigInteger.ZERO;
        Long[] c = cuts.toArray(new Long[0]);
        for (int k = 0; k < c.length; k++) {
            long from = c[k];
            long to = k + 1 < c.length ? c[k + 1] - 1 : Long.MAX_VALUE;
            IntervalSet lo = IntervalSet.EMPTY;
            boolean any = false;
            for (Box b : boxes) {
                if (b.get(Dimension.SRC_HI).contains(from)) {
                    lo = lo.union(b.get(Dimension.SRC_LO));
                    any = true;
                }
            }
            if (!any) {
                continue;
            }
            BigInteger width = BigInteger.valueOf(to).subtract(BigInteger.valueOf(from)).add(BigInteger.ONE);
            BigInteger loCount = BigInteger.ZERO;
            for (int i = 0; i < lo.intervalCount(); i++) {
                loCount = loCount.add(BigInteger.valueOf(lo.hi(i)).subtract(BigInteger.valueOf(lo.lo(i))).add(BigInteger.ONE));
            }
            total = total.add(width.multiply(loCount));
        }
        return total;
    }

    /** Number of addresses of {@code family}. */
    static BigInteger addressSpace(Family family) {
        return BigInteger.ONE.shiftLeft(family == Family.IPV4 ? 32 : 128);
    }

    /** Whether {@code count} sources are at least half of {@code family}'s address space. */
    static boolean fromAnywhere(BigInteger count, Family family) {
        return count.shiftLeft(1).compareTo(addressSpace(family)) >= 0;
    }

    /**
     * {@code count} as a share of the family's address space: {@code 100%}, {@code 99.99%}, or for less
     * than 0.01% the number of addresses ({@code 256 addresses}, {@code about 2^80 addresses}).
     */
    static String share(BigInteger count, Family family) {
        BigInteger basisPoints = count.multiply(BigInteger.valueOf(10_000)).divide(addressSpace(family));
        if (basisPoints.signum() == 0 && count.signum() > 0) {
            return count.bitLength() <= 40 ? count + " addresses" : "about 2^" + (count.bitLength() - 1) + " addresses";
        }
        double pct = basisPoints.doubleValue() / 100.0;
        return pct == Math.floor(pct) ? (long) pct + "%" : String.format(java.util.Locale.ROOT, "%.2f%%", pct);
    }
}
