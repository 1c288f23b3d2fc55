package dev.rampart.analysis.space;

import dev.rampart.model.Family;
import dev.rampart.model.RuleHeader;
import dev.rampart.model.ipset.IpSets;
import dev.rampart.model.match.CtState;
import dev.rampart.model.net.IpAddress;
import dev.rampart.sim.packet.Packet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The universe the {@link PacketSet}s of one analysis live in: an address family and the interface
 * alphabet of the ruleset. It knows which combinations of field values are real packets (the
 * universe), how a {@link Packet} is encoded as a point, and how a witness packet is chosen from a box.
 * Sets of different spaces cannot be combined. Immutable.
 *
 * <p>The universe is a union of a few boxes that tie the fields together as the simulator's packets do:
 * ports exactly for TCP, UDP, DCCP, SCTP and UDP-Lite packets that are not non-first fragments; TCP
 * flags only on TCP (0 elsewhere); ICMP type and code only on ICMP (IPv4) or ICMPv6 (IPv6) messages that
 * are not non-first fragments and carry a type. Every set is a subset of the universe, so the complement
 * is taken within it and every witness is a consistent packet.
 */
public final class PacketSpace {
    /** Protocols whose packets carry ports: TCP, UDP, DCCP, SCTP, UDP-Lite. */
    public static final IntervalSet PORT_PROTOCOLS = IntervalSet.points(6, 17, 33, 132, 136);
    static final IntervalSet PORTS = IntervalSet.of(0, 65535);
    static final IntervalSet BYTE = IntervalSet.of(0, 255);
    /** Conntrack state ordinals a packet can have (INVALID .. UNTRACKED). */
    static final int CT_STATES = 5;

    private final Family family;
    private final InterfaceAlphabet interfaces;
    private final IpSets ipsets;
    private final PacketSet universe;

    private PacketSpace(Family family, InterfaceAlphabet interfaces, IpSets ipsets) {
        this.family = family;
        this.interfaces = interfaces;
        this.ipsets = ipsets;
        this.universe = new PacketSet(this, universeBoxes());
    }

    /** The space of {@code family} packets that distinguishes the interface names {@code interfaceNames} (as written in rules). */
    public static PacketSpace of(Family family, Collection<String> interfaceNames) {
        return of(family, interfaceNames, IpSets.EMPTY);
    }

    /**
     * As {@link #of(Family, Collection)}, with the contents of the ipsets the rules name, so that
     * {@code -m set} on an address set translates exactly ({@link PacketSets}).
     */
    public static PacketSpace of(Family family, Collection<String> interfaceNames, IpSets ipsets) {
        return new PacketSpace(family, InterfaceAlphabet.of(interfaceNames), ipsets == null ? IpSets.EMPTY : ipsets);
    }

    /** The space of {@code family} packets that distinguishes the interfaces named in {@code headers}. */
    public static PacketSpace forHeaders(Family family, Collection<RuleHeader> headers) {
        return forHeaders(family, headers, IpSets.EMPTY);
    }

    /** As {@link #forHeaders(Family, Collection)}, knowing the contents of {@code ipsets}. */
    public static PacketSpace forHeaders(Family family, Collection<RuleHeader> headers, IpSets ipsets) {
        List<String> names = new ArrayList<>();
        for (RuleHeader h : headers) {
            names.add(h.inInterface());
            names.add(h.outInterface());
        }
        return of(family, names, ipsets);
    }

    /** The ipsets whose contents this space knows (empty when none were given). */
    public IpSets ipsets() {
        return ipsets;
    }

    /** The address family. */
    public Family family() {
        return family;
    }

    /** The interface classes. */
    public InterfaceAlphabet interfaces() {
        return interfaces;
    }

    /** Every packet of the space. */
    public PacketSet all() {
        return universe;
    }

