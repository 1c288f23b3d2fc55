package dev.rampart.analysis.space;

import dev.rampart.model.Family;
import dev.rampart.model.RuleHeader;
import dev.rampart.model.match.CommentMatch;
import dev.rampart.model.match.ConntrackMatch;
import dev.rampart.model.match.CtState;
import dev.rampart.model.match.HlMatch;
import dev.rampart.model.match.Icmp6Match;
import dev.rampart.model.match.IcmpMatch;
import dev.rampart.model.match.IprangeMatch;
import dev.rampart.model.match.LengthMatch;
import dev.rampart.model.match.MacMatch;
import dev.rampart.model.match.MarkMatch;
import dev.rampart.model.match.Match;
import dev.rampart.model.match.MultiportMatch;
import dev.rampart.model.match.SetMatch;
import dev.rampart.model.match.StateMatch;
import dev.rampart.model.match.TcpMatch;
import dev.rampart.model.match.TtlMatch;
import dev.rampart.model.match.UdpMatch;
import dev.rampart.model.net.IpPrefix;
import dev.rampart.model.net.PortRange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Translates rule headers and typed matches into {@link Translation}s of a {@link PacketSpace},
 * following the simulator's {@code MatchCompiler} (and so the kernel) test for test. Exact: the header
 * (contiguous masks; non-contiguous IPv4 masks and IPv6 masks within one half when they leave at most
 * {@value #MAX_FREE_BITS} free bits above the lowest mask bit), tcp (ports, flags), udp, multiport, icmp,
 * icmp6, iprange, length, ttl, hl, state, conntrack with only {@code --ctstate} of real states, mark
 * (same mask rule), mac, comment, and set on an address set whose contents the space knows
 * ({@link SetTranslation}). Everything else is an {@link Translation.Approximation} whose over-set
 * ignores the match and whose under-set is empty, with the reason naming the module.
 */
public final class PacketSets {
    /** Most free mask bits above the lowest mask bit expanded into intervals (2^this intervals). */
    static final int MAX_FREE_BITS = 12;

    private PacketSets() {
    }

    /**
     * The packets {@code header} selects, in a fresh space of {@code family} that knows only this
     * header's interface names. Its sets combine only with sets of that same space
     * ({@code over().space()}); to compare rules, build one space for the whole ruleset
     * ({@link PacketSpace#forHeaders}) and use {@link #of(RuleHeader, PacketSpace)}.
     */
    public static Translation of(RuleHeader header, Family family) {
        return of(header, PacketSpace.forHeaders(family, List.of(header)));
    }

    /** The packets {@code header} selects. */
    public static Translation of(RuleHeader header, PacketSpace space) {
        Translation t = new Translation.Exact(space.all());
        t = t.and(address(header.source(), header.sourceInverted(), true, space));
        t = t.and(address(header.destination(), header.destinationInverted(), false, space));
        t = t.and(iface(header.inInterface(), header.inInverted(), Dimension.IN_IFACE, space));
        t = t.and(iface(header.outInterface(), header.outInverted(), Dimension.OUT_IFACE, space));
        if (header.protocol() != null && !header.protocol().isAll()) {
            t = t.and(exact(space.where(Dimension.PROTOCOL, IntervalSet.point(header.protocol().number())),
                    header.protocolInverted()));
        }
        if (space.family() == Family.IPV4) {
            switch (header.fragment()) {
                case ANY -> { }
                case FRAGMENTS -> t = t.and(new Translation.Exact(space.where(Dimension.FRAGMENT, IntervalSet.point(1))));
                case NON_FRAGMENTS -> t = t.and(new Translation.Exact(space.where(Dimension.FRAGMENT, IntervalSet.point(0))));
            }
        }
        return t;
    }

    /** The packets selected by {@code header} and all of {@code matches}. */
    public static Translation of(RuleHeader header, List<Match> matches, PacketSpace space) {
        Translation t = of(header, space);
        for (Match m : matches) {
            t = t.and(of(m, space));
        }
        return t;
    }

    /** The packets {@code match} selects. */
    public static Translation of(Match match, PacketSpace space) {
        if (match instanceof CommentMatch) {
            return new Translation.Exact(space.all());
        }
        if (match instanceof TcpMatch m) {
            PacketSet ports = ports(m.sport(), m.sportInverted(), m.dport(), m.dportInverted(), space);
            PacketSet flags = space.where(Dimension.TCP_FLAGS,
                    flagValues(m.flagMask(), m.flagComp(), m.flagsInverted()));
            PacketSet set = ports.intersect(flags);
            if (m.option() != 0) {
                return new Translation.Approximation(set, space.none(),
                        "tcp --tcp-option " + m.option() + " is not modelled by the packet space");
            }
            return new Translation.Exact(set);
        }
        if (match instanceof UdpMatch m) {
            return new Translation.Exact(ports(m.sport(), m.sportInverted(), m.dport(), m.dportInverted(), space));
        }
        if (match instanceof MultiportMatch m) {
            return new Translation.Exact(multiport(m, space));
        }
        if (match instanceof IcmpMatch m) {
            return new Translation.Exact(icmp(m.type(), m.codeMin(), m.codeMax(), m.inverted(), true, space));
        }
        if (match instanceof Icmp6Match m) {
            return new Translation.Exact(icmp(m.type(), m.codeMin(), m.codeMax(), m.inverted(), false, space));
        }
        if (match instanceof IprangeMatch m) {
            PacketSet set = space.all();
            if (m.src() != null) {
                set = set.intersect(range(m.src(), m.srcInverted(), true, space));
            }
            if (m.dst() != null) {
                set = set.intersect(range(m.dst(), m.dstInverted(), false, space));
            }
            return new Translation.Exact(set);
        }
        if (match instanceof LengthMatch m) {
            IntervalSet in = IntervalSet.of(m.length().min(), Math.min(m.length().max(), Dimension.MAX_LENGTH));
            return exact(space.where(Dimension.LENGTH, in), m.inverted());
        }
        if (match instanceof TtlMatch m) {
            return new Translation.Exact(space.where(Dimension.TTL, compare(m.op(), m.value())));
        }
        if (match instanceof HlMatch m) {
            return new Translation.Exact(space.where(Dimension.TTL, compare(m.op(), m.value())));
        }
        if (match instanceof StateMatch m) {
            return exact(space.where(Dimension.CT_STATE, states(m.states())), m.inverted());
        }
        if (match instanceof ConntrackMatch m) {
            return conntrack(m, space);
        }
        if (match instanceof MacMatch m) {
            return mac(m, space);
        }
        if (match instanceof SetMatch m) {
            return SetTranslation.of(m, space);
        }
        if (match instanceof MarkMatch m) {
            IntervalSet marks = masked(m.mark().value(), m.mark().mask(), 32);
            if (marks == null) {
                return notModelled(match, space, "mask " + m.mark() + " leaves too many free bits");
            }
            return exact(space.where(Dimension.MARK, marks), m.inverted());
        }
        return notModelled(match, space, "not modelled by the packet space");
    }

    private static Translation notModelled(Match match, PacketSpace space, String why) {
        return new Translation.Approximation(space.all(), space.none(), "-m " + match.module() + ": " + why);
    }

    private static Translation exact(PacketSet set, boolean inverted) {
        return new Translation.Exact(inverted ? set.complement() : set);
    }

    private static Translation address(IpPrefix prefix, boolean inverted, boolean source, PacketSpace space) {
        if (prefix == null) {
            return new Translation.Exact(space.all());
        }
        PacketSet set = prefixSet(prefix, source, space);
        if (set == null) {
            return new Translation.Approximation(space.all(), space.none(),
                    (source ? "-s " : "-d ") + prefix + ": non-contiguous mask with too many free bits");
        }
        return exact(set, inverted);
    }

    /** The addresses of {@code prefix} as a set, or null when the mask is not expressible. */
    static PacketSet prefixSet(IpPrefix p, boolean source, PacketSpace space) {
        if (p.isContiguous()) {
            if (p.family() == Family.IPV4) {
                return space.whereAddress(source, 0, p.lo(), 0, p.lo() | (~p.maskLo() & 0xFFFFFFFFL));
            }
            return space.whereAddress(source, p.hi(), p.lo(), p.hi() | ~p.maskHi(), p.lo() | ~p.maskLo());
        }
        Dimension hi = source ? Dimension.SRC_HI : Dimension.DST_HI;
        Dimension lo = source ? Dimension.SRC_LO : Dimension.DST_LO;
        if (p.family() == Family.IPV4) {
            IntervalSet los = masked(p.lo(), p.maskLo(), 32);
            return los == null ? null : space.where(lo, encodeAll(lo, los));
        }
        IntervalSet his = masked(p.hi(), p.maskHi(), 64);
        IntervalSet los = masked(p.lo(), p.maskLo(), 64);
        if (his == null || los == null) {
            return null;
        }
        return space.where(hi, encodeAll(hi, his)).intersect(space.where(lo, encodeAll(lo, los)));
    }

    /** {@code set} of unsigned field values in stored encoding (order-preserving per interval). */
    private static IntervalSet encodeAll(Dimension d, IntervalSet set) {
        IntervalSet out = IntervalSet.EMPTY;
        for (int i = 0; i < set.intervalCount(); i++) {
            long a = d.encode(set.lo(i));
            long b = d.encode(set.hi(i));
            if (a <= b) {
                out = out.union(IntervalSet.of(a, b));
            } else { // the interval crosses 2^63: split it
                out = out.union(IntervalSet.of(a, Long.MAX_VALUE)).union(IntervalSet.of(Long.MIN_VALUE, b));
            }
        }
        return out;
    }

    /**
     * The values {@code v} of {@code width} bits with {@code (v & mask) == value}, as signed-stored
     * intervals of the raw value (callers encode), or null when more than {@value #MAX_FREE_BITS} free
     * bits lie above the lowest mask bit.
     *
     * <p>Design: the free bits below the lowest mask bit form aligned blocks of 2^t consecutive values;
     * every assignment of the free bits above it gives one block.
     */
    static IntervalSet masked(long value, long mask, int width) {
        long all = width == 64 ? -1L : (1L << width) - 1;
        mask &= all;
        if ((value & ~mask) != 0) {
            return IntervalSet.EMPTY;
        }
        if (mask == 0) {
            return width == 64 ? IntervalSet.of(Long.MIN_VALUE, Long.MAX_VALUE) : IntervalSet.of(0, all);
        }
        int t = Long.numberOfTrailingZeros(mask);
        long block = t == 0 ? 0 : (1L << t) - 1;
        long freeAbove = ~mask & all & ~block;
        int free = Long.bitCount(freeAbove);
        if (free > MAX_FREE_BITS) {
            return null;
        }
        int[] positions = new int[free];
        for (int i = 0, k = 0; i < width; i++) {
            if ((freeAbove >>> i & 1) != 0) {
                positions[k++] = i;
            }
        }
        List<long[]> intervals = new ArrayList<>();
        for (int s = 0; s < 1 << free; s++) {
            long base = value;
            for (int k = 0; k < free; k++) {
                if ((s >>> k & 1) != 0) {
                    base |= 1L << positions[k];
                }
            }
            intervals.add(new long[] {base, base | block});
        }
        if (width == 64) { // the values are unsigned: the caller encodes them; sort by raw signed order here
            IntervalSet out = IntervalSet.EMPTY;
            for (long[] iv : intervals) {
                out = out.union(IntervalSet.of(Math.min(iv[0], iv[1]), Math.max(iv[0], iv[1])));
            }
            return out;
        }
        intervals.sort((a, b) -> Long.compare(a[0], b[0]));
        IntervalSet.Builder b = new IntervalSet.Builder(intervals.size() * 2);
        for (long[] iv : intervals) {
            b.add(iv[0], iv[1]);
        }
        return b.build();
    }

    private static Translation iface(String written, boolean inverted, Dimension d, PacketSpace space) {
        if (written == null) {
            return new Translation.Exact(space.all());
        }
        return exact(space.where(d, space.interfaces().matching(written)), inverted);
    }

    private static PacketSet ports(PortRange sport, boolean sInv, PortRange dport, boolean dInv, PacketSpace space) {
        return space.where(Dimension.SPORT, portValues(sport, sInv))
                .intersect(space.where(Dimension.DPORT, portValues(dport, dInv)));
    }

    private static IntervalSet portValues(PortRange r, boolean inverted) {
        IntervalSet in = IntervalSet.of(r.from(), r.to());
        return inverted ? PacketSpace.PORTS.minus(in) : in;
    }

    /** {@code (flags & mask) == comp} XOR {@code inverted}, over the 256 flag bytes. */
    private static IntervalSet flagValues(int mask, int comp, boolean inverted) {
        long[] hits = new long[256];
        int n = 0;
        for (int v = 0; v < 256; v++) {
            if (((v & mask) == comp) != inverted) {
                hits[n++] = v;
            }
        }
        return IntervalSet.points(Arrays.copyOf(hits, n));
    }

    private static PacketSet multiport(MultiportMatch m, PacketSpace space) {
        IntervalSet listed = IntervalSet.EMPTY;
        for (PortRange r : m.ports()) {
            listed = listed.union(IntervalSet.of(r.from(), r.to()));
        }
        IntervalSet unlisted = PacketSpace.PORTS.minus(listed);
        IntervalSet pick = m.inverted() ? unlisted : listed;
        return switch (m.which()) {
            case SOURCE -> space.where(Dimension.SPORT, pick);
            case DESTINATION -> space.where(Dimension.DPORT, pick);
            case EITHER -> m.inverted()
                    ? space.where(Dimension.SPORT, unlisted).intersect(space.where(Dimension.DPORT, unlisted))
                    : space.where(Dimension.SPORT, listed).union(space.where(Dimension.DPORT, listed));
        };
    }

    private static PacketSet icmp(int type, int codeMin, int codeMax, boolean inverted, boolean anyType,
                                  PacketSpace space) {
        PacketSet messages = space.where(Dimension.ICMP_TYPE, PacketSpace.BYTE);
        PacketSet hit = anyType && type == 0xFF ? messages
                : space.where(Dimension.ICMP_TYPE, IntervalSet.point(type))
                        .intersect(space.where(Dimension.ICMP_CODE, IntervalSet.of(codeMin, codeMax)));
        return inverted ? messages.minus(hit) : hit;
    }

    private static PacketSet range(IprangeMatch.Range r, boolean inverted, boolean source, PacketSpace space) {
        PacketSet set = space.whereAddress(source, r.from().hi(), r.from().lo(), r.to().hi(), r.to().lo());
        return inverted ? set.complement() : set;
    }

    private static IntervalSet compare(TtlMatch.Comparison op, int value) {
        return switch (op) {
            case EQ -> IntervalSet.point(value);
            case NE -> PacketSpace.BYTE.minus(IntervalSet.point(value));
            case LT -> IntervalSet.of(0, value - 1L);
            case GT -> IntervalSet.of(value + 1L, 255);
        };
    }

    /** The real states of {@code states} (SNAT and DNAT are no packet's state) as ordinals. */
    private static IntervalSet states(Collection<CtState> states) {
        IntervalSet out = IntervalSet.EMPTY;
        for (CtState s : states) {
            if (s.ordinal() < PacketSpace.CT_STATES) {
                out = out.union(IntervalSet.point(s.ordinal()));
            }
        }
        return out;
    }

    /**
     * {@code -m mac}: never on a packet without an input device or received on loopback; otherwise the
     * source MAC equals the rule's XOR {@code !}, a packet without a MAC counting as a different one (as
     * the simulator takes it). An anonymised address in the rule cannot be expressed.
     */
    private static Translation mac(MacMatch m, PacketSpace space) {
        IntervalSet devices = IntervalSet.of(1, space.interfaces().size() - 1)
                .minus(IntervalSet.point(space.interfaces().classify(InterfaceAlphabet.LOOPBACK)));
        PacketSet withHeader = space.where(Dimension.IN_IFACE, devices);
        if (m.isAnonymised()) {
            return new Translation.Approximation(withHeader, space.none(),
                    "-m mac: the rule's address is anonymised");
        }
        PacketSet same = space.where(Dimension.SRC_MAC, IntervalSet.point(m.address()));
        return new Translation.Exact(m.inverted() ? withHeader.minus(same) : withHeader.intersect(same));
    }

    private static Translation conntrack(ConntrackMatch m, PacketSpace space) {
        boolean onlyState = m.state() != null && m.protocol() == null && m.origSrc() == null && m.origDst() == null
                && m.replSrc() == null && m.replDst() == null && m.origSrcPort() == null && m.origDstPort() == null
                && m.replSrcPort() == null && m.replDstPort() == null && m.status() == null && m.expire() == null
                && m.direction() == null;
        if (!onlyState) {
            return notModelled(m, space, "tests beyond --ctstate are not modelled by the packet space");
        }
        Set<CtState> wanted = m.state().value();
        PacketSet real = space.where(Dimension.CT_STATE, states(wanted));
        boolean inverted = m.state().inverted();
        if (wanted.contains(CtState.SNAT) || wanted.contains(CtState.DNAT)) {
            // the virtual states depend on the connection's NAT status, which the space does not hold
            PacketSet over = inverted ? real.complement() : space.all();
            PacketSet under = inverted ? space.none() : real;
            return new Translation.Approximation(over, under,
                    "-m conntrack --ctstate SNAT/DNAT depends on NAT status, not modelled by the packet space");
        }
        return exact(real, inverted);
    }
}
