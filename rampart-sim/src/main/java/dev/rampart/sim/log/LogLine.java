package dev.rampart.sim.log;

import dev.rampart.model.Family;
import dev.rampart.model.net.IpAddress;
import dev.rampart.model.target.LogTarget;
import dev.rampart.sim.engine.PacketState;
import dev.rampart.sim.packet.Packet;
import java.util.List;

/**
 * The text of the kernel log line that {@code -j LOG} writes for a packet, exactly as
 * {@code net/netfilter/nf_log_syslog.c} (Linux 5.12 and later; {@code nf_log_ipv4.c}/{@code nf_log_ipv6.c}
 * before) builds it: the prefix glued to {@code IN=}, {@code OUT=}, {@code PHYSIN=}/{@code PHYSOUT=} for
 * bridged packets, {@code MAC=} (or {@code MACSRC= MACDST= MACPROTO=} with {@code --log-macdecode}) for
 * packets that came in on an interface, then the IPv4 ({@code dump_ipv4_packet}) or IPv6
 * ({@code dump_ipv6_packet}) header and the transport header, ICMP errors with the offending packet in
 * brackets, {@code UID= GID=} with {@code --log-uid} for local sockets, {@code MARK=} when the mark is set.
 * Every field ends with one space, so the line ends with a space as the kernel's does; the syslog level
 * ({@code --log-level}) travels outside the text, as the {@code <N>} of the kernel record.
 *
 * <p>Values the packet model does not carry are printed as the kernel would print them for a packet
 * that has them at their plain value: TCP urgent pointer 0 and reserved bits 0, no IPv4 options
 * (so {@code --log-ip-options} adds nothing for IPv4), ICMP echo {@code ID=0 SEQ=0}, ICMP
 * {@code PARAMETER=0}, {@code GATEWAY=0.0.0.0}, {@code MTU=0}, IPv6 {@code FLOWLBL=0}, AH/ESP
 * {@code SPI=0x0}, IPv6 fragment {@code ID:00000000}, no MF flag. The fragment offset of a non-first
 * fragment is {@link #FRAGMENT_OFFSET_UNITS} (the second fragment of a packet cut at a 1,500-byte MTU).
 * TCP option bytes are rebuilt from the option kinds ({@code mss} for MSS, zero values for window scale
 * and timestamps), padded with zero bytes to a multiple of four. IP id, DF and TCP window come from the
 * packet ({@link Packet#ipId}, {@link Packet#dontFragment}, {@link Packet#tcpWindow}).
 */
public final class LogLine {

    /** Fragment offset (8-byte units) printed for a non-first fragment: 1,480 bytes, at a 1,500-byte MTU. */
    public static final int FRAGMENT_OFFSET_UNITS = 185;

    private static final int IPV4_HEADER = 20;
    private static final int IPV6_HEADER = 40;
    /** Bytes an IPv6 extension header is taken to occupy (the model keeps only their types). */
    private static final int IPV6_EXTENSION_HEADER = 8;
    private static final int ICMP_HEADER = 8;

    private LogLine() {
    }

    /**
     * The log line for {@code packet} as it is now (after any NAT or mangling so far), logged by
     * {@code target}. {@code link} is the link-layer header the packet arrived with, or null when the
     * input device has none; it is only printed for packets with an input interface.
     */
    public static String format(LogTarget target, PacketState packet, LinkHeader link) {
        StringBuilder sb = new StringBuilder(256);
        Packet orig = packet.original();
        sb.append(target.prefix());
        sb.append("IN=").append(packet.in() == null ? "" : packet.in());
        sb.append(" OUT=").append(packet.out() == null ? "" : packet.out()).append(' ');
        if (orig.physIn() != null && !orig.physIn().equals(packet.in())) {
            sb.append("PHYSIN=").append(orig.physIn()).append(' ');
        }
        if (orig.physOut() != null && !orig.physOut().equals(packet.out())) {
            sb.append("PHYSOUT=").append(orig.physOut()).append(' ');
        }
        if (packet.in() != null) {
            mac(sb, target, link);
        }
        Header h = Header.of(packet);
        if (packet.family() == Family.IPV4) {
            ipv4(sb, target, h, true);
        } else {
            ipv6(sb, target, h, true);
        }
        return sb.toString();
    }

    /** The fields of one IP packet the dump reads: the live packet's, or those of an ICMP error's payload. */
    private record Header(Packet p, IpAddress src, IpAddress dst, int sport, int dport, int ttl, int tos, long mark,
                          int length, Integer uid, Integer gid) {

        static Header of(PacketState s) {
            return new Header(s.original(), s.src(), s.dst(), s.sport(), s.dport(), s.ttl(), s.tos(), s.mark(),
                    s.length(), s.original().uid(), s.original().gid());
        }

        static Header of(Packet p) {
            return new Header(p, p.src(), p.dst(), p.sport(), p.dport(), p.ttl(), p.tos(), p.mark(), p.length(),
                    null, null);
        }
    }

