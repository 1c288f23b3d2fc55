package dev.rampart.sim.packet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rampart.model.Family;
import dev.rampart.model.net.IpAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads packets in the JSON contract of DESIGN.md, one object per line:
 * {@code {"id":"p1","family":4,"in":"eth0","out":null,"src":"203.0.113.5","dst":"198.51.100.10",
 * "proto":"tcp","sport":40000,"dport":22,"tcp_flags":["SYN"],"ct_state":null,"len":60,"ttl":64,
 * "icmp_type":null,"icmp_code":null,"fragment":false,"mark":0,"time":"2026-01-01T12:00:00Z"}}.
 * Only {@code src}, {@code dst} and {@code proto} are required; null means absent. Beyond the contract
 * it reads {@code tos}, {@code mss}, {@code tcp_options}, {@code seq}, {@code ack}, {@code phys_in},
 * {@code phys_out}, {@code src_mac}, {@code uid}, {@code gid}, {@code payload}, {@code ext_headers} and
 * {@code embedded} (the inner header of an ICMP error, itself a packet object). Unknown members are
 * errors, so a misspelt field never silently means "absent".
 */
public final class PacketJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> FIELDS = List.of("id", "family", "in", "out", "src", "dst", "proto", "sport",
            "dport", "tcp_flags", "ct_state", "len", "ttl", "icmp_type", "icmp_code", "fragment", "mark", "time",
            "tos", "mss", "tcp_options", "seq", "ack", "phys_in", "phys_out", "src_mac", "uid", "gid", "payload",
            "ext_headers", "embedded");

    private PacketJson() {
    }

    /** Parses one JSON object. */
    public static Packet parse(String line) throws PacketSyntaxException {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            String msg = e.getOriginalMessage();
            int col = e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
            throw new PacketSyntaxException("invalid JSON: " + msg, col, null);
        }
        if (node == null || !node.isObject()) {
            throw new PacketSyntaxException("a packet is a JSON object such as {\"src\":\"203.0.113.5\","
                    + "\"dst\":\"198.51.100.10\",\"proto\":\"tcp\",\"sport\":40000,\"dport\":22}", 1, null);
        }
        return packet(node);
    }

    /** The {@code id} member of a line that is at least a JSON object, for error objects; null otherwise. */
    public static String idOf(String line) {
        try {
            JsonNode n = MAPPER.readTree(line);
            return n != null && n.isObject() && n.hasNonNull("id") ? n.get("id").asText() : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static Packet packet(JsonNode node) throws PacketSyntaxException {
        String field = null;
        try {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                String name = it.next().getKey();
                if (!FIELDS.contains(name)) {
                    field = name;
                    String d = dev.rampart.model.diag.Suggest.didYouMean(name, FIELDS);
                    throw new IllegalArgumentException("unknown member '" + name + "'" + (d == null ? "" : "; " + d));
                }
            }
            field = "src";
            IpAddress src = PacketFields.address(required(node, "src"));
            field = "dst";
            IpAddress dst = PacketFields.address(required(node, "dst"));
            field = "family";
            if (has(node, "family")) {
                Family f = Family.parse(node.get("family").asText());
                if (f != src.family()) {
                    throw new IllegalArgumentException("family " + f.number() + " but src is IPv" + src.family().number());
                }
            }
            if (src.family() != dst.family()) {
                field = "dst";
                throw new IllegalArgumentException("src and dst must be of one family");
            }
            field = "proto";
            JsonNode protoNode = node.get("proto");
            if (protoNode == null || protoNode.isNull()) {
                throw new IllegalArgumentException("missing required member 'proto'");
            }
            int proto = protoNode.isInt() ? PacketFields.byteValue(protoNode.asText(), "protocol")
                    : PacketFields.protocol(protoNode.asText());
            Packet.Builder b = Packet.builder(src, dst, proto);
            field = "id";
            if (has(node, "id")) {
                b.id(node.get("id").asText());
            }
            field = "in";
            if (has(node, "in")) {
                b.in(text(node, "in"));
            }
            field = "out";
            if (has(node, "out")) {
                b.out(text(node, "out"));
            }
            field = "sport";
            if (has(node, "sport")) {
                b.sport(PacketFields.port(node.get("sport").asText()));
            }
            field = "dport";
            if (has(node, "dport")) {
                b.dport(PacketFields.port(node.get("dport").asText()));
            }
            field = "tcp_flags";
            if (has(node, "tcp_flags")) {
                JsonNode flags = node.get("tcp_flags");
                int bits = 0;
                if (flags.isArray()) {
                    for (JsonNode f : flags) {
                        bits |= PacketFields.flag(f.asText());
                    }
                } else {
                    bits = PacketFields.flags(flags.asText());
                }
                b.tcpFlags(bits);
            }
            field = "ct_state";
            if (has(node, "ct_state")) {
                b.ctState(PacketFields.ctState(node.get("ct_state").asText()));
            }
            field = "len";
            if (has(node, "len")) {
                b.length(PacketFields.integer(node.get("len").asText(), "length"));
            }
            field = "ttl";
            if (has(node, "ttl")) {
                b.ttl(PacketFields.byteValue(node.get("ttl").asText(), "TTL"));
            }
            field = "icmp_type";
            int code = -1;
            if (has(node, "icmp_type")) {
                int[] tc = PacketFields.icmpType(src.family(), node.get("icmp_type").asText());
                b.icmpType(tc[0]);
                code = tc[1];
            }
            field = "icmp_code";
            if (has(node, "icmp_code")) {
                code = PacketFields.byteValue(node.get("icmp_code").asText(), "ICMP code");
            }
            if (proto == 1 || proto == 58) {
                b.icmpCode(Math.max(code, 0));
            }
            field = "fragment";
            if (has(node, "fragment")) {
                b.fragment(bool(node, "fragment"));
            }
            field = "mark";
            if (has(node, "mark")) {
                b.mark(PacketFields.unsigned32(node.get("mark").asText(), "mark"));
            }
            field = "time";
            if (has(node, "time")) {
                b.time(PacketFields.time(node.get("time").asText()));
            }
            field = "tos";
            if (has(node, "tos")) {
                b.tos(PacketFields.byteValue(node.get("tos").asText(), "TOS"));
            }
            field = "mss";
            if (has(node, "mss")) {
                b.mss(PacketFields.integer(node.get("mss").asText(), "MSS"));
            }
            field = "tcp_options";
            if (has(node, "tcp_options")) {
                b.tcpOptions(ints(node.get("tcp_options"), "TCP option kind"));
            } else if (has(node, "mss")) {
                b.tcpOptions(List.of(2));
            }
            field = "seq";
            if (has(node, "seq")) {
                b.seq(PacketFields.unsigned32(node.get("seq").asText(), "sequence number"));
            }
            field = "ack";
            if (has(node, "ack")) {
                b.ack(PacketFields.unsigned32(node.get("ack").asText(), "acknowledgement number"));
            }
            field = "phys_in";
            if (has(node, "phys_in")) {
                b.physIn(text(node, "phys_in"));
            }
            field = "phys_out";
            if (has(node, "phys_out")) {
                b.physOut(text(node, "phys_out"));
            }
            field = "src_mac";
            if (has(node, "src_mac")) {
                b.srcMac(PacketFields.mac(node.get("src_mac").asText()));
            }
            field = "uid";
            if (has(node, "uid")) {
                b.uid(PacketFields.integer(node.get("uid").asText(), "uid"));
            }
            field = "gid";
            if (has(node, "gid")) {
                b.gid(PacketFields.integer(node.get("gid").asText(), "gid"));
            }
            field = "payload";
            if (has(node, "payload")) {
                b.payload(text(node, "payload"));
            }
            field = "ext_headers";
            if (has(node, "ext_headers")) {
                b.extensionHeaders(ints(node.get("ext_headers"), "extension header"));
            }
            field = "embedded";
            if (has(node, "embedded")) {
                Packet inner = packet(node.get("embedded"));
                b.embedded(inner);
            }
            field = null;
            Packet p = b.build();
            PacketFields.validate(p);
            return p;
        } catch (IllegalArgumentException e) {
            throw new PacketSyntaxException(e.getMessage(), 0, field);
        }
    }

    private static boolean has(JsonNode node, String name) {
        return node.hasNonNull(name);
    }

    private static String required(JsonNode node, String name) {
        if (!has(node, name)) {
            throw new IllegalArgumentException("missing required member '" + name + "'");
        }
        return text(node, name);
    }

    private static String text(JsonNode node, String name) {
        JsonNode v = node.get(name);
        if (!v.isTextual()) {
            throw new IllegalArgumentException("'" + name + "' must be a string");
        }
        return v.asText();
    }

    private static boolean bool(JsonNode node, String name) {
        JsonNode v = node.get(name);
        if (!v.isBoolean()) {
            throw new IllegalArgumentException("'" + name + "' must be true or false");
        }
        return v.asBoolean();
    }

    private static List<Integer> ints(JsonNode v, String what) {
        if (!v.isArray()) {
            throw new IllegalArgumentException("expected an array of numbers");
        }
        List<Integer> out = new ArrayList<>();
        for (JsonNode n : v) {
            out.add(PacketFields.byteValue(n.asText(), what));
        }
        return out;
    }
}
