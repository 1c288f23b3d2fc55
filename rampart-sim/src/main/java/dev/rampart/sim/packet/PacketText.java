package dev.rampart.sim.packet;

import dev.rampart.model.Family;
import dev.rampart.model.net.IpAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the one-line packet syntax of {@code rampart trace --packet}:
 * <pre>
 *   PROTO SRC[:PORT] &gt; DST[:PORT] [WORD VALUE | FLAG]...
 *   tcp 203.0.113.5:40000 &gt; 198.51.100.10:22 in eth0 syn
 *   udp [2001:db8::5]:5353 &gt; [2001:db8::1]:53 out eth1
 *   icmp 192.0.2.1 &gt; 198.51.100.10 in eth0 type echo-request
 * </pre>
 * Words: {@code in IF}, {@code out IF}, {@code flags SYN,ACK} or the bare flags {@code syn ack fin rst
 * psh urg ece cwr} (also comma-joined, {@code syn,ack}), {@code type NAME|N[/CODE]}, {@code code N},
 * {@code len N}, {@code ttl N} / {@code hl N}, {@code tos N}, {@code mark N}, {@code state STATE},
 * {@code frag}, {@code at TIME}, {@code id NAME}, {@code mss N}, {@code seq N}, {@code ackseq N},
 * {@code uid N}, {@code gid N}, {@code physin IF}, {@code physout IF}, {@code mac XX:..}, {@code payload
 * TEXT}. IPv6 addresses with a port go in brackets. Errors carry the 1-based column of the word at fault.
 */
public final class PacketText {
    private PacketText() {
    }

    /** A word of the line and the column it starts at. */
    private record Word(String text, int column) {
    }

    /** Parses one packet line. */
    public static Packet parse(String line) throws PacketSyntaxException {
        List<Word> words = split(line);
        if (words.size() < 4 || !words.get(2).text().equals(">")) {
            throw new PacketSyntaxException("expected 'PROTO SRC[:PORT] > DST[:PORT] ...', e.g. "
                    + "'tcp 203.0.113.5:40000 > 198.51.100.10:22 in eth0 syn'", 1, null);
        }
        Word w = null;
        try {
            w = words.get(0);
            int proto = PacketFields.protocol(w.text());
            w = words.get(1);
            Endpoint src = endpoint(w.text());
            w = words.get(3);
            Endpoint dst = endpoint(w.text());
            if (src.address().family() != dst.address().family()) {
                throw new IllegalArgumentException("source and destination must be of one family");
            }
            Packet.Builder b = Packet.builder(src.address(), dst.address(), proto).sport(src.port()).dport(dst.port());
            Family family = src.address().family();
            int flags = 0;
            int icmpCode = -1;
            boolean codeGiven = false;
            for (int i = 4; i < words.size(); i++) {
                w = words.get(i);
                String key = w.text().toLowerCase(Locale.ROOT);
                if (isFlagList(key)) {
                    flags |= PacketFields.flags(key);
                    continue;
                }
                if (key.equals("frag")) {
                    b.fragment(true);
                    continue;
                }
                if (i + 1 >= words.size()) {
                    throw new IllegalArgumentException(knownWord(key) ? "'" + w.text() + "' needs a value"
                            : unknownWord(w.text()));
                }
                Word value = words.get(++i);
                String v = value.text();
                switch (key) {
                    case "in" -> b.in(v);
                    case "out" -> b.out(v);
                    case "flags" -> flags |= PacketFields.flags(v);
                    case "type" -> {
                        w = value;
                        int[] tc = PacketFields.icmpType(family, v);
                        b.icmpType(tc[0]);
                        if (tc[1] >= 0 && !codeGiven) {
                            icmpCode = tc[1];
                        }
                    }
                    case "code" -> {
                        w = value;
                        icmpCode = PacketFields.byteValue(v, "ICMP code");
                        codeGiven = true;
                    }
                    case "len", "length" -> { w = value; b.length(PacketFields.integer(v, "length")); }
                    case "ttl", "hl" -> { w = value; b.ttl(PacketFields.byteValue(v, "TTL")); }
                    case "tos" -> { w = value; b.tos(PacketFields.byteValue(v, "TOS")); }
                    case "mark" -> { w = value; b.mark(PacketFields.unsigned32(v, "mark")); }
                    case "state", "ct" -> { w = value; b.ctState(PacketFields.ctState(v)); }
                    case "at", "time" -> { w = value; b.time(PacketFields.time(v)); }
                    case "id" -> b.id(v);
                    case "mss" -> { w = value; b.mss(PacketFields.integer(v, "MSS")); b.tcpOptions(List.of(2)); }
                    case "seq" -> { w = value; b.seq(PacketFields.unsigned32(v, "sequence number")); }
                    case "ackseq" -> { w = value; b.ack(PacketFields.unsigned32(v, "acknowledgement number")); }
                    case "uid" -> { w = value; b.uid(PacketFields.integer(v, "uid")); }
                    case "gid" -> { w = value; b.gid(PacketFields.integer(v, "gid")); }
                    case "physin" -> b.physIn(v);
                    case "physout" -> b.physOut(v);
                    case "mac" -> { w = value; b.srcMac(PacketFields.mac(v)); }
                    case "payload" -> b.payload(v);
                    default -> {
                        i--;
                        throw new IllegalArgumentException(unknownWord(w.text()));
                    }
                }
            }
            if (icmpCode >= 0 || proto == 1 || proto == 58) {
                b.icmpCode(Math.max(icmpCode, 0));
            }
            b.tcpFlags(flags);
            Packet p = b.build();
            w = words.get(0);
            PacketFields.validate(p);
            return p;
        } catch (IllegalArgumentException e) {
            throw new PacketSyntaxException(e.getMessage(), w == null ? 1 : w.column(), null);
        }
    }

