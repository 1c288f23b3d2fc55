package dev.rampart.sim.conntrack;

import dev.rampart.model.Family;
import dev.rampart.model.net.IpAddress;
import dev.rampart.sim.packet.Packet;

/**
 * One direction of a connection exactly as the kernel's {@code nf_conntrack_tuple} keys it. For protocols with
 * ports (TCP, UDP, UDP-Lite, SCTP, DCCP) {@code sport}/{@code dport} are the ports; for ICMP/ICMPv6 {@code sport}
 * is the echo identifier (the same in both directions), {@code dport} the message type and {@code code} the
 * message code; for other protocols all three are 0. Package-private: {@link CtTuple} is the public view.
 */
record FlowKey(IpAddress src, IpAddress dst, int protocol, int sport, int dport, int code) {

    static final int ICMP = 1;
    static final int TCP = 6;
    static final int UDP = 17;
    static final int GRE = 47;
    static final int ICMPV6 = 58;
    static final int DCCP = 33;
    static final int SCTP = 132;
    static final int UDPLITE = 136;

    /** Whether {@code protocol} has 16-bit source and destination ports in its tuple. */
    static boolean hasPorts(int protocol) {
        return protocol == TCP || protocol == UDP || protocol == UDPLITE || protocol == SCTP || protocol == DCCP;
    }

    /** Whether {@code protocol} is the ICMP of {@code family}. */
    static boolean isIcmp(int protocol) {
        return protocol == ICMP || protocol == ICMPV6;
    }

    /**
     * The tuple of a packet's headers ({@code nf_ct_get_tuple}). The ICMP echo identifier is read from
     * {@link Packet#sport()} (0 when absent): the packet contract has no separate field for it.
     */
    static FlowKey of(Packet p) {
        return of(p.src(), p.dst(), p.protocol(), p.sport(), p.dport(), p.icmpType(), p.icmpCode());
    }

    static FlowKey of(IpAddress src, IpAddress dst, int protocol, int sport, int dport, int icmpType, int icmpCode) {
        if (hasPorts(protocol)) {
            return new FlowKey(src, dst, protocol, Math.max(sport, 0), Math.max(dport, 0), 0);
        }
        if (isIcmp(protocol)) {
            return new FlowKey(src, dst, protocol, Math.max(sport, 0), Math.max(icmpType, 0), Math.max(icmpCode, 0));
        }
        return new FlowKey(src, dst, protocol, 0, 0, 0);
    }

    /**
     * The tuple a reply has ({@code nf_ct_invert_tuple}), or null when the protocol cannot invert it: ICMP
     * messages other than the query/answer pairs (echo, timestamp, information, address mask; ICMPv6 echo and
     * node information) have no reply and so can never start a connection.
     */
    FlowKey invert() {
        if (isIcmp(protocol)) {
            int inverse = protocol == ICMP ? icmpInverse(dport) : icmpv6Inverse(dport);
            return inverse < 0 ? null : new FlowKey(dst, src, protocol, sport, inverse, code);
        }
        return new FlowKey(dst, src, protocol, dport, sport, code);
    }

    /** The public view ({@code dport} carries the ICMP type). */
    CtTuple toCtTuple() {
        return new CtTuple(src, dst, protocol, sport, dport);
    }

    FlowKey withSource(IpAddress a, int port) {
        return new FlowKey(a, dst, protocol, port, dport, code);
    }

    FlowKey withDestination(IpAddress a, int port) {
        return new FlowKey(src, a, protocol, sport, port, code);
    }

    Family family() {
        return src.family();
    }

    private static int icmpInverse(int type) {
        return switch (type) {
            case 8 -> 0;
            case 0 -> 8;
            case 13 -> 14;
            case 14 -> 13;
            case 15 -> 16;
            case 16 -> 15;
            case 17 -> 18;
            case 18 -> 17;
            default -> -1;
        };
    }

    private static int icmpv6Inverse(int type) {
        return switch (type) {
            case 128 -> 129;
            case 129 -> 128;
            case 139 -> 140;
            case 140 -> 139;
            default -> -1;
        };
    }
}