    private static void mac(StringBuilder sb, LogTarget target, LinkHeader link) {
        if (target.macDecode() && link != null) {
            sb.append("MACSRC=");
            macAddress(sb, link.source());
            sb.append(" MACDST=");
            macAddress(sb, link.destination());
            sb.append(" MACPROTO=").append(hex(link.etherType(), 4, false)).append(' ');
            return;
        }
        sb.append("MAC=");
        if (link != null) {
            macAddress(sb, link.destination());
            sb.append(':');
            macAddress(sb, link.source());
            sb.append(':').append(hex(link.etherType() >> 8, 2, false)).append(':')
                    .append(hex(link.etherType() & 0xFF, 2, false));
        }
        sb.append(' ');
    }

    /**
     * {@code dump_ipv4_packet}. {@code outer} is false inside an ICMP error, where the kernel neither
     * recurses again nor prints UID and MARK; {@code available} limits what the error carries.
     */
    private static void ipv4(StringBuilder sb, LogTarget target, Header h, boolean outer) {
        ipv4(sb, target, h, outer, Integer.MAX_VALUE);
    }

    private static void ipv4(StringBuilder sb, LogTarget target, Header h, boolean outer, int available) {
        Packet p = h.p();
        if (available < IPV4_HEADER) {
            sb.append("TRUNCATED");
            return;
        }
        sb.append("SRC=").append(h.src()).append(" DST=").append(h.dst()).append(' ');
        sb.append("LEN=").append(h.length()).append(" TOS=0x").append(hex(h.tos() & 0x1E, 2, true))
                .append(" PREC=0x").append(hex(h.tos() & 0xE0, 2, true)).append(" TTL=").append(h.ttl())
                .append(" ID=").append(p.ipId()).append(' ');
        if (p.dontFragment()) {
            sb.append("DF ");
        }
        if (p.fragment()) {
            sb.append("FRAG:").append(FRAGMENT_OFFSET_UNITS).append(' ');
        }
        int transport = Math.min(available, h.length()) - IPV4_HEADER;
        switch (p.protocol()) {
            case 6 -> {
                if (tcp(sb, target, h, p.fragment(), transport)) {
                    return;
                }
            }
            case 17, 136 -> {
                if (udp(sb, h, p.fragment(), transport, h.length() - IPV4_HEADER)) {
                    return;
                }
            }
            case 1 -> icmp(sb, target, h, outer, transport);
            case 51 -> {
                if (!p.fragment()) {
                    sb.append("PROTO=AH ");
                    spi(sb, transport, 12);
                }
            }
            case 50 -> {
                sb.append("PROTO=ESP ");
                if (!p.fragment()) {
                    spi(sb, transport, 8);
                }
            }
            default -> sb.append("PROTO=").append(p.protocol()).append(' ');
        }
        if (outer) {
            trailer(sb, target, h);
        }
    }

    private static void icmp(StringBuilder sb, LogTarget target, Header h, boolean outer, int transport) {
        Packet p = h.p();
        sb.append("PROTO=ICMP ");
        if (p.fragment()) {
            return;
        }
        if (transport < ICMP_HEADER) {
            sb.append("INCOMPLETE [").append(Math.max(transport, 0)).append(" bytes] ");
            return;
        }
        int type = Math.max(p.icmpType(), 0);
        sb.append("TYPE=").append(type).append(" CODE=").append(Math.max(p.icmpCode(), 0)).append(' ');
        int required = switch (type) {
            case 0, 8 -> 4;
            case 3, 4, 5, 11, 12 -> ICMP_HEADER + IPV4_HEADER;
            case 13, 14 -> 20;
            case 17, 18 -> 12;
            default -> 0;
        };
        if (required > 0 && transport < required) {
            sb.append("INCOMPLETE [").append(transport).append(" bytes] ");
            return;
        }
        switch (type) {
            case 0, 8 -> sb.append("ID=0 SEQ=0 ");
            case 12 -> sb.append("PARAMETER=0 ");
            case 3, 4, 5, 11 -> {
                if (type == 5) {
                    sb.append("GATEWAY=0.0.0.0 ");
                }
                if (outer) {
                    sb.append('[');
                    int inner = transport - ICMP_HEADER;
                    if (p.embedded() == null) {
                        sb.append("TRUNCATED");
                    } else {
                        ipv4(sb, target, Header.of(p.embedded()), false, inner);
                    }
                    sb.append("] ");
                }
                if (type == 3 && p.icmpCode() == 4) {
                    sb.append("MTU=0 ");
                }
            }
            default -> { }
        }
    }

