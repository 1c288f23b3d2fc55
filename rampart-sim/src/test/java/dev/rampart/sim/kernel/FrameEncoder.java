package dev.rampart.sim.kernel;

import dev.rampart.model.Family;
import dev.rampart.model.net.IpAddress;
import dev.rampart.sim.packet.Packet;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Turns a simulator {@link Packet} into the exact bytes of an Ethernet frame, so that what the kernel
 * receives is what the simulator was told: IPv4/IPv6 header (TOS/traffic class, TTL/hop limit, total
 * length, non-first fragment), IPv6 extension headers, TCP (ports, flags, seq/ack, options with MSS),
 * UDP, UDP-Lite, ICMP/ICMPv6 (type, code, embedded offending header), SCTP, DCCP and raw other
 * protocols, with valid checksums. The packet's {@code length} is honoured by zero-padding the payload;
 * a length shorter than the headers is refused.
 *
 * <p>Fields that live in the receiving kernel rather than in the packet (mark, forced conntrack state,
 * socket owner, bridge ports) cannot be sent and are refused with {@link UnsupportedPacketException};
 * the sender checks those, this class only encodes headers.
 *
 * <p>Design: a non-first fragment is sent with fragment offset 1480 bytes (185 units of 8) and no
 * transport header, which is what {@code -f} / {@code -m frag} look at. An IPv6 fragment header on a
 * packet that is not a fragment is an atomic fragment (offset 0, M=0), which the kernel passes on whole.
 */
final class FrameEncoder {
    /** Fragment offset of a non-first fragment, in 8-byte units (1480 bytes). */
    static final int FRAGMENT_OFFSET_UNITS = 185;
    private static final int IPV4_HEADER_BYTES = 20;
    private static final int IPV6_HEADER_BYTES = 40;

    private int ipId = 0x1000;

    /** The Ethernet frame carrying {@code p} from {@code srcMac} to {@code dstMac} (6 bytes each). */
    byte[] frame(Packet p, byte[] dstMac, byte[] srcMac) {
        byte[] ip = ipPacket(p);
        ByteBuffer b = ByteBuffer.allocate(14 + ip.length);
        b.put(dstMac).put(p.srcMac() >= 0 ? mac(p.srcMac()) : srcMac);
        b.putShort((short) (p.family() == Family.IPV4 ? 0x0800 : 0x86DD));
        b.put(ip);
        return b.array();
    }

    /** The IP packet (from the IP header on) for {@code p}. */
    byte[] ipPacket(Packet p) {
        return p.family() == Family.IPV4 ? ipv4(p) : ipv6(p);
    }

    private byte[] ipv4(Packet p) {
        byte[] l4 = p.fragment() ? new byte[0] : transport(p);
        byte[] payload = padded(p, l4, IPV4_HEADER_BYTES);
        int total = IPV4_HEADER_BYTES + payload.length;
        ByteBuffer h = ByteBuffer.allocate(total);
        h.put((byte) 0x45).put((byte) p.tos()).putShort((short) total);
        h.putShort((short) (ipId++ & 0xFFFF));
        h.putShort((short) (p.fragment() ? FRAGMENT_OFFSET_UNITS : 0));
        h.put((byte) p.ttl()).put((byte) p.protocol()).putShort((short) 0);
        h.putInt((int) p.src().lo()).putInt((int) p.dst().lo());
        byte[] out = h.array();
        int sum = checksum(out, 0, IPV4_HEADER_BYTES, 0);
        out[10] = (byte) (sum >> 8);
        out[11] = (byte) sum;
        System.arraycopy(payload, 0, out, IPV4_HEADER_BYTES, payload.length);
        return out;
    }