    /**
     * The packets in {@code boxes}, which must be pairwise disjoint and inside the universe (as the
     * classes of a decision diagram are): no intersection or subtraction is done, only the merge of
     * neighbouring boxes.
     */
    public PacketSet ofDisjointBoxes(List<Box> boxes) {
        return new PacketSet(this, boxes);
    }

    /** The packets of the universe inside any of {@code boxes} (boxes may overlap). */
    public PacketSet ofBoxes(List<Box> boxes) {
        List<Box> parts = new ArrayList<>();
        for (Box b : boxes) {
            for (Box u : universe.boxes()) {
                Box r = u.intersect(b);
                if (r != null) {
                    parts.add(r);
                }
            }
        }
        PacketSet result = none();
        for (Box b : parts) {
            result = result.union(new PacketSet(this, List.of(b)));
        }
        return result;
    }

    /** Per dimension, the values the universe's boxes take together (computed once). */
    public IntervalSet range(Dimension d) {
        IntervalSet[] r = ranges;
        if (r == null) {
            r = new IntervalSet[Dimension.COUNT];
            for (Dimension x : Dimension.values()) {
                IntervalSet u = IntervalSet.EMPTY;
                for (Box b : universe.boxes()) {
                    u = u.union(b.get(x));
                }
                r[x.ordinal()] = u;
            }
            ranges = r;
        }
        return r[d.ordinal()];
    }

    /** Cache of {@link #range} (null: not computed yet; a benign race computes it twice). */
    private IntervalSet[] ranges;

    /** No packet. */
    public PacketSet none() {
        return new PacketSet(this, List.of());
    }

    /** The packets whose dimension {@code d} lies in {@code values} (stored encoding). */
    public PacketSet where(Dimension d, IntervalSet values) {
        List<Box> boxes = new ArrayList<>();
        for (Box b : universe.boxes()) {
            Box r = b.with(d, b.get(d).intersect(values));
            if (!r.isEmpty()) {
                boxes.add(r);
            }
        }
        return new PacketSet(this, boxes);
    }

    /**
     * The packets whose source ({@code source}) or destination address lies in the inclusive range
     * {@code from..to} (compared unsigned as 128-bit numbers); empty when {@code from > to}.
     */
    public PacketSet whereAddress(boolean source, long fromHi, long fromLo, long toHi, long toLo) {
        Dimension hi = source ? Dimension.SRC_HI : Dimension.DST_HI;
        Dimension lo = source ? Dimension.SRC_LO : Dimension.DST_LO;
        int c = Long.compareUnsigned(fromHi, toHi);
        if (c > 0 || c == 0 && Long.compareUnsigned(fromLo, toLo) > 0) {
            return none();
        }
        if (fromHi == toHi) {
            return where(hi, hi.range(fromHi, fromHi)).intersect(where(lo, lo.range(fromLo, toLo)));
        }
        // a 128-bit range over two 64-bit dimensions: the first high half from fromLo up, the whole high
        // halves between, the last high half up to toLo
        PacketSet first = where(hi, hi.range(fromHi, fromHi)).intersect(where(lo, lo.range(fromLo, -1L)));
        PacketSet last = where(hi, hi.range(toHi, toHi)).intersect(where(lo, lo.range(0, toLo)));
        PacketSet result = first.union(last);
        if (Long.compareUnsigned(toHi - fromHi, 1) > 0) {
            result = result.union(where(hi, hi.range(fromHi + 1, toHi - 1)));
        }
        return result;
    }

