package dev.rampart.sim.conntrack;

import dev.rampart.model.net.IpAddress;

/**
 * What a NAT target asks for, already resolved by the engine to concrete addresses: the kernel's
 * {@code struct nf_nat_range2}. SNAT and MASQUERADE are {@link Manip#SOURCE} requests (MASQUERADE with the
 * output interface's address as {@code minAddress == maxAddress}); DNAT, REDIRECT (the input interface's
 * primary address, or loopback at OUTPUT) and NETMAP (the mapped address) are {@link Manip#DESTINATION}
 * requests.
 *
 * @param manip       which side of the tuple changes
 * @param minAddress  lowest address of the range, or null to keep the address ({@code --to-destination :port})
 * @param maxAddress  highest address of the range (equal to {@code minAddress} for one address; null with it)
 * @param minPort     lowest port (ICMP: identifier) of the range, or -1 to let NAT keep or choose it
 * @param maxPort     highest port, or -1 with {@code minPort}
 * @param random      {@code --random}: never keep the original port, choose one at random
 * @param persistent  {@code --persistent}: choose the same address for a client regardless of destination
 * @param fullyRandom {@code --random-fully}: as {@code random} (the kernel's PRNG differs; here the same)
 */
public record NatRequest(Manip manip, IpAddress minAddress, IpAddress maxAddress, int minPort, int maxPort,
                         boolean random, boolean persistent, boolean fullyRandom) {

    /** Which half of the tuple a NAT target rewrites. */
    public enum Manip {
        /** Source NAT: SNAT, MASQUERADE; made at POSTROUTING or INPUT. */
        SOURCE,
        /** Destination NAT: DNAT, REDIRECT, NETMAP in PREROUTING/OUTPUT; made at PREROUTING or OUTPUT. */
        DESTINATION
    }

    public NatRequest {
        if (manip == null) {
            throw new IllegalArgumentException("a NAT request needs a manip type");
        }
        if ((minAddress == null) != (maxAddress == null)) {
            throw new IllegalArgumentException("give both ends of the address range or neither");
        }
        if (minAddress != null && (minAddress.family() != maxAddress.family()
                || minAddress.compareTo(maxAddress) > 0)) {
            throw new IllegalArgumentException("bad address range " + minAddress + "-" + maxAddress);
        }
        if ((minPort < 0) != (maxPort < 0) || minPort > 65535 || maxPort > 65535) {
            throw new IllegalArgumentException("bad port range " + minPort + "-" + maxPort);
        }
    }

    /** A request for exactly one address and, when {@code port >= 0}, one port. */
    public static NatRequest to(Manip manip, IpAddress address, int port) {
        return new NatRequest(manip, address, address, port, port, false, false, false);
    }

    /** Whether addresses are rewritten ({@code NF_NAT_RANGE_MAP_IPS}). */
    public boolean mapsAddresses() {
        return minAddress != null;
    }

    /** Whether a port range was given ({@code NF_NAT_RANGE_PROTO_SPECIFIED}). */
    public boolean portsSpecified() {
        return minPort >= 0;
    }

    /** {@code NF_NAT_RANGE_PROTO_RANDOM_ALL}: random or fully random. */
    boolean randomAll() {
        return random || fullyRandom;
    }
}
