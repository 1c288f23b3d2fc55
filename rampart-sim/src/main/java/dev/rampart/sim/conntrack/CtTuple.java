package dev.rampart.sim.conntrack;

import dev.rampart.model.net.IpAddress;

/**
 * One direction of a connection as conntrack keys it: addresses, protocol and the protocol's two
 * identifiers (TCP/UDP/SCTP/DCCP ports; for ICMP/ICMPv6 echo the identifier in {@code sport} and the
 * request type in {@code dport}; 0 for protocols without ports).
 */
public record CtTuple(IpAddress src, IpAddress dst, int protocol, int sport, int dport) {

    /** The tuple of the opposite direction (addresses and ports swapped). */
    public CtTuple inverse() {
        return new CtTuple(dst, src, protocol, dport, sport);
    }
}