    private List<Box> universeBoxes() {
        IntervalSet[] base = new IntervalSet[Dimension.COUNT];
        boolean v4 = family == Family.IPV4;
        IntervalSet hiAll = v4 ? Dimension.SRC_HI.range(0, 0) : Dimension.SRC_HI.range(0, -1L);
        IntervalSet loAll = v4 ? Dimension.SRC_LO.range(0, 0xFFFFFFFFL) : Dimension.SRC_LO.range(0, -1L);
        base[Dimension.SRC_HI.ordinal()] = hiAll;
        base[Dimension.SRC_LO.ordinal()] = loAll;
        base[Dimension.DST_HI.ordinal()] = hiAll;
        base[Dimension.DST_LO.ordinal()] = loAll;
        base[Dimension.IN_IFACE.ordinal()] = IntervalSet.of(0, interfaces.size() - 1);
        base[Dimension.OUT_IFACE.ordinal()] = IntervalSet.of(0, interfaces.size() - 1);
        base[Dimension.CT_STATE.ordinal()] = IntervalSet.of(0, CT_STATES - 1);
        base[Dimension.LENGTH.ordinal()] = IntervalSet.of(0, Dimension.MAX_LENGTH);
        base[Dimension.TTL.ordinal()] = BYTE;
        base[Dimension.MARK.ordinal()] = IntervalSet.of(0, 0xFFFFFFFFL);
        base[Dimension.SRC_MAC.ordinal()] = IntervalSet.of(0, Dimension.MAC_ABSENT);
        IntervalSet noPort = IntervalSet.point(Dimension.PORT_ABSENT);
        IntervalSet noIcmp = IntervalSet.point(Dimension.ICMP_ABSENT);
        IntervalSet zero = IntervalSet.point(0);
        IntervalSet icmp = IntervalSet.point(icmpProtocol());
        IntervalSet others = BYTE.minus(PORT_PROTOCOLS).minus(icmp);
        List<Box> boxes = new ArrayList<>();
        // TCP with ports and flags
        boxes.add(box(base, IntervalSet.point(6), zero, PORTS, BYTE, noIcmp, noIcmp));
        // the other port protocols
        boxes.add(box(base, PORT_PROTOCOLS.minus(IntervalSet.point(6)), zero, PORTS, zero, noIcmp, noIcmp));
        // ICMP messages with a type
        boxes.add(box(base, icmp, zero, noPort, zero, BYTE, BYTE));
        // everything else: portless protocols, ICMP without a type, any non-first fragment
        boxes.add(box(base, others.union(icmp), zero, noPort, zero, noIcmp, noIcmp));
        boxes.add(box(base, BYTE, IntervalSet.point(1), noPort, zero, noIcmp, noIcmp));
        return boxes;
    }

    private static Box box(IntervalSet[] base, IntervalSet protocol, IntervalSet fragment, IntervalSet ports,
                           IntervalSet flags, IntervalSet icmpType, IntervalSet icmpCode) {
        IntervalSet[] s = base.clone();
        s[Dimension.PROTOCOL.ordinal()] = protocol;
        s[Dimension.FRAGMENT.ordinal()] = fragment;
        s[Dimension.SPORT.ordinal()] = ports;
        s[Dimension.DPORT.ordinal()] = ports;
        s[Dimension.TCP_FLAGS.ordinal()] = flags;
        s[Dimension.ICMP_TYPE.ordinal()] = icmpType;
        s[Dimension.ICMP_CODE.ordinal()] = icmpCode;
        return new Box(s);
    }

    /** 1 (ICMP) for IPv4, 58 (ICMPv6) for IPv6. */
    public int icmpProtocol() {
        return family == Family.IPV4 ? 1 : 58;
    }

    /**
     * {@code p} as a point (one stored value per {@link Dimension}), or null when it is no packet of this
     * space (other family, a forced SNAT/DNAT state, a length beyond {@link Dimension#MAX_LENGTH}).
     * The protocol of an IPv6 packet with an ESP extension header is ESP (50), as {@code ipv6_find_hdr}
     * stops there; a conntrack state left null counts as INVALID, as the simulator's state tests do.
     */
    long[] encode(Packet p) {
        return point(p);
    }

