package dev.rampart.sim.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rampart.model.Family;
import dev.rampart.model.net.IpAddress;
import dev.rampart.sim.packet.Packet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the packet lists of the kernel test cases: one JSON object per line in the packet contract of
 * DESIGN.md ({@code id, family, in, out, src, dst, proto, sport, dport, tcp_flags, ct_state, len, ttl,
 * icmp_type, icmp_code, fragment, mark, time}), plus the header fields the harness can also put on the
 * wire: {@code tos}, {@code tcp_options} (kind numbers), {@code mss}, {@code seq}, {@code ack},
 * {@code payload}, {@code ext_headers}. A line {@code {"flush":true}} is not a packet but a step: forget
 * all connections (kernel and simulator) before the next packet. Blank lines and lines starting with
 * {@code #} or {@code //} are skipped.
 */
final class PacketLines {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Integer> PROTOCOLS = Map.ofEntries(
            Map.entry("tcp", 6), Map.entry("udp", 17), Map.entry("icmp", 1), Map.entry("icmpv6", 58),
            Map.entry("ipv6-icmp", 58), Map.entry("sctp", 132), Map.entry("dccp", 33), Map.entry("udplite", 136),
            Map.entry("esp", 50), Map.entry("ah", 51), Map.entry("gre", 47));
    private static final Map<String, Integer> FLAGS = Map.of("FIN", Packet.FIN, "SYN", Packet.SYN, "RST", Packet.RST,
            "PSH", Packet.PSH, "ACK", Packet.ACK, "URG", Packet.URG, "ECE", Packet.ECE, "CWR", Packet.CWR);

    private PacketLines() {
    }

    /** One step of a case: a packet to check, or a conntrack flush. */
    sealed interface Step permits Send, Flush {
    }

    record Send(Packet packet, int line) implements Step {
    }

    record Flush(int line) implements Step {
    }

    /** Parses {@code text}; {@code file} names it in errors ({@code FILE:LINE: message}). */
    static List<Step> parse(String text, String file) {
        List<Step> steps = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("//")) {
                continue;
            }
            try {
                JsonNode n = JSON.readTree(line);
                if (n.path("flush").asBoolean(false)) {
                    steps.add(new Flush(i + 1));
                } else {
                    Packet p = packet(n);
                    steps.add(new Send(p.id() == null ? p.withId(file + ":" + (i + 1)) : p, i + 1));
                }
            } catch (Exception e) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return steps;
    }

    /** Parses one packet object. */
    static Packet packet(String json) {
        try {
            return packet(JSON.readTree(json));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static Packet packet(JsonNode n) {
        IpAddress src = IpAddress.parse(required(n, "src"));
        IpAddress dst = IpAddress.parse(required(n, "dst"));
        if (n.hasNonNull("family") && Family.parse(n.get("family").asText()) != src.family()) {
            throw new IllegalArgumentException("family " + n.get("family").asText() + " does not match " + src);
        }
        String proto = required(n, "proto").toLowerCase(Locale.ROOT);
        Integer number = PROTOCOLS.get(proto);
        int protocol = number != null ? number : Integer.parseInt(proto);
        Packet.Builder b = Packet.builder(src, dst, protocol);
        if (n.hasNonNull("id")) {
            b.id(n.get("id").asText());
        }
        if (n.hasNonNull("in")) {
            b.in(n.get("in").asText());
        }
        if (n.hasNonNull("out")) {
            b.out(n.get("out").asText());
        }
        b.sport(n.path("sport").asInt(-1)).dport(n.path("dport").asInt(-1));
        int flags = 0;
        for (JsonNode f : n.path("tcp_flags")) {
            Integer bit = FLAGS.get(f.asText().toUpperCase(Locale.ROOT));
            if (bit == null) {
                throw new IllegalArgumentException("unknown TCP flag '" + f.asText() + "'");
            }
            flags |= bit;
        }
        b.tcpFlags(flags);
        if (n.hasNonNull("ct_state")) {
            b.ctState(dev.rampart.model.match.CtState.valueOf(n.get("ct_state").asText().toUpperCase(Locale.ROOT)));
        }
        if (n.hasNonNull("ttl")) {
            b.ttl(n.get("ttl").asInt());
        }
        b.tos(n.path("tos").asInt(0));
        b.icmpType(n.path("icmp_type").asInt(-1)).icmpCode(n.path("icmp_code").asInt(-1));
        b.fragment(n.path("fragment").asBoolean(false));
        b.mark(n.path("mark").asLong(0));
        if (n.hasNonNull("time")) {
            b.time(Instant.parse(n.get("time").asText()));
        }
        List<Integer> options = new ArrayList<>();
        n.path("tcp_options").forEach(o -> options.add(o.asInt()));
        b.tcpOptions(options).mss(n.path("mss").asInt(-1));
        b.seq(n.path("seq").asLong(-1)).ack(n.path("ack").asLong(-1));
        b.payload(n.path("payload").asText(""));
        List<Integer> ext = new ArrayList<>();
        n.path("ext_headers").forEach(o -> ext.add(o.asInt()));
        b.extensionHeaders(ext);
        if (n.hasNonNull("len")) {
            b.length(n.get("len").asInt());
        }
        return b.build();
    }

    private static String required(JsonNode n, String field) {
        if (!n.hasNonNull(field)) {
            throw new IllegalArgumentException("missing '" + field + "'");
        }
        return n.get(field).asText();
    }

    /** The packet as one JSON line in the same format (for reports and generated cases). */
    static String toJson(Packet p) {
        var o = JSON.createObjectNode();
        if (p.id() != null) {
            o.put("id", p.id());
        }
        o.put("family", p.family().number());
        o.put("in", p.in());
        o.put("out", p.out());
        o.put("src", p.src().toString());
        o.put("dst", p.dst().toString());
        o.put("proto", protocolName(p.protocol()));
        if (p.sport() >= 0) {
            o.put("sport", p.sport());
        }
        if (p.dport() >= 0) {
            o.put("dport", p.dport());
        }
        if (p.tcpFlags() != 0) {
            var arr = o.putArray("tcp_flags");
            String[] names = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"};
            for (int bit = 0; bit < 8; bit++) {
                if ((p.tcpFlags() & (1 << bit)) != 0) {
                    arr.add(names[bit]);
                }
            }
        }
        o.put("len", p.length());
        o.put("ttl", p.ttl());
        if (p.tos() != 0) {
            o.put("tos", p.tos());
        }
        if (p.icmpType() >= 0) {
            o.put("icmp_type", p.icmpType());
        }
        if (p.icmpCode() >= 0) {
            o.put("icmp_code", p.icmpCode());
        }
        if (p.fragment()) {
            o.put("fragment", true);
        }
        if (!p.tcpOptions().isEmpty()) {
            var arr = o.putArray("tcp_options");
            p.tcpOptions().forEach(arr::add);
        }
        if (p.mss() >= 0) {
            o.put("mss", p.mss());
        }
        if (!p.extensionHeaders().isEmpty()) {
            var arr = o.putArray("ext_headers");
            p.extensionHeaders().forEach(arr::add);
        }
        if (p.time() != null) {
            o.put("time", p.time().toString());
        }
        return o.toString();
    }

    private static String protocolName(int protocol) {
        for (var e : PROTOCOLS.entrySet()) {
            if (e.getValue() == protocol && !e.getKey().equals("ipv6-icmp")) {
                return e.getKey();
            }
        }
        return Integer.toString(protocol);
    }
}
