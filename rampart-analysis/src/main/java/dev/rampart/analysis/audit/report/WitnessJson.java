package dev.rampart.analysis.audit.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.model.Family;
import dev.rampart.model.net.Protocol;
import dev.rampart.sim.packet.Packet;
import java.util.List;

/**
 * Writes a witness packet as the packet JSON object of DESIGN.md ({@code id family in out src dst proto
 * sport dport tcp_flags ct_state len ttl icmp_type icmp_code fragment mark}), which
 * {@code dev.rampart.sim.packet.PacketJson} reads back, so a witness can be replayed with
 * {@code rampart trace --packets}. Absent fields are null; {@code time} is left out (the simulator's
 * clock decides).
 */
public final class WitnessJson {
    private static final List<String> FLAGS = List.of("FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR");

    private WitnessJson() {
    }

    /** The packet as a JSON object. */
    public static ObjectNode of(Packet p) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (p.id() == null) {
            o.putNull("id");
        } else {
            o.put("id", p.id());
        }
        o.put("family", p.family().number());
        putText(o, "in", p.in());
        putText(o, "out", p.out());
        o.put("src", p.src().toString());
        o.put("dst", p.dst().toString());
        o.put("proto", protocol(p));
        putInt(o, "sport", p.sport());
        putInt(o, "dport", p.dport());
        if (p.protocol() == 6 && !p.fragment()) {
            ArrayNode flags = o.putArray("tcp_flags");
            for (int i = 0; i < FLAGS.size(); i++) {
                if ((p.tcpFlags() & (1 << i)) != 0) {
                    flags.add(FLAGS.get(i));
                }
            }
        } else {
            o.putNull("tcp_flags");
        }
        putText(o, "ct_state", p.ctState() == null ? null : p.ctState().name());
        o.put("len", p.length());
        o.put("ttl", p.ttl());
        putInt(o, "icmp_type", p.icmpType());
        putInt(o, "icmp_code", p.icmpCode());
        o.put("fragment", p.fragment());
        o.put("mark", p.mark());
        return o;
    }

    private static String protocol(Packet p) {
        if (p.protocol() == 58 && p.family() == Family.IPV6) {
            return "icmpv6";
        }
        String name = Protocol.of(p.protocol()).toString();
        return name;
    }

    private static void putText(ObjectNode o, String key, String value) {
        if (value == null) {
            o.putNull(key);
        } else {
            o.put(key, value);
        }
    }

    private static void putInt(ObjectNode o, String key, int value) {
        if (value < 0) {
            o.putNull(key);
        } else {
            o.put(key, value);
        }
    }
}