    /**
     * {@code p} as a point: one stored value per {@link Dimension} (in ordinal order), or null when it is
     * no packet of this space.
     */
    public long[] point(Packet p) {
        if (p.family() != family) {
            return null;
        }
        long[] pt = new long[Dimension.COUNT];
        pt[Dimension.SRC_HI.ordinal()] = Dimension.SRC_HI.encode(p.src().hi());
        pt[Dimension.SRC_LO.ordinal()] = Dimension.SRC_LO.encode(p.src().lo());
        pt[Dimension.DST_HI.ordinal()] = Dimension.DST_HI.encode(p.dst().hi());
        pt[Dimension.DST_LO.ordinal()] = Dimension.DST_LO.encode(p.dst().lo());
        boolean esp = family == Family.IPV6 && p.extensionHeaders().contains(50);
        pt[Dimension.PROTOCOL.ordinal()] = esp ? 50 : p.protocol();
        pt[Dimension.FRAGMENT.ordinal()] = p.fragment() ? 1 : 0;
        pt[Dimension.SPORT.ordinal()] = p.hasPorts() ? p.sport() : Dimension.PORT_ABSENT;
        pt[Dimension.DPORT.ordinal()] = p.hasPorts() ? p.dport() : Dimension.PORT_ABSENT;
        pt[Dimension.TCP_FLAGS.ordinal()] = p.tcpFlags();
        boolean icmp = p.isIcmp() && !p.fragment() && p.icmpType() >= 0;
        pt[Dimension.ICMP_TYPE.ordinal()] = icmp ? p.icmpType() : Dimension.ICMP_ABSENT;
        pt[Dimension.ICMP_CODE.ordinal()] = icmp ? Math.max(0, p.icmpCode()) : Dimension.ICMP_ABSENT;
        pt[Dimension.IN_IFACE.ordinal()] = interfaces.classify(p.in());
        pt[Dimension.OUT_IFACE.ordinal()] = interfaces.classify(p.out());
        CtState s = p.ctState() == null ? CtState.INVALID : p.ctState();
        if (s.ordinal() >= CT_STATES) {
            return null;
        }
        pt[Dimension.CT_STATE.ordinal()] = s.ordinal();
        pt[Dimension.LENGTH.ordinal()] = p.length();
        pt[Dimension.TTL.ordinal()] = p.ttl();
        pt[Dimension.MARK.ordinal()] = p.mark();
        pt[Dimension.SRC_MAC.ordinal()] = p.srcMac() < 0 ? Dimension.MAC_ABSENT : p.srcMac();
        return pt;
    }

    /**
     * A concrete packet in {@code box} (a subset of the universe). Each field takes a "typical" value when
     * the box allows it, else the smallest allowed one: documentation addresses (192.0.2.1 to
     * 198.51.100.1, 2001:db8::1 to 2001:db8:1::1), TCP, source port 40000, destination port 80, a SYN,
     * ICMP echo request, state NEW, TTL 64, mark 0, no source MAC (else 02:00:00:00:00:01), the length the packet builder computes; an input
     * device rather than none, no output device. The conntrack state is always set on the packet.
     */
    Packet witness(Box box) {
        boolean v4 = family == Family.IPV4;
        IpAddress src = address(box, Dimension.SRC_HI, Dimension.SRC_LO,
                v4 ? 0 : 0x20010db800000000L, v4 ? 0xC0000201L : 1);
        IpAddress dst = address(box, Dimension.DST_HI, Dimension.DST_LO,
                v4 ? 0 : 0x20010db800010000L, v4 ? 0xC6336401L : 1);
        int protocol = (int) box.get(Dimension.PROTOCOL).pick(6, 17, icmpProtocol());
        long sport = box.get(Dimension.SPORT).pick(40000, 1024);
        long dport = box.get(Dimension.DPORT).pick(80, 443, 22, 53);
        long flags = box.get(Dimension.TCP_FLAGS).pick(Packet.SYN, Packet.ACK, Packet.ACK | Packet.PSH, 0);
        long type = box.get(Dimension.ICMP_TYPE).pick(v4 ? 8 : 128, 0);
        long code = box.get(Dimension.ICMP_CODE).pick(0);
        IntervalSet in = box.get(Dimension.IN_IFACE);
        IntervalSet devices = in.intersect(IntervalSet.of(1, Long.MAX_VALUE));
        long inClass = devices.isEmpty() ? in.min() : devices.min();
        long outClass = box.get(Dimension.OUT_IFACE).pick(0);
        long mac = box.get(Dimension.SRC_MAC).pick(Dimension.MAC_ABSENT, 0x020000000001L);
        CtState state = CtState.values()[(int) box.get(Dimension.CT_STATE).pick(
                CtState.NEW.ordinal(), CtState.ESTABLISHED.ordinal())];
        Packet.Builder b = Packet.builder(src, dst, protocol)
                .fragment(box.get(Dimension.FRAGMENT).pick(0) == 1)
                .sport(sport == Dimension.PORT_ABSENT ? -1 : (int) sport)
                .dport(dport == Dimension.PORT_ABSENT ? -1 : (int) dport)
                .tcpFlags((int) flags)
                .icmpType(type == Dimension.ICMP_ABSENT ? -1 : (int) type)
                .icmpCode(code == Dimension.ICMP_ABSENT ? -1 : (int) code)
                .in(interfaces.representative((int) inClass))
                .out(interfaces.representative((int) outClass))
                .ctState(state)
                .ttl((int) box.get(Dimension.TTL).pick(64))
                .mark(box.get(Dimension.MARK).pick(0))
                .srcMac(mac == Dimension.MAC_ABSENT ? -1 : mac);
        Packet p = b.build();
        IntervalSet lengths = box.get(Dimension.LENGTH);
        if (!lengths.contains(p.length())) {
            p = p.toBuilder().length((int) nearestAtOrAbove(lengths, p.length())).build();
        }
        return p;
    }

