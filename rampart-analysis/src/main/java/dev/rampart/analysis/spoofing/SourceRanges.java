package dev.rampart.analysis.spoofing;

import dev.rampart.analysis.space.Box;
import dev.rampart.analysis.space.Dimension;
import dev.rampart.analysis.space.IntervalSet;
import dev.rampart.analysis.space.PacketSet;
import dev.rampart.model.Family;
import dev.rampart.model.net.IpPrefix;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The source addresses of a packet set (its projection on the source address), as the fewest CIDR
 * blocks that cover them exactly, in address order.
 *
 * <p>A box's sources are the product of its high-half and low-half intervals; each product is turned
 * into 128-bit ranges (for IPv4 the high half is 0), the ranges are merged, and each merged range is
 * cut into maximal aligned blocks. A product whose high half spans several values and whose low half is
 * not full (only iprange-style ranges across a /64 boundary make one) is expanded value by value up to
 * {@value #MAX_HIGH_VALUES} high values; beyond that the high range is taken whole, an
 * over-approximation marked by {@link #of} returning a list that ends with a note.
 */
public final class SourceRanges {
    /** Most high-half values a mixed IPv6 product is expanded into. */
    static final int MAX_HIGH_VALUES = 1024;
    private static final BigInteger LOW_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private SourceRanges() {
    }

    /** An inclusive range of addresses as unsigned 128-bit numbers. */
    private record Range(BigInteger from, BigInteger to) {
    }

    /** The source addresses of {@code set} as CIDR blocks ({@code 192.0.2.0/24}, {@code 2001:db8::/32}). */
    public static List<String> of(PacketSet set) {
        return of(set.boxes(), set.space().family());
    }

    /** The source addresses of the packets in {@code boxes} (of a {@code family} space) as CIDR blocks. */
    public static List<String> of(List<Box> boxes, Family family) {
        List<Range> ranges = new ArrayList<>();
        boolean widened = false;
        for (Box b : boxes) {
            IntervalSet hi = b.get(Dimension.SRC_HI);
            IntervalSet lo = b.get(Dimension.SRC_LO);
            for (int i = 0; i < hi.intervalCount(); i++) {
                BigInteger h1 = decode(Dimension.SRC_HI, hi.lo(i));
                BigInteger h2 = decode(Dimension.SRC_HI, hi.hi(i));
                for (int k = 0; k < lo.intervalCount(); k++) {
                    BigInteger l1 = decode(Dimension.SRC_LO, lo.lo(k));
                    BigInteger l2 = decode(Dimension.SRC_LO, lo.hi(k));
                    boolean loFull = l1.signum() == 0 && l2.equals(LOW_MAX);
                    if (h1.equals(h2) || loFull) {
                        ranges.add(new Range(h1.shiftLeft(64).or(l1), h2.shiftLeft(64).or(l2)));
                    } else if (h2.subtract(h1).compareTo(BigInteger.valueOf(MAX_HIGH_VALUES)) < 0) {
                        for (BigInteger h = h1; h.compareTo(h2) <= 0; h = h.add(BigInteger.ONE)) {
                            ranges.add(new Range(h.shiftLeft(64).or(l1), h.shiftLeft(64).or(l2)));
                        }
                    } else {
                        ranges.add(new Range(h1.shiftLeft(64), h2.shiftLeft(64).or(LOW_MAX)));
                        widened = true;
                    }
                }
            }
        }
        ranges.sort(Comparator.comparing(Range::from));
        List<String> out = new ArrayList<>();
        BigInteger from = null;
        BigInteger to = null;
        for (Range r : ranges) {
            if (from != null && r.from().compareTo(to.add(BigInteger.ONE)) <= 0) {
                to = to.max(r.to());
            } else {
                if (from != null) {
                    cidrs(from, to, family, out);
                }
                from = r.from();
                to = r.to();
            }
        }
        if (from != null) {
            cidrs(from, to, family, out);
        }
        if (widened) {
            out.add("(widened to whole /64 blocks)");
        }
        return List.copyOf(out);
    }

    private static BigInteger decode(Dimension d, long stored) {
        return new BigInteger(Long.toUnsignedString(d.decode(stored)));
    }

    /** Appends the fewest aligned blocks covering exactly {@code [from, to]}. */
    private static void cidrs(BigInteger from, BigInteger to, Family family, List<String> out) {
        int bits = family == Family.IPV4 ? 32 : 128;
        BigInteger end = to.add(BigInteger.ONE);
        while (from.compareTo(end) < 0) {
            int size = from.signum() == 0 ? bits : Math.min(bits, from.getLowestSetBit());
            while (size > 0 && from.add(BigInteger.ONE.shiftLeft(size)).compareTo(end) > 0) {
                size--;
            }
            out.add(prefix(from, bits - size, family).toString());
            from = from.add(BigInteger.ONE.shiftLeft(size));
        }
    }

    private static IpPrefix prefix(BigInteger a, int length, Family family) {
        if (family == Family.IPV4) {
            return IpPrefix.ipv4(a.intValue(), length);
        }
        return IpPrefix.ipv6(a.shiftRight(64).longValue(), a.longValue(), length);
    }
}