    private byte[] ipv6(Packet p) {
        List<Integer> ext = p.extensionHeaders();
        ByteArrayOutputStream chain = new ByteArrayOutputStream();
        boolean fragmentHeader = ext.contains(44);
        if (p.fragment() && !fragmentHeader) {
            throw new UnsupportedPacketException(p.id(), "an IPv6 fragment needs 44 (fragment) in extension_headers");
        }
        for (int i = 0; i < ext.size(); i++) {
            int next = i + 1 < ext.size() ? ext.get(i + 1) : p.protocol();
            chain.writeBytes(extensionHeader(p, ext.get(i), next));
        }
        byte[] extBytes = chain.toByteArray();
        boolean esp = ext.contains(50);
        byte[] l4 = p.fragment() || esp ? new byte[0] : transport(p);
        byte[] upper = concat(extBytes, l4);
        byte[] payload = padded(p, upper, IPV6_HEADER_BYTES);
        ByteBuffer h = ByteBuffer.allocate(IPV6_HEADER_BYTES + payload.length);
        h.putInt(0x60000000 | ((p.tos() & 0xFF) << 20));
        h.putShort((short) payload.length);
        h.put((byte) (ext.isEmpty() ? p.protocol() : ext.get(0))).put((byte) p.ttl());
        h.putLong(p.src().hi()).putLong(p.src().lo()).putLong(p.dst().hi()).putLong(p.dst().lo());
        h.put(payload);
        byte[] out = h.array();
        if (!p.fragment() && !esp && l4.length > 0) {
            // checksums cover the zero padding too (it is transport payload); recompute over the final bytes
            fixTransportChecksum(p, out, IPV6_HEADER_BYTES + extBytes.length, out.length);
        }
        return out;
    }

    private static byte[] extensionHeader(Packet p, int type, int next) {
        ByteBuffer b;
        switch (type) {
            case 0, 60 -> { // hop-by-hop / destination options: one PadN option filling 8 bytes
                b = ByteBuffer.allocate(8);
                b.put((byte) next).put((byte) 0).put((byte) 1).put((byte) 4).putInt(0);
            }
            case 43 -> { // routing header type 0 with segments left 0: ignored by the receiver
                b = ByteBuffer.allocate(8);
                b.put((byte) next).put((byte) 0).put((byte) 0).put((byte) 0).putInt(0);
            }
            case 44 -> {
                b = ByteBuffer.allocate(8);
                int offset = p.fragment() ? FRAGMENT_OFFSET_UNITS << 3 : 0;
                b.put((byte) next).put((byte) 0).putShort((short) offset).putInt(0x4242);
            }
            case 51 -> { // AH with a 4-byte ICV placeholder: length field 1 = (1 + 2) * 4 bytes
                b = ByteBuffer.allocate(12);
                b.put((byte) next).put((byte) 1).putShort((short) 0).putInt(0x100).putInt(1);
            }
            case 50 -> { // ESP: SPI and sequence number; everything after is opaque
                b = ByteBuffer.allocate(8);
                b.putInt(0x100).putInt(1);
            }
            default -> throw new UnsupportedPacketException(p.id(), "extension header " + type + " is not supported");
        }
        return b.array();
    }

    /** Header bytes plus payload, zero-padded so that the IP packet is {@code p.length()} bytes. */
    private static byte[] padded(Packet p, byte[] headers, int ipHeaderBytes) {
        byte[] data = p.payload().getBytes(StandardCharsets.ISO_8859_1);
        byte[] natural = concat(headers, data);
        int want = p.length() - ipHeaderBytes;
        if (want < natural.length) {
            throw new UnsupportedPacketException(p.id(), "length " + p.length() + " is shorter than its headers and payload ("
                    + (natural.length + ipHeaderBytes) + " bytes)");
        }
        if (want > 65535 - ipHeaderBytes || (p.family() == Family.IPV4 && p.length() > 1500)
                || (p.family() == Family.IPV6 && p.length() > 1500)) {
            throw new UnsupportedPacketException(p.id(), "length " + p.length() + " exceeds the 1500-byte MTU of the lab link");
        }
        byte[] out = new byte[want];
        System.arraycopy(natural, 0, out, 0, natural.length);
        if (p.family() == Family.IPV4 && !p.fragment() && headers.length > 0) {
            fixIpv4Transport(p, out, headers.length);
        }
        return out;
    }

