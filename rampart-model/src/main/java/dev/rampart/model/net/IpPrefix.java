package dev.rampart.model.net;

import dev.rampart.model.Family;

/**
 * An address with a mask, as {@code -s}/{@code -d} take it. The mask need not be contiguous
 * ({@code 10.0.12.0/255.0.255.0} is legal in iptables). The address is stored already masked, as the
 * kernel stores it. IPv4 uses the low 32 bits of {@code lo}/{@code maskLo}; {@code hi}/{@code maskHi}
 * are then zero.
 */
public record IpPrefix(Family family, long hi, long lo, long maskHi, long maskLo) {

    public IpPrefix {
        hi &= maskHi;
        lo &= maskLo;
        if (family == Family.IPV4 && (hi != 0 || maskHi != 0 || (lo >>> 32) != 0 || (maskLo >>> 32) != 0)) {
            throw new IllegalArgumentException("IPv4 prefix out of range");
        }
    }

    /** The prefix matching every address of the family ({@code 0.0.0.0/0} or {@code ::/0}). */
    public static IpPrefix any(Family family) {
        return new IpPrefix(family, 0, 0, 0, 0);
    }

    /** An IPv4 prefix from a 32-bit address and prefix length 0..32. */
    public static IpPrefix ipv4(int address, int length) {
        long mask = length == 0 ? 0 : (0xFFFFFFFFL << (32 - length)) & 0xFFFFFFFFL;
        return new IpPrefix(Family.IPV4, 0, address & 0xFFFFFFFFL, 0, mask);
    }

    /** An IPv6 prefix from the address halves and prefix length 0..128. */
    public static IpPrefix ipv6(long hi, long lo, int length) {
        long mh = length <= 0 ? 0 : length >= 64 ? -1L : -1L << (64 - length);
        long ml = length <= 64 ? 0 : length >= 128 ? -1L : -1L << (128 - length);
        return new IpPrefix(Family.IPV6, hi, lo, mh, ml);
    }

    /** Whether the mask is a prefix mask (leading ones then zeros). */
    public boolean isContiguous() {
        if (family == Family.IPV4) {
            int m = (int) maskLo;
            return (~m & (~m + 1)) == 0;
        }
        if (maskHi != -1L) {
            return maskLo == 0 && (~maskHi & (~maskHi + 1)) == 0;
        }
        return (~maskLo & (~maskLo + 1)) == 0;
    }

    /** Prefix length when {@link #isContiguous()}; otherwise -1. */
    public int length() {
        if (!isContiguous()) {
            return -1;
        }
        return family == Family.IPV4 ? Long.bitCount(maskLo) : Long.bitCount(maskHi) + Long.bitCount(maskLo);
    }

    /** Whether this prefix matches every address. */
    public boolean isAny() {
        return maskHi == 0 && maskLo == 0;
    }

    /** Whether {@code address} (same family, in the same hi/lo layout) lies in this prefix. */
    public boolean contains(long addrHi, long addrLo) {
        return (addrHi & maskHi) == hi && (addrLo & maskLo) == lo;
    }

    /** The address part alone, as iptables prints it. */
    public String addressText() {
        return family == Family.IPV4 ? IpText.formatIpv4((int) lo) : IpText.formatIpv6(hi, lo);
    }

    /** The mask as iptables-save prints it: a length when contiguous, else an address-form mask. */
    public String maskText() {
        if (isContiguous()) {
            return Integer.toString(length());
        }
        return family == Family.IPV4 ? IpText.formatIpv4((int) maskLo) : IpText.formatIpv6(maskHi, maskLo);
    }

    /** {@code address/mask} exactly as iptables-save prints it. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(family == Family.IPV4 ? 18 : 44);
        appendTo(sb);
        return sb.toString();
    }

    /** Appends {@code address/mask} as {@link #toString()} prints it, without intermediate strings. */
    public void appendTo(StringBuilder sb) {
        if (family == Family.IPV4) {
            IpText.appendIpv4(sb, (int) lo);
            sb.append('/');
            if (isContiguous()) {
                sb.append(Long.bitCount(maskLo));
            } else {
                IpText.appendIpv4(sb, (int) maskLo);
            }
            return;
        }
        sb.append(addressText()).append('/').append(maskText());
    }
}