    /** {@code nf_log_dump_tcp_header}; true when the dump stops here (header incomplete). */
    private static boolean tcp(StringBuilder sb, LogTarget target, Header h, boolean fragment, int transport) {
        Packet p = h.p();
        sb.append("PROTO=TCP ");
        if (fragment) {
            return false;
        }
        if (transport < 20) {
            sb.append("INCOMPLETE [").append(Math.max(transport, 0)).append(" bytes] ");
            return true;
        }
        sb.append("SPT=").append(Math.max(h.sport(), 0)).append(" DPT=").append(Math.max(h.dport(), 0)).append(' ');
        if (target.tcpSequence()) {
            sb.append("SEQ=").append(Math.max(p.seq(), 0)).append(" ACK=").append(Math.max(p.ack(), 0)).append(' ');
        }
        sb.append("WINDOW=").append(p.tcpWindow()).append(" RES=0x00 ");
        int f = p.tcpFlags();
        String[] names = {"CWR", "ECE", "URG", "ACK", "PSH", "RST", "SYN", "FIN"};
        for (int i = 0; i < names.length; i++) {
            if ((f & (0x80 >> i)) != 0) {
                sb.append(names[i]).append(' ');
            }
        }
        sb.append("URGP=0 ");
        byte[] options = tcpOptionBytes(p);
        if (target.tcpOptions() && options.length > 0) {
            sb.append("OPT (");
            for (byte b : options) {
                sb.append(hex(b & 0xFF, 2, true));
            }
            sb.append(") ");
        }
        return false;
    }

    /**
     * {@code nf_log_dump_udp_header}; true when the dump stops here (header incomplete). {@code transport}
     * is the bytes at hand, {@code udpLength} the UDP length field (what the original datagram had).
     */
    private static boolean udp(StringBuilder sb, Header h, boolean fragment, int transport, int udpLength) {
        sb.append(h.p().protocol() == 17 ? "PROTO=UDP " : "PROTO=UDPLITE ");
        if (fragment) {
            return false;
        }
        if (transport < 8) {
            sb.append("INCOMPLETE [").append(Math.max(transport, 0)).append(" bytes] ");
            return true;
        }
        sb.append("SPT=").append(Math.max(h.sport(), 0)).append(" DPT=").append(Math.max(h.dport(), 0))
                .append(" LEN=").append(udpLength).append(' ');
        return false;
    }

    private static void spi(StringBuilder sb, int transport, int headerBytes) {
        if (transport < headerBytes) {
            sb.append("INCOMPLETE [").append(Math.max(transport, 0)).append(" bytes] ");
        } else {
            sb.append("SPI=0x0 ");
        }
    }

    /** UID/GID (with --log-uid, for packets of a local socket) and MARK, printed for the outer packet only. */
    private static void trailer(StringBuilder sb, LogTarget target, Header h) {
        if (target.uid() && h.uid() != null) {
            sb.append("UID=").append(Integer.toUnsignedString(h.uid())).append(" GID=")
                    .append(Integer.toUnsignedString(h.gid() == null ? 0 : h.gid())).append(' ');
        }
        if (h.mark() != 0) {
            sb.append("MARK=0x").append(Long.toHexString(h.mark() & 0xFFFFFFFFL)).append(' ');
        }
    }

    /** {@code dump_ipv6_packet}; {@code outer} is the kernel's {@code recurse}. */
    private static void ipv6(StringBuilder sb, LogTarget target, Header h, boolean outer) {
        ipv6(sb, target, h, outer, Integer.MAX_VALUE);
    }