    private static void fixIpv4Transport(Packet p, byte[] segment, int headerLength) {
        // fills lengths and checksums now that the padded transport segment is final
        byte[] pseudo = ByteBuffer.allocate(12).putInt((int) p.src().lo()).putInt((int) p.dst().lo())
                .put((byte) 0).put((byte) p.protocol()).putShort((short) segment.length).array();
        finishTransport(p, segment, pseudo);
    }

    private static void fixTransportChecksum(Packet p, byte[] ip, int from, int to) {
        byte[] segment = java.util.Arrays.copyOfRange(ip, from, to);
        byte[] pseudo = ByteBuffer.allocate(40).putLong(p.src().hi()).putLong(p.src().lo()).putLong(p.dst().hi())
                .putLong(p.dst().lo()).putInt(segment.length).putInt(p.protocol()).array();
        finishTransport(p, segment, pseudo);
        System.arraycopy(segment, 0, ip, from, segment.length);
    }

    private static void finishTransport(Packet p, byte[] s, byte[] pseudo) {
        int checksumAt;
        switch (p.protocol()) {
            case 6 -> checksumAt = 16;
            case 17 -> {
                s[4] = (byte) (s.length >> 8);
                s[5] = (byte) s.length;
                checksumAt = 6;
            }
            case 136 -> checksumAt = 6; // UDP-Lite: length field is checksum coverage (0 = all)
            case 1 -> {
                int sum = checksum(s, 0, s.length, 0);
                s[2] = (byte) (sum >> 8);
                s[3] = (byte) sum;
                return;
            }
            case 58 -> checksumAt = 2;
            case 33 -> checksumAt = 6;
            case 132 -> {
                CRC32C crc = new CRC32C();
                crc.update(s, 0, s.length);
                long v = crc.getValue();
                // SCTP stores the CRC32c least significant byte first (RFC 4960 appendix B, as Linux does)
                s[8] = (byte) v;
                s[9] = (byte) (v >> 8);
                s[10] = (byte) (v >> 16);
                s[11] = (byte) (v >> 24);
                return;
            }
            default -> {
                return;
            }
        }
        s[checksumAt] = 0;
        s[checksumAt + 1] = 0;
        int sum = checksum(s, 0, s.length, sumOf(pseudo));
        if (sum == 0 && (p.protocol() == 17)) {
            sum = 0xFFFF;
        }
        s[checksumAt] = (byte) (sum >> 8);
        s[checksumAt + 1] = (byte) sum;
    }

    /** The transport header (and embedded packet for ICMP errors), before payload; checksums filled later. */
    private byte[] transport(Packet p) {
        return switch (p.protocol()) {
            case 6 -> tcp(p);
            case 17, 136 -> {
                ByteBuffer b = ByteBuffer.allocate(8);
                b.putShort((short) port(p, p.sport())).putShort((short) port(p, p.dport())).putShort((short) 0)
                        .putShort((short) 0);
                yield b.array();
            }
            case 1, 58 -> icmp(p);
            case 132 -> ByteBuffer.allocate(12).putShort((short) port(p, p.sport())).putShort((short) port(p, p.dport()))
                    .putInt(0x01020304).putInt(0).array();
            case 33 -> ByteBuffer.allocate(12).putShort((short) port(p, p.sport())).putShort((short) port(p, p.dport()))
                    // data offset 3 words, CsCov 0, checksum, type 0 (Request) with X=0 and a 24-bit sequence number
                    .put((byte) 3).put((byte) 0).putShort((short) 0).put((byte) 0).put((byte) 0).putShort((short) 1)
                    .array();
            default -> new byte[0];
        };
    }

