package dev.rampart.sim.kernel;

import dev.rampart.model.net.IpAddress;
import dev.rampart.sim.packet.Packet;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a captured Ethernet frame carrying IPv4 back into a simulator {@link Packet}: the inverse of
 * {@link FrameEncoder} for what real stacks send. Read from the IPv4 header: TOS, total length, IP id,
 * DF, non-first fragment, TTL, protocol and addresses; from TCP: ports, seq, ack, flags, window, option
 * kinds in order (up to end-of-options) with the MSS value, and the payload; from UDP: ports and
 * payload; from ICMP: type, code and, for errors (destination unreachable, source quench, redirect, time
 * exceeded, parameter problem), the offending packet's header as {@link Packet#embedded()} with its
 * ports (or ICMP type/code) from the first 8 bytes of its transport header.
 *
 * <p>Where the packet was seen is the caller's: {@code in} for a frame arriving at the firewall,
 * {@code out} for one it sent, exactly one of them non-null. Other ethertypes (IPv6, ARP) are refused
 * with IllegalArgumentException, as are frames cut short by the capture.
 */
final class FrameDecoder {
    private static final int ETHERNET_HEADER_BYTES = 14;
    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int PROTO_ICMP = 1;
    private static final int PROTO_TCP = 6;
    private static final int PROTO_UDP = 17;
    /** The ICMP types whose body is the header of the packet that caused them (RFC 792). */
    private static final List<Integer> ICMP_ERROR_TYPES = List.of(3, 4, 5, 11, 12);

    private FrameDecoder() {
    }

    /** The packet {@code frame} carries, with {@code id}, seen at {@code time} on {@code in} or {@code out}. */
    static Packet decode(byte[] frame, String id, String in, String out, Instant time) {
        if ((in == null) == (out == null)) {
            throw new IllegalArgumentException("a captured packet is either received (in) or sent (out)");
        }
        if (frame.length < ETHERNET_HEADER_BYTES + 20) {
            throw new IllegalArgumentException("frame of " + frame.length + " bytes is too short for IPv4");
        }
        ByteBuffer b = ByteBuffer.wrap(frame);
        int etherType = b.getShort(12) & 0xFFFF;
        if (etherType != ETHERTYPE_IPV4) {
            throw new IllegalArgumentException("ethertype 0x" + Integer.toHexString(etherType) + " is not IPv4");
        }
        long srcMac = ((b.getInt(6) & 0xFFFF_FFFFL) << 16) | (b.getShort(10) & 0xFFFF);
        byte[] ip = java.util.Arrays.copyOfRange(frame, ETHERNET_HEADER_BYTES, frame.length);
        Packet.Builder p = ipv4(ip, true);
        return p.id(id).in(in).out(out).time(time).srcMac(in != null ? srcMac : -1).build();
    }

    /**
     * The packet in {@code ip} (from the IPv4 header on). {@code whole}: the datagram is all there (a
     * received frame); otherwise it is the header quoted in an ICMP error, of which only the IP header
     * and 8 bytes of transport header are read and the total length is taken from the header.
     */
    private static Packet.Builder ipv4(byte[] ip, boolean whole) {
        ByteBuffer b = ByteBuffer.wrap(ip);
        int version = (ip[0] >> 4) & 0xF;
        int headerBytes = (ip[0] & 0xF) * 4;
        if (version != 4 || headerBytes < 20 || headerBytes > ip.length) {
            throw new IllegalArgumentException("malformed IPv4 header (version " + version + ", " + headerBytes
                    + " header bytes, " + ip.length + " available)");
        }
        int total = b.getShort(2) & 0xFFFF;
        if (whole && total > ip.length) {
            throw new IllegalArgumentException("IPv4 total length " + total + " but only " + ip.length
                    + " bytes were captured");
        }
        int fragmentField = b.getShort(6) & 0xFFFF;
        int protocol = ip[9] & 0xFF;
        Packet.Builder p = Packet.builder(IpAddress.ipv4(b.getInt(12)), IpAddress.ipv4(b.getInt(16)), protocol)
                .tos(ip[1] & 0xFF).length(total).ipId(b.getShort(4) & 0xFFFF)
                .dontFragment((fragmentField & 0x4000) != 0).ttl(ip[8] & 0xFF);
        boolean laterFragment = (fragmentField & 0x1FFF) != 0;
        if (laterFragment) {
            return p.fragment(true);
        }
        int end = whole ? total : ip.length;
        ByteBuffer l4 = ByteBuffer.wrap(ip, headerBytes, Math.max(0, end - headerBytes)).slice();
        switch (protocol) {
            case PROTO_TCP -> tcp(p, l4, whole);
            case PROTO_UDP -> udp(p, l4, whole);
            case PROTO_ICMP -> icmp(p, l4, whole);
            default -> {
                // other protocols: the simulator needs only the protocol number and length
            }
        }
        return p;
    }

    private static void tcp(Packet.Builder p, ByteBuffer t, boolean whole) {
        require(t, 8, "TCP ports");
        p.sport(t.getShort(0) & 0xFFFF).dport(t.getShort(2) & 0xFFFF).seq(t.getInt(4) & 0xFFFF_FFFFL);
        if (!whole) {
            return;
        }
        require(t, 20, "a TCP header");
        int headerBytes = ((t.get(12) >> 4) & 0xF) * 4;
        require(t, headerBytes, "the TCP options");
        p.ack(t.getInt(8) & 0xFFFF_FFFFL).tcpFlags(t.get(13) & 0xFF).tcpWindow(t.getShort(14) & 0xFFFF);
        List<Integer> kinds = new ArrayList<>();
        int i = 20;
        while (i < headerBytes) {
            int kind = t.get(i) & 0xFF;
            if (kind == 0) {
                break;
            }
            kinds.add(kind);
            if (kind == 1) {
                i++;
                continue;
            }
            int len = i + 1 < headerBytes ? t.get(i + 1) & 0xFF : 0;
            if (len < 2) {
                throw new IllegalArgumentException("TCP option " + kind + " has length " + len);
            }
            if (kind == 2 && len == 4) {
                p.mss(t.getShort(i + 2) & 0xFFFF);
            }
            i += len;
        }
        p.tcpOptions(kinds).payload(text(t, headerBytes));
    }

    private static void udp(Packet.Builder p, ByteBuffer u, boolean whole) {
        require(u, 8, "a UDP header");
        p.sport(u.getShort(0) & 0xFFFF).dport(u.getShort(2) & 0xFFFF);
        if (whole) {
            p.payload(text(u, 8));
        }
    }

    private static void icmp(Packet.Builder p, ByteBuffer c, boolean whole) {
        require(c, 2, "ICMP type and code");
        int type = c.get(0) & 0xFF;
        p.icmpType(type).icmpCode(c.get(1) & 0xFF);
        if (whole && ICMP_ERROR_TYPES.contains(type) && c.limit() > 8) {
            byte[] quoted = new byte[c.limit() - 8];
            c.get(8, quoted);
            p.embedded(ipv4(quoted, false).build());
        }
    }

    /** Bytes {@code from}..limit of {@code b}, one char per byte (the payload convention of {@link Packet}). */
    private static String text(ByteBuffer b, int from) {
        byte[] bytes = new byte[Math.max(0, b.limit() - from)];
        b.get(from, bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static void require(ByteBuffer b, int bytes, String what) {
        if (b.limit() < bytes) {
            throw new IllegalArgumentException("too few bytes for " + what + ": " + b.limit() + " < " + bytes);
        }
    }
}