    private static void ipv6(StringBuilder sb, LogTarget target, Header h, boolean outer, int available) {
        Packet p = h.p();
        if (available < IPV6_HEADER) {
            sb.append("TRUNCATED");
            return;
        }
        sb.append("SRC=");
        ipv6Full(sb, h.src());
        sb.append(" DST=");
        ipv6Full(sb, h.dst());
        sb.append(' ');
        sb.append("LEN=").append(h.length()).append(" TC=").append(h.tos()).append(" HOPLIMIT=").append(h.ttl())
                .append(" FLOWLBL=0 ");
        boolean ipOptions = target.ipOptions();
        boolean fragment = false;
        int used = IPV6_HEADER;
        List<Integer> ext = p.extensionHeaders();
        for (int i = 0; i < ext.size(); i++) {
            int type = ext.get(i);
            if (ipOptions) {
                sb.append("OPT ( ");
            }
            switch (type) {
                case 44 -> {
                    boolean later = p.fragment();
                    sb.append("FRAG:").append(later ? FRAGMENT_OFFSET_UNITS * 8 : 0).append(' ');
                    if (!later) {
                        sb.append("INCOMPLETE ");
                    }
                    sb.append("ID:00000000 ");
                    fragment = later;
                }
                case 0, 43, 60 -> {
                    if (fragment) {
                        if (ipOptions) {
                            sb.append(')');
                        }
                        return;
                    }
                }
                case 51 -> {
                    if (ipOptions) {
                        sb.append("AH ");
                        if (fragment) {
                            sb.append(')');
                            return;
                        }
                        sb.append("SPI=0x0 ");
                    }
                }
                case 50 -> {
                    if (ipOptions) {
                        sb.append("ESP ");
                        sb.append(fragment ? ")" : "SPI=0x0 )");
                    }
                    return;
                }
                default -> {
                    sb.append("Unknown Ext Hdr ").append(type);
                    return;
                }
            }
            if (ipOptions) {
                sb.append(") ");
            }
            used += IPV6_EXTENSION_HEADER;
        }
        int transport = Math.min(available, h.length()) - used;
        switch (p.protocol()) {
            case 6 -> {
                if (tcp(sb, target, h, fragment, transport)) {
                    return;
                }
            }
            case 17, 136 -> {
                if (udp(sb, h, fragment, transport, h.length() - used)) {
                    return;
                }
            }
            case 58 -> {
                if (!icmpv6(sb, target, h, outer, fragment, transport)) {
                    return;
                }
            }
            default -> sb.append("PROTO=").append(p.protocol()).append(' ');
        }
        if (outer) {
            trailer(sb, target, h);
        }
    }

    /** The ICMPv6 part; false when the dump stops here (header incomplete). */
    private static boolean icmpv6(StringBuilder sb, LogTarget target, Header h, boolean outer, boolean fragment,
                                  int transport) {
        Packet p = h.p();
        sb.append("PROTO=ICMPv6 ");
        if (fragment) {
            return true;
        }
        if (transport < ICMP_HEADER) {
            sb.append("INCOMPLETE [").append(Math.max(transport, 0)).append(" bytes] ");
            return false;
        }
        int type = Math.max(p.icmpType(), 0);
        sb.append("TYPE=").append(type).append(" CODE=").append(Math.max(p.icmpCode(), 0)).append(' ');
        switch (type) {
            case 128, 129 -> sb.append("ID=0 SEQ=0 ");
            case 1, 2, 3, 4 -> {
                if (type == 4) {
                    sb.append("POINTER=00000000 ");
                }
                if (outer) {
                    sb.append('[');
                    if (p.embedded() == null) {
                        sb.append("TRUNCATED");
                    } else {
                        ipv6(sb, target, Header.of(p.embedded()), false, transport - ICMP_HEADER);
                    }
                    sb.append("] ");
                }
                if (type == 2) {
                    sb.append("MTU=0 ");
                }
            }
            default -> { }
        }
        return true;
    }

    /** TCP option bytes as the header would carry them, rebuilt from the option kinds, padded to 4 bytes. */
    static byte[] tcpOptionBytes(Packet p) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int kind : p.tcpOptions()) {
            switch (kind) {
                case 0, 1 -> out.write(kind);
                case 2 -> {
                    int mss = Math.max(p.mss(), 0);
                    out.writeBytes(new byte[] {2, 4, (byte) (mss >> 8), (byte) mss});
                }
                case 3 -> out.writeBytes(new byte[] {3, 3, 0});
                case 4 -> out.writeBytes(new byte[] {4, 2});
                case 8 -> out.writeBytes(new byte[] {8, 10, 0, 0, 0, 0, 0, 0, 0, 0});
                default -> out.writeBytes(new byte[] {(byte) kind, 2});
            }
        }
        while (out.size() % 4 != 0) {
            out.write(0);
        }
        return out.toByteArray();
    }

    /** {@code %pI6}: eight groups of four hex digits, no compression. */
    private static void ipv6Full(StringBuilder sb, IpAddress a) {
        for (int i = 0; i < 8; i++) {
            long word = i < 4 ? a.hi() : a.lo();
            int group = (int) (word >>> (48 - 16 * (i % 4))) & 0xFFFF;
            if (i > 0) {
                sb.append(':');
            }
            sb.append(hex(group, 4, false));
        }
    }

    private static void macAddress(StringBuilder sb, long mac) {
        for (int i = 5; i >= 0; i--) {
            sb.append(hex((int) (mac >>> (8 * i)) & 0xFF, 2, false));
            if (i > 0) {
                sb.append(':');
            }
        }
    }

    private static String hex(int value, int digits, boolean upper) {
        String s = Integer.toHexString(value);
        if (upper) {
            s = s.toUpperCase(java.util.Locale.ROOT);
        }
        return "0".repeat(Math.max(0, digits - s.length())) + s;
    }
}
