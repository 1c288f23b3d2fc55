package dev.rampart.sim.packet;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.model.Family;
import java.util.Locale;

/**
 * Writes packets in the two forms Rampart reads: the JSON contract of DESIGN.md ({@link PacketJson}) and
 * the one-line syntax of {@code trace --packet} ({@link PacketText}), so that a witness an analysis
 * prints can be pasted into {@code rampart trace}. Only the fields the contract names are written
 * (plus {@code src_mac} when set); absent values are {@code null} in JSON and left out of the line.
 */
public final class PacketWriter {
    private PacketWriter() {
    }

    /** {@code p} as a JSON object of the packet contract. */
    public static ObjectNode json(Packet p) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (p.id() != null) {
            o.put("id", p.id());
        }
        o.put("family", p.family() == Family.IPV4 ? 4 : 6);
        putOrNull(o, "in", p.in());
        putOrNull(o, "out", p.out());
        o.put("src", p.src().toString());
        o.put("dst", p.dst().toString());
        o.put("proto", protocolName(p.protocol()));
        if (p.hasPorts()) {
            o.put("sport", p.sport());
            o.put("dport", p.dport());
        } else {
            o.putNull("sport");
            o.putNull("dport");
        }
        if (p.protocol() == 6) {
            ArrayNode flags = o.putArray("tcp_flags");
            for (int i = 0; i < PacketFields.FLAG_NAMES.size(); i++) {
                if ((p.tcpFlags() & (1 << i)) != 0) {
                    flags.add(PacketFields.FLAG_NAMES.get(i));
                }
            }
        } else {
            o.putNull("tcp_flags");
        }
        putOrNull(o, "ct_state", p.ctState() == null ? null : p.ctState().name());
        o.put("len", p.length());
        o.put("ttl", p.ttl());
        if (p.isIcmp() && p.icmpType() >= 0) {
            o.put("icmp_type", p.icmpType());
            o.put("icmp_code", Math.max(0, p.icmpCode()));
        } else {
            o.putNull("icmp_type");
            o.putNull("icmp_code");
        }
        o.put("fragment", p.fragment());
        o.put("mark", p.mark());
        putOrNull(o, "time", p.time() == null ? null : p.time().toString());
        if (p.srcMac() >= 0) {
            o.put("src_mac", mac(p.srcMac()));
        }
        return o;
    }

    /** {@code p} in the one-line syntax, e.g. {@code tcp 192.0.2.1:40000 > 198.51.100.1:22 in eth0 syn state NEW}. */
    public static String text(Packet p) {
        StringBuilder sb = new StringBuilder(protocolName(p.protocol())).append(' ');
        endpoint(sb, p, true);
        sb.append(" > ");
        endpoint(sb, p, false);
        if (p.in() != null) {
            sb.append(" in ").append(p.in());
        }
        if (p.out() != null) {
            sb.append(" out ").append(p.out());
        }
        if (p.protocol() == 6 && p.tcpFlags() != 0) {
            StringBuilder flags = new StringBuilder();
            for (int i = 0; i < PacketFields.FLAG_NAMES.size(); i++) {
                if ((p.tcpFlags() & (1 << i)) != 0) {
                    flags.append(flags.length() == 0 ? "" : ",").append(PacketFields.FLAG_NAMES.get(i).toLowerCase(Locale.ROOT));
                }
            }
            sb.append(' ').append(flags);
        }
        if (p.isIcmp() && p.icmpType() >= 0) {
            sb.append(" type ").append(p.icmpType());
            if (p.icmpCode() > 0) {
                sb.append('/').append(p.icmpCode());
            }
        }
        if (p.fragment()) {
            sb.append(" frag");
        }
        if (p.ctState() != null) {
            sb.append(" state ").append(p.ctState().name());
        }
        if (p.mark() != 0) {
            sb.append(" mark ").append(p.mark());
        }
        if (p.ttl() != 64) {
            sb.append(" ttl ").append(p.ttl());
        }
        if (p.srcMac() >= 0) {
            sb.append(" mac ").append(mac(p.srcMac()));
        }
        return sb.toString();
    }

    private static void endpoint(StringBuilder sb, Packet p, boolean source) {
        String addr = (source ? p.src() : p.dst()).toString();
        int port = source ? p.sport() : p.dport();
        boolean withPort = p.hasPorts() && port >= 0;
        if (withPort && p.family() == Family.IPV6) {
            sb.append('[').append(addr).append("]:").append(port);
        } else if (withPort) {
            sb.append(addr).append(':').append(port);
        } else {
            sb.append(addr);
        }
    }

    /** The protocol's usual name, or its number. */
    public static String protocolName(int protocol) {
        return switch (protocol) {
            case 1 -> "icmp";
            case 6 -> "tcp";
            case 17 -> "udp";
            case 33 -> "dccp";
            case 58 -> "icmpv6";
            case 132 -> "sctp";
            case 136 -> "udplite";
            default -> Integer.toString(protocol);
        };
    }

    private static String mac(long mac) {
        StringBuilder sb = new StringBuilder();
        for (int i = 5; i >= 0; i--) {
            sb.append(String.format(Locale.ROOT, "%02x", (mac >>> (8 * i)) & 0xFF));
            if (i > 0) {
                sb.append(':');
            }
        }
        return sb.toString();
    }

    private static void putOrNull(ObjectNode o, String name, String value) {
        if (value == null) {
            o.putNull(name);
        } else {
            o.put(name, value);
        }
    }
}
