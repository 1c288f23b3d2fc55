package dev.rampart.sim.packet;

import dev.rampart.model.Family;
import dev.rampart.model.ipset.IcmpNames;
import dev.rampart.model.match.CtState;
import dev.rampart.model.net.IpAddress;
import dev.rampart.model.net.Protocol;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Value parsers shared by the text and JSON packet readers; each throws IllegalArgumentException with the reason. */
final class PacketFields {
    static final List<String> FLAG_NAMES = List.of("FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR");

    private PacketFields() {
    }

    static int protocol(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        if (t.equals("icmpv6") || t.equals("icmp6")) {
            return 58;
        }
        Protocol p = Protocol.parse(t);
        if (p == null || p.number() == 0) {
            throw new IllegalArgumentException("unknown protocol '" + text + "'"
                    + hint(t, Protocol.names().stream().map(n -> n.toLowerCase(Locale.ROOT)).distinct().toList()));
        }
        return p.number();
    }

    private static String hint(String word, java.util.Collection<String> candidates) {
        String d = dev.rampart.model.diag.Suggest.didYouMean(word, candidates);
        return d == null ? "" : "; " + d;
    }

    static IpAddress address(String text) {
        return IpAddress.parse(text);
    }

    static int port(String text) {
        int v = integer(text, "port");
        if (v < 0 || v > 65535) {
            throw new IllegalArgumentException("port " + v + " is out of range 0..65535");
        }
        return v;
    }

    static int integer(String text, String what) {
        try {
            if (text.startsWith("0x") || text.startsWith("0X")) {
                return Integer.parseUnsignedInt(text.substring(2), 16);
            }
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + text + "' is not a number");
        }
    }

    static long unsigned32(String text, String what) {
        try {
            long v = text.startsWith("0x") || text.startsWith("0X") ? Long.parseLong(text.substring(2), 16)
                    : Long.parseLong(text);
            if (v < 0 || v > 0xFFFFFFFFL) {
                throw new IllegalArgumentException(what + " " + text + " is out of range 0..0xffffffff");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + text + "' is not a number");
        }
    }

    static int byteValue(String text, String what) {
        int v = integer(text, what);
        if (v < 0 || v > 255) {
            throw new IllegalArgumentException(what + " " + v + " is out of range 0..255");
        }
        return v;
    }

    /** One TCP flag name (any case) to its bit. */
    static int flag(String name) {
        int i = FLAG_NAMES.indexOf(name.toUpperCase(Locale.ROOT));
        if (i < 0) {
            throw new IllegalArgumentException("unknown TCP flag '" + name + "'"
                    + hint(name.toUpperCase(Locale.ROOT), FLAG_NAMES));
        }
        return 1 << i;
    }

    /** Comma-separated TCP flags; NONE for none. */
    static int flags(String text) {
        if (text.equalsIgnoreCase("NONE")) {
            return 0;
        }
        int bits = 0;
        for (String f : text.split(",", -1)) {
            bits |= flag(f);
        }
        return bits;
    }

    /** ICMP type by number or name ({@code echo-request}); returns {type, code or -1}. */
    static int[] icmpType(Family family, String text) {
        if (!text.isEmpty() && Character.isDigit(text.charAt(0))) {
            int slash = text.indexOf('/');
            if (slash > 0) {
                return new int[] {byteValue(text.substring(0, slash), "ICMP type"),
                    byteValue(text.substring(slash + 1), "ICMP code")};
            }
            return new int[] {byteValue(text, "ICMP type"), -1};
        }
        boolean v6 = family == Family.IPV6;
        int[] tc = IcmpNames.lookup(v6, text.toLowerCase(Locale.ROOT));
        if (tc == null) {
            throw new IllegalArgumentException("unknown ICMP" + (v6 ? "v6" : "") + " type '" + text + "'"
                    + hint(text, IcmpNames.names(v6)));
        }
        return tc;
    }

    static CtState ctState(String text) {
        try {
            CtState s = CtState.valueOf(text.toUpperCase(Locale.ROOT));
            if (s == CtState.SNAT || s == CtState.DNAT) {
                throw new IllegalArgumentException("ct_state " + text + " is not a packet state");
            }
            return s;
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("ct_state")) {
                throw e;
            }
            throw new IllegalArgumentException("unknown conntrack state '" + text
                    + "'; states are NEW, ESTABLISHED, RELATED, INVALID, UNTRACKED");
        }
    }

    static Instant time(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("time '" + text + "' is not an ISO-8601 instant such as"
                    + " 2026-01-01T12:00:00Z");
        }
    }

    static long mac(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length != 6) {
            throw new IllegalArgumentException("MAC address '" + text + "' needs six hex bytes XX:XX:XX:XX:XX:XX");
        }
        long v = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 2) {
                throw new IllegalArgumentException("MAC address '" + text + "' needs six hex bytes");
            }
            try {
                v = (v << 8) | Integer.parseInt(p, 16);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("MAC address '" + text + "' needs six hex bytes");
            }
        }
        return v;
    }

    static List<Integer> intList(String text, String what) {
        List<Integer> out = new ArrayList<>();
        for (String s : text.split(",", -1)) {
            out.add(byteValue(s, what));
        }
        return out;
    }

    /** Checks a finished packet for contradictions the builder does not catch. */
    static void validate(Packet p) {
        boolean ports = p.protocol() == 6 || p.protocol() == 17 || p.protocol() == 132 || p.protocol() == 33
                || p.protocol() == 136;
        if (!ports && (p.sport() >= 0 || p.dport() >= 0)) {
            throw new IllegalArgumentException("protocol " + p.protocol() + " has no ports");
        }
        if (ports && !p.fragment() && (p.sport() < 0 || p.dport() < 0)) {
            throw new IllegalArgumentException("a " + Protocol.of(p.protocol()).saveName()
                    + " packet needs a source and a destination port (address:port)");
        }
        if (p.isIcmp() && !p.fragment() && p.icmpType() < 0) {
            throw new IllegalArgumentException("an ICMP packet needs a type (e.g. 'type echo-request')");
        }
        if (!p.isIcmp() && p.icmpType() >= 0) {
            throw new IllegalArgumentException("ICMP type given for a non-ICMP packet");
        }
        if (p.tcpFlags() != 0 && p.protocol() != 6) {
            throw new IllegalArgumentException("TCP flags given for a non-TCP packet");
        }
    }
}