    private static final List<String> WORDS = List.of("in", "out", "flags", "type", "code", "len", "length",
            "ttl", "hl", "tos", "mark", "state", "ct", "at", "time", "id", "mss", "seq", "ackseq", "uid", "gid",
            "physin", "physout", "mac", "payload", "frag", "syn", "ack", "fin", "rst", "psh", "urg", "ece", "cwr");

    private static boolean knownWord(String key) {
        return WORDS.contains(key);
    }

    private static String unknownWord(String word) {
        String d = dev.rampart.model.diag.Suggest.didYouMean(word.toLowerCase(Locale.ROOT), WORDS);
        return "unknown word '" + word + "'" + (d == null ? "" : "; " + d);
    }

    private static boolean isFlagList(String key) {
        for (String f : key.split(",", -1)) {
            if (!PacketFields.FLAG_NAMES.contains(f.toUpperCase(Locale.ROOT))) {
                return false;
            }
        }
        return true;
    }

    /** An address with an optional port (-1). */
    private record Endpoint(IpAddress address, int port) {
    }

    private static Endpoint endpoint(String text) {
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("missing ']' after IPv6 address");
            }
            IpAddress a = PacketFields.address(text.substring(1, close));
            String rest = text.substring(close + 1);
            if (rest.isEmpty()) {
                return new Endpoint(a, -1);
            }
            if (!rest.startsWith(":")) {
                throw new IllegalArgumentException("expected ':PORT' after ']'");
            }
            return new Endpoint(a, PacketFields.port(rest.substring(1)));
        }
        int colon = text.indexOf(':');
        if (colon >= 0 && text.indexOf(':', colon + 1) < 0) {
            return new Endpoint(PacketFields.address(text.substring(0, colon)),
                    PacketFields.port(text.substring(colon + 1)));
        }
        return new Endpoint(PacketFields.address(text), -1);
    }

    private static List<Word> split(String line) {
        List<Word> out = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int start = i;
            if (line.charAt(i) == '"') {
                i++;
                StringBuilder sb = new StringBuilder();
                while (i < n && line.charAt(i) != '"') {
                    sb.append(line.charAt(i++));
                }
                i++;
                out.add(new Word(sb.toString(), start + 1));
                continue;
            }
            while (i < n && !Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            out.add(new Word(line.substring(start, i), start + 1));
        }
        return out;
    }
}