    /**
     * How many of the typical values {@link #witness} prefers {@code box} allows (addresses count
     * twice); the witness of a set comes from its most typical box.
     */
    int typicality(Box box) {
        boolean v4 = family == Family.IPV4;
        int score = 0;
        score += box.get(Dimension.SRC_HI).contains(Dimension.SRC_HI.encode(v4 ? 0 : 0x20010db800000000L)) ? 2 : 0;
        score += box.get(Dimension.SRC_LO).contains(Dimension.SRC_LO.encode(v4 ? 0xC0000201L : 1)) ? 2 : 0;
        score += box.get(Dimension.DST_HI).contains(Dimension.DST_HI.encode(v4 ? 0 : 0x20010db800010000L)) ? 2 : 0;
        score += box.get(Dimension.DST_LO).contains(Dimension.DST_LO.encode(v4 ? 0xC6336401L : 1)) ? 2 : 0;
        score += box.get(Dimension.PROTOCOL).contains(6) ? 1 : 0;
        score += box.get(Dimension.CT_STATE).contains(CtState.NEW.ordinal()) ? 1 : 0;
        score += box.get(Dimension.FRAGMENT).contains(0) ? 1 : 0;
        return score;
    }

    private IpAddress address(Box box, Dimension hiDim, Dimension loDim, long preferHi, long preferLo) {
        long hi = hiDim.decode(pickAddressHalf(box.get(hiDim), hiDim.encode(preferHi)));
        long lo = loDim.decode(pickAddressHalf(box.get(loDim), loDim.encode(preferLo)));
        return new IpAddress(family, hi, lo);
    }

    /** The preferred value, else the smallest, stepping over a ".0" network address when the next one is free. */
    private static long pickAddressHalf(IntervalSet set, long preferred) {
        if (set.contains(preferred)) {
            return preferred;
        }
        long min = set.min();
        return (min & 0xFF) == 0 && set.contains(min + 1) ? min + 1 : min;
    }

    private static long nearestAtOrAbove(IntervalSet set, long v) {
        for (int i = 0; i < set.intervalCount(); i++) {
            if (set.hi(i) >= v) {
                return Math.max(set.lo(i), v);
            }
        }
        return set.hi(set.intervalCount() - 1);
    }
}
