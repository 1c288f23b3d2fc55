package dev.rampart.analysis.flat;

import dev.rampart.analysis.space.Box;
import dev.rampart.analysis.space.Dimension;
import dev.rampart.analysis.space.IntervalSet;
import dev.rampart.analysis.space.PacketSet;
import dev.rampart.analysis.space.PacketSpace;
import dev.rampart.model.Family;
import dev.rampart.model.net.IpAddress;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Packet sets in words: each box of a set as the fields it constrains, e.g. {@code src 192.0.2.0/24
 * proto tcp dport 22}, boxes joined by {@code  | }; {@code all packets} for the whole space and
 * {@code no packets} for the empty set. Addresses are written as CIDR blocks (the fewest covering the
 * interval exactly), protocols by name, ports and other numbers as ranges, interfaces by class
 * ({@link dev.rampart.analysis.space.InterfaceAlphabet#label(int)}), conntrack states by name.
 *
 * <p>Fields are left out of a box as long as widening them to every value keeps the box inside the
 * set, so only what tells the set apart is printed (e.g. {@code icmp-type 8} without {@code proto
 * icmp}, which it implies).
 */
public final class GuardDescription {
    private static final String[] CT_STATES = {"INVALID", "NEW", "RELATED", "ESTABLISHED", "UNTRACKED"};
    /** Sets with more boxes are printed box by box, without widening each box against the whole set. */
    static final int MAX_WIDENED_BOXES = 32;

    private GuardDescription() {
    }

    /** {@code set} in words. */
    public static String of(PacketSet set) {
        if (set.isEmpty()) {
            return "no packets";
        }
        PacketSpace space = set.space();
        if (set.sameAs(space.all())) {
            return "all packets";
        }
        java.util.Set<String> boxes = new java.util.LinkedHashSet<>();
        boolean widen = set.boxes().size() <= MAX_WIDENED_BOXES;
        for (Box b : set.boxes()) {
            boxes.add(widen ? box(b, set, space) : box(b, space));
        }
        return String.join(" | ", boxes);
    }

    /**
     * Box {@code b} of {@code set}, widened greedily one field at a time as long as it stays inside
     * {@code set}, in words: the fields it could not widen. The widened boxes still cover the set
     * exactly, and boxes that read alike are printed once.
     */
    private static String box(Box b, PacketSet set, PacketSpace space) {
        Box widened = b;
        List<Dimension> constrained = new ArrayList<>();
        for (Dimension d : Dimension.values()) {
            IntervalSet all = space.range(d);
            if (widened.get(d).containsAll(all)) {
                continue;
            }
            Box wider = widened.with(d, all);
            if (within(wider, set, space)) {
                widened = wider;
            } else {
                constrained.add(d);
            }
        }
        IntervalSet[] values = new IntervalSet[Dimension.COUNT];
        for (Dimension d : Dimension.values()) {
            values[d.ordinal()] = widened.get(d);
        }
        return words(values, constrained, space);
    }

    /**
     * Whether the packets of the universe in {@code box} all lie in {@code set}. Each piece of the box in
     * a universe box is first tested against the set's boxes one by one, which decides at once for a
     * set of one box (most guards) and for pieces inside one box; otherwise the set difference decides.
     */
    private static boolean within(Box box, PacketSet set, PacketSpace space) {
        boolean single = set.boxes().size() == 1;
        for (Box u : space.all().boxes()) {
            Box piece = u.intersect(box);
            if (piece == null) {
                continue;
            }
            boolean inOne = false;
            for (Box b : set.boxes()) {
                if (b.containsAll(piece)) {
                    inOne = true;
                    break;
                }
            }
            if (!inOne) {
                return !single && space.ofBoxes(List.of(box)).isSubsetOf(set);
            }
        }
        return true;
    }

    private static String words(IntervalSet[] values, List<Dimension> constrained, PacketSpace space) {
        StringJoiner out = new StringJoiner(" ");
        boolean v6 = space.family() == Family.IPV6;
        if (constrained.contains(Dimension.SRC_HI) || constrained.contains(Dimension.SRC_LO)) {
            out.add("src " + addressesOrComplement(values, Dimension.SRC_HI, Dimension.SRC_LO, space));
        }
        if (constrained.contains(Dimension.DST_HI) || constrained.contains(Dimension.DST_LO)) {
            out.add("dst " + addressesOrComplement(values, Dimension.DST_HI, Dimension.DST_LO, space));
        }
        for (Dimension d : constrained) {
            IntervalSet v = values[d.ordinal()];
            switch (d) {
                case SRC_HI, SRC_LO, DST_HI, DST_LO -> { }
                case PROTOCOL -> out.add("proto " + values(v, GuardDescription::protocolName));
                case FRAGMENT -> out.add(v.contains(1) ? "fragment" : "not-fragment");
                case SPORT, DPORT -> out.add(d.name().toLowerCase() + " "
                        + values(v, p -> p == Dimension.PORT_ABSENT ? "none" : Long.toString(p)));
                case ICMP_TYPE, ICMP_CODE -> out.add((d == Dimension.ICMP_TYPE ? "icmp-type " : "icmp-code ")
                        + values(v, t -> t == Dimension.ICMP_ABSENT ? "none" : Long.toString(t)));
                case IN_IFACE, OUT_IFACE -> out.add((d == Dimension.IN_IFACE ? "in " : "out ")
                        + points(v, i -> space.interfaces().label((int) i)));
                case CT_STATE -> out.add("state " + points(v, s -> CT_STATES[(int) s]));
                case TCP_FLAGS -> out.add("tcp-flags " + values(v, f -> "0x" + Long.toHexString(f)));
                case MARK -> out.add("mark " + values(v, m -> "0x" + Long.toHexString(m)));
                case SRC_MAC -> out.add("src-mac " + values(v, m -> m == Dimension.MAC_ABSENT ? "none"
                        : String.format("%012x", m)));
                case LENGTH, TTL -> out.add(d.name().toLowerCase() + " " + values(v, Long::toString));
            }
        }
        return out.length() == 0 ? "all packets" : out.toString();
    }

    /**
     * The addresses of a box as CIDR blocks, or as {@code ! BLOCKS} (every address but those) when the
     * complement takes fewer blocks: a rule's condition minus a RETURN on {@code -s 198.51.100.0/24}
     * reads {@code src ! 198.51.100.0/24} rather than as the 24 blocks around it. IPv6 addresses are
     * complemented when the box constrains only their high 64 bits.
     */
    private static String addressesOrComplement(IntervalSet[] values, Dimension hiDim, Dimension loDim,
                                                PacketSpace space) {
        boolean v6 = space.family() == Family.IPV6;
        IntervalSet hi = values[hiDim.ordinal()];
        IntervalSet lo = values[loDim.ordinal()];
        if (!v6) {
            // count the blocks of both forms before printing one of them
            IntervalSet rest = space.range(loDim).minus(lo);
            return !rest.isEmpty() && ipv4Blocks(rest) < ipv4Blocks(lo) ? "! " + addresses(hi, rest, false)
                    : addresses(hi, lo, false);
        }
        String plain = addresses(hi, lo, v6);
        String negated = null;
        if (lo.containsAll(space.range(loDim))) {
            IntervalSet rest = space.range(hiDim).minus(hi);
            negated = rest.isEmpty() ? null : addresses(rest, lo, true);
        }
        if (negated != null && blocks(negated) < blocks(plain)) {
            return "! " + negated;
        }
        return plain;
    }

    private static int blocks(String cidrs) {
        int n = 1;
        for (int i = 0; i < cidrs.length(); i++) {
            if (cidrs.charAt(i) == ',') {
                n++;
            }
        }
        return n;
    }

    /**
     * Box {@code b} in words without widening: the fields whose values differ from the universe's
     * ({@link PacketSpace#range}), for sets too large to widen each box against the whole set.
     */
    private static String box(Box b, PacketSpace space) {
        IntervalSet[] values = new IntervalSet[Dimension.COUNT];
        List<Dimension> constrained = new ArrayList<>();
        for (Dimension d : Dimension.values()) {
            values[d.ordinal()] = b.get(d);
            if (!b.get(d).containsAll(space.range(d))) {
                constrained.add(d);
            }
        }
        return words(values, constrained, space);
    }

    private static String protocolName(long p) {
        return switch ((int) p) {
            case 1 -> "icmp";
            case 6 -> "tcp";
            case 17 -> "udp";
            case 47 -> "gre";
            case 50 -> "esp";
            case 51 -> "ah";
            case 58 -> "ipv6-icmp";
            case 132 -> "sctp";
            default -> Long.toString(p);
        };
    }

    private interface Name {
        String of(long value);
    }

    private static String values(IntervalSet v, Name name) {
        StringJoiner j = new StringJoiner(",");
        for (int i = 0; i < v.intervalCount(); i++) {
            long lo = v.lo(i);
            long hi = v.hi(i);
            j.add(lo == hi ? name.of(lo) : name.of(lo) + "-" + name.of(hi));
        }
        return j.toString();
    }

    private static String points(IntervalSet v, Name name) {
        StringJoiner j = new StringJoiner(",");
        for (int i = 0; i < v.intervalCount(); i++) {
            for (long x = v.lo(i); x <= v.hi(i); x++) {
                j.add(name.of(x));
            }
        }
        return j.toString();
    }

    /**
     * The addresses of a box (stored values of the high and low halves) as CIDR blocks, comma-joined:
     * the product of the high-half and low-half intervals, each
     * pair of intervals covered by the fewest prefixes. For IPv6 a low-half range is only combined with
     * a single high value; otherwise the halves are written separately.
     */
    public static String addresses(IntervalSet hi, IntervalSet lo, boolean v6) {
        StringJoiner j = new StringJoiner(",");
        if (!v6) {
            for (int i = 0; i < lo.intervalCount(); i++) {
                ipv4Cidrs(lo.lo(i) ^ Long.MIN_VALUE, lo.hi(i) ^ Long.MIN_VALUE, j);
            }
            return j.toString();
        }
        boolean loFull = lo.intervalCount() == 1 && decode(lo.lo(0)).signum() == 0
                && decode(lo.hi(0)).equals(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));
        for (int i = 0; i < hi.intervalCount(); i++) {
            BigInteger a = decode(hi.lo(i));
            BigInteger b = decode(hi.hi(i));
            if (loFull) {
                cidrs(a.shiftLeft(64), b.shiftLeft(64).add(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE)), 128,
                        j, true);
            } else if (a.equals(b)) {
                for (int k = 0; k < lo.intervalCount(); k++) {
                    cidrs(a.shiftLeft(64).or(decode(lo.lo(k))), a.shiftLeft(64).or(decode(lo.hi(k))), 128, j, true);
                }
            } else {
                j.add("(high 64 bits " + a.toString(16) + "-" + b.toString(16) + ", low 64 bits "
                        + values(lo, x -> decode(x).toString(16)) + ")");
            }
        }
        return j.toString();
    }

    private static BigInteger decode(long stored) {
        return new BigInteger(Long.toUnsignedString(stored ^ Long.MIN_VALUE));
    }

    /** How many CIDR blocks {@link #addresses} prints for the IPv4 addresses {@code lo} (stored values). */
    private static int ipv4Blocks(IntervalSet lo) {
        int n = 0;
        for (int i = 0; i < lo.intervalCount(); i++) {
            long from = lo.lo(i) ^ Long.MIN_VALUE;
            long end = (lo.hi(i) ^ Long.MIN_VALUE) + 1;
            while (from < end) {
                from += 1L << blockSize(from, end);
                n++;
            }
        }
        return n;
    }

    /** The log2 size of the largest CIDR block starting at IPv4 address {@code from} and ending before {@code end}. */
    private static int blockSize(long from, long end) {
        int size = from == 0 ? 32 : Long.numberOfTrailingZeros(from);
        while (size > 0 && from + (1L << size) > end) {
            size--;
        }
        return size;
    }

    /** As {@link #cidrs} for IPv4 addresses {@code [from, to]} (0 to 2^32-1), in long arithmetic. */
    private static void ipv4Cidrs(long from, long to, StringJoiner out) {
        long end = to + 1;
        while (from < end) {
            int size = blockSize(from, end);
            out.add(IpAddress.ipv4((int) from) + "/" + (32 - size));
            from += 1L << size;
        }
    }

    /** Appends the fewest prefixes covering exactly {@code [from, to]} in a {@code bits}-bit space. */
    private static void cidrs(BigInteger from, BigInteger to, int bits, StringJoiner out, boolean v6) {
        BigInteger end = to.add(BigInteger.ONE);
        while (from.compareTo(end) < 0) {
            int size = from.signum() == 0 ? bits : from.getLowestSetBit();
            while (size > 0 && from.add(BigInteger.ONE.shiftLeft(size)).compareTo(end) > 0) {
                size--;
            }
            out.add(address(from, v6) + "/" + (bits - size));
            from = from.add(BigInteger.ONE.shiftLeft(size));
        }
    }

    private static String address(BigInteger a, boolean v6) {
        if (!v6) {
            return IpAddress.ipv4(a.intValue()).toString();
        }
        return new IpAddress(Family.IPV6, a.shiftRight(64).longValue(), a.longValue()).toString();
    }
}
