package dev.rampart.analysis.exposure;

/**
 * A service: a transport protocol and a destination port range (TCP, UDP, SCTP, DCCP), or ICMP/ICMPv6
 * with a range of message types (then {@code from..to} are types).
 */
public record Service(int protocol, int from, int to) {

    public Service {
        if (from < 0 || to < from || to > 65535) {
            throw new IllegalArgumentException("bad service range " + from + "-" + to);
        }
    }

    /** Whether the service is ICMP (types instead of ports). */
    public boolean isIcmp() {
        return protocol == 1 || protocol == 58;
    }

    @Override
    public String toString() {
        String proto = dev.rampart.sim.packet.PacketWriter.protocolName(protocol);
        String range = from == to ? Integer.toString(from) : from + "-" + to;
        return proto + (isIcmp() ? " type " : "/") + range;
    }
}