    private static int port(Packet p, int port) {
        if (port < 0 || port > 65535) {
            throw new UnsupportedPacketException(p.id(), "protocol " + p.protocol() + " needs sport and dport");
        }
        return port;
    }

    private static byte[] tcp(Packet p) {
        ByteArrayOutputStream opts = new ByteArrayOutputStream();
        for (int kind : p.tcpOptions()) {
            switch (kind) {
                case 0, 1 -> opts.write(kind);
                case 2 -> {
                    int mss = p.mss() >= 0 ? p.mss() : 1460;
                    opts.writeBytes(new byte[] {2, 4, (byte) (mss >> 8), (byte) mss});
                }
                case 3 -> opts.writeBytes(new byte[] {3, 3, 7});
                case 4 -> opts.writeBytes(new byte[] {4, 2});
                case 8 -> opts.writeBytes(new byte[] {8, 10, 0, 0, 0, 1, 0, 0, 0, 0});
                default -> opts.writeBytes(new byte[] {(byte) kind, 2});
            }
        }
        while (opts.size() % 4 != 0) {
            opts.write(0);
        }
        byte[] o = opts.toByteArray();
        if (o.length > 40) {
            throw new UnsupportedPacketException(p.id(), "TCP options longer than 40 bytes");
        }
        ByteBuffer b = ByteBuffer.allocate(20 + o.length);
        b.putShort((short) port(p, p.sport())).putShort((short) port(p, p.dport()));
        b.putInt((int) (p.seq() >= 0 ? p.seq() : 1000)).putInt((int) (p.ack() >= 0 ? p.ack() : 0));
        b.put((byte) (((20 + o.length) / 4) << 4)).put((byte) p.tcpFlags());
        b.putShort((short) 64240).putShort((short) 0).putShort((short) 0).put(o);
        return b.array();
    }

    private byte[] icmp(Packet p) {
        if (p.icmpType() < 0) {
            throw new UnsupportedPacketException(p.id(), "an ICMP packet needs icmp_type");
        }
        ByteBuffer b = ByteBuffer.allocate(8);
        b.put((byte) p.icmpType()).put((byte) Math.max(0, p.icmpCode())).putShort((short) 0).putShort((short) 0x77)
                .putShort((short) 1);
        byte[] head = b.array();
        if (p.embedded() == null) {
            return head;
        }
        byte[] inner = ipPacket(p.embedded());
        int keep = Math.min(inner.length, p.family() == Family.IPV4 ? 28 : 48);
        return concat(head, java.util.Arrays.copyOf(inner, keep));
    }

    static byte[] mac(long value) {
        byte[] m = new byte[6];
        for (int i = 0; i < 6; i++) {
            m[i] = (byte) (value >>> (8 * (5 - i)));
        }
        return m;
    }

    /** Parses {@code aa:bb:cc:dd:ee:ff}. */
    static byte[] mac(String text) {
        String[] parts = text.strip().split(":");
        if (parts.length != 6) {
            throw new IllegalArgumentException("not a MAC address: '" + text + "'");
        }
        byte[] m = new byte[6];
        for (int i = 0; i < 6; i++) {
            m[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return m;
    }

    static String addressBytes(IpAddress a) {
        return a.toString();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int sumOf(byte[] b) {
        int sum = 0;
        for (int i = 0; i + 1 < b.length; i += 2) {
            sum += ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
        }
        return sum;
    }

    /** The Internet checksum (RFC 1071) of {@code b[from..to)} plus {@code initial}, already complemented. */
    static int checksum(byte[] b, int from, int to, int initial) {
        long sum = initial & 0xFFFFFFFFL;
        int i = from;
        for (; i + 1 < to; i += 2) {
            sum += ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
        }
        if (i < to) {
            sum += (b[i] & 0xFF) << 8;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (int) (~sum & 0xFFFF);
    }
}
