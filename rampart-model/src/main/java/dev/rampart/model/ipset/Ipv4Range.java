package dev.rampart.model.ipset;

import dev.rampart.model.net.IpText;

/**
 * An inclusive range of IPv4 addresses, as a {@code bitmap:ip} or {@code bitmap:ip,mac} set covers it.
 * Addresses are unsigned 32-bit values held in a long; {@code from <= to}.
 */
public record Ipv4Range(long from, long to) {

    public Ipv4Range {
        if (from < 0 || to > 0xFFFFFFFFL || from > to) {
            throw new IllegalArgumentException("invalid IPv4 range " + from + "-" + to);
        }
    }

    /** Number of addresses in the range. */
    public long size() {
        return to - from + 1;
    }

    /** {@code FROM-TO} as ipset prints it. */
    @Override
    public String toString() {
        return IpText.formatIpv4((int) from) + "-" + IpText.formatIpv4((int) to);
    }
}
