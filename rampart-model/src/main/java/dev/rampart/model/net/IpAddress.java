package dev.rampart.model.net;

import dev.rampart.model.Family;

/**
 * One IPv4 or IPv6 address. IPv4 addresses live in the low 32 bits of {@code lo} (hi is 0), the same
 * layout {@link IpPrefix} uses, so {@code prefix.contains(a.hi(), a.lo())} tests membership.
 */
public record IpAddress(Family family, long hi, long lo) implements Comparable<IpAddress> {

    public IpAddress {
        if (family == Family.IPV4 && (hi != 0 || (lo >>> 32) != 0)) {
            throw new IllegalArgumentException("IPv4 address out of range");
        }
    }

    /** The IPv4 address {@code a} (as an unsigned 32-bit value). */
    public static IpAddress ipv4(int a) {
        return new IpAddress(Family.IPV4, 0, a & 0xFFFFFFFFL);
    }

    /**
     * Parses a dotted-quad IPv4 or an RFC 4291 IPv6 address, deciding the family from the text. Unlike
     * iptables' {@code -s}, short IPv4 forms such as {@code 10.1} are refused: a packet needs a whole
     * address. Throws IllegalArgumentException with the reason.
     */
    public static IpAddress parse(String text) {
        if (text.indexOf(':') >= 0) {
            long[] v = new long[2];
            if (!IpText.parseIpv6(text, v)) {
                throw new IllegalArgumentException("'" + text + "' is not an IPv6 address");
            }
            return new IpAddress(Family.IPV6, v[0], v[1]);
        }
        long a = text.chars().filter(c -> c == '.').count() == 3 ? IpText.parseIpv4(text) : -1;
        if (a < 0) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 address (write a.b.c.d)");
        }
        return new IpAddress(Family.IPV4, 0, a);
    }

    /** Whether {@code prefix} (of the same family) contains this address. */
    public boolean in(IpPrefix prefix) {
        return prefix.family() == family && prefix.contains(hi, lo);
    }

    /** This address as a host prefix (/32 or /128). */
    public IpPrefix asPrefix() {
        return family == Family.IPV4 ? new IpPrefix(family, 0, lo, 0, 0xFFFFFFFFL)
                : new IpPrefix(family, hi, lo, -1L, -1L);
    }

    /** The address with only the first {@code bits} bits kept. */
    public IpAddress masked(int bits) {
        if (family == Family.IPV4) {
            long m = bits <= 0 ? 0 : (0xFFFFFFFFL << (32 - Math.min(bits, 32))) & 0xFFFFFFFFL;
            return new IpAddress(family, 0, lo & m);
        }
        long mh = bits <= 0 ? 0 : bits >= 64 ? -1L : -1L << (64 - bits);
        long ml = bits <= 64 ? 0 : bits >= 128 ? -1L : -1L << (128 - bits);
        return new IpAddress(family, hi & mh, lo & ml);
    }

    @Override
    public int compareTo(IpAddress o) {
        int c = family.compareTo(o.family);
        if (c != 0) {
            return c;
        }
        c = Long.compareUnsigned(hi, o.hi);
        return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
    }

    /** The address as {@code inet_ntop} prints it. */
    @Override
    public String toString() {
        return family == Family.IPV4 ? IpText.formatIpv4((int) lo) : IpText.formatIpv6(hi, lo);
    }
}
