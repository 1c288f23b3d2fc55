package dev.rampart.monitor.parse;

import dev.rampart.model.net.IpAddress;
import java.time.Instant;

/**
 * One packet line written by the kernel's {@code LOG} target (or by a userspace NFLOG logger in the
 * same {@code KEY=value} format), as {@link KernelLogParser} read it.
 *
 * <p>Absent numeric fields are {@code -1}; absent text fields are {@code null} (an empty {@code OUT=} is
 * the empty string, as the kernel prints it). {@code ttl} holds IPv4 {@code TTL=} or IPv6 {@code HOPLIMIT=};
 * {@code tos} holds IPv4 {@code TOS=} or IPv6 {@code TC=}. {@code proto} is the IP protocol number
 * (6 for {@code PROTO=TCP}, 58 for {@code ICMPv6}, the number for {@code PROTO=162}). {@code tcpFlags}
 * is a bit set of {@link TcpFlags}. For ICMP errors the embedded original header ({@code [SRC=...]}) is
 * not part of the record. {@code time} is null when the line carries no time stamp (a bare journal
 * message).
 */
public record KernelLogRecord(Instant time, String host, String prefix, String in, String out, String physIn,
                              String physOut, String mac, IpAddress src, IpAddress dst, int length, int tos, int ttl,
                              int ipId, boolean dontFragment, int proto, int sport, int dport, int window,
                              int tcpFlags, int icmpType, int icmpCode, long mark) {

    /** IP protocol numbers used by the parser and the detectors. */
    public static final int PROTO_ICMP = 1;
    public static final int PROTO_TCP = 6;
    public static final int PROTO_UDP = 17;
    public static final int PROTO_ICMPV6 = 58;
    public static final int PROTO_UDPLITE = 136;
    public static final int PROTO_SCTP = 132;

    /** Whether the packet is TCP. */
    public boolean isTcp() {
        return proto == PROTO_TCP;
    }

    /** The protocol as iptables names it ({@code tcp}, {@code udp}, {@code icmp}, {@code ipv6-icmp}) or its number. */
    public String protoName() {
        return switch (proto) {
            case PROTO_TCP -> "tcp";
            case PROTO_UDP -> "udp";
            case PROTO_ICMP -> "icmp";
            case PROTO_ICMPV6 -> "ipv6-icmp";
            case PROTO_SCTP -> "sctp";
            case PROTO_UDPLITE -> "udplite";
            default -> Integer.toString(proto);
        };
    }
}
