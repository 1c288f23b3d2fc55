package dev.rampart.sim.log;

import dev.rampart.model.Family;

/**
 * The link-layer (Ethernet) header a packet arrived with, as the LOG target prints it after {@code MAC=}:
 * destination MAC, source MAC, EtherType. Packets that arrive on a device without a link-layer header
 * (tun, WireGuard, PPP) have none; pass null to {@link LogLine#format} for them.
 *
 * @param destination the destination MAC address (48 bits): the receiving interface's own address
 * @param source      the sender's MAC address (48 bits)
 * @param etherType   0x0800 for IPv4, 0x86dd for IPv6
 */
public record LinkHeader(long destination, long source, int etherType) {

    public LinkHeader {
        if ((destination >>> 48) != 0 || (source >>> 48) != 0 || etherType < 0 || etherType > 0xFFFF) {
            throw new IllegalArgumentException("MAC addresses have 48 bits and the EtherType 16");
        }
    }

    /** The Ethernet header of an IPv4 or IPv6 packet from {@code source} to {@code destination}. */
    public static LinkHeader ethernet(long destination, long source, Family family) {
        return new LinkHeader(destination, source, family == Family.IPV4 ? 0x0800 : 0x86DD);
    }

    /** Parses {@code aa:bb:cc:dd:ee:ff} into the 48-bit value; throws IllegalArgumentException otherwise. */
    public static long parseMac(String text) {
        String[] parts = text.split(":");
        if (parts.length != 6) {
            throw new IllegalArgumentException("'" + text + "' is not a MAC address (write aa:bb:cc:dd:ee:ff)");
        }
        long v = 0;
        for (String p : parts) {
            if (p.length() != 2) {
                throw new IllegalArgumentException("'" + text + "' is not a MAC address (write aa:bb:cc:dd:ee:ff)");
            }
            v = (v << 8) | Integer.parseInt(p, 16);
        }
        return v;
    }
}
