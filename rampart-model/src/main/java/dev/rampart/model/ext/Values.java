package dev.rampart.model.ext;

import dev.rampart.model.net.PortRange;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Parsers for the value types extensions share, with iptables' exact acceptance rules and messages.
 * Numbers follow {@code strtoul(..., 0)}: decimal, {@code 0x} hex, leading-zero octal.
 */
public final class Values {
    private static final Map<String, Integer> SERVICES = loadServices();

    private Values() {
    }

    /**
     * Parses an unsigned number as {@code xtables_strtoul} (base 0) and checks it lies in min..max.
     * Throws a value error on {@code use}'s argument otherwise.
     */
    public static long number(OptionUse use, String text, long min, long max) throws ExtensionException {
        long v = parseUnsigned(text);
        if (v < 0 || v < min || v > max) {
            throw ExtensionException.badValue(use, "invalid value '" + text + "' for --" + use.name()
                    + "; expected a number from " + min + " to " + max);
        }
        return v;
    }

    /** Parses as {@code strtoul(text, 0)} in full; returns -1 when not a number or over 2^63-1. */
    public static long parseUnsigned(String text) {
        if (text.isEmpty()) {
            return -1;
        }
        int radix = 10;
        int i = 0;
        if (text.length() > 1 && text.charAt(0) == '0') {
            if (text.charAt(1) == 'x' || text.charAt(1) == 'X') {
                radix = 16;
                i = 2;
                if (text.length() == 2) {
                    return -1;
                }
            } else {
                radix = 8;
                i = 1;
            }
        }
        long v = 0;
        for (; i < text.length(); i++) {
            int d = Character.digit(text.charAt(i), radix);
            if (d < 0) {
                return -1;
            }
            if (v > (Long.MAX_VALUE - d) / radix) {
                return -1;
            }
            v = v * radix + d;
        }
        return v;
    }

    /**
     * A port as iptables' {@code xtables_parse_port}: a number 0..65535 or a service name from
     * {@code /etc/services} for {@code proto} ({@code tcp}, {@code udp}, ...).
     */
    public static int port(OptionUse use, String text, String proto) throws ExtensionException {
        long v = parseUnsigned(text);
        if (v >= 0 && v <= 65535 && !text.isEmpty() && Character.isDigit(text.charAt(0))) {
            return (int) v;
        }
        Integer p = proto == null ? null : SERVICES.get(text + "/" + proto);
        if (p == null) {
            p = SERVICES.get(text + "/tcp");
        }
        if (p != null) {
            return p;
        }
        throw ExtensionException.badValue(use, "invalid port/service '" + text + "' for --" + use.name());
    }

    /**
     * A port range as {@code --sport}/{@code --dport} take it: {@code P}, {@code A:B}, {@code A:},
     * {@code :B} or {@code :}; rejects {@code A > B}.
     */
    public static PortRange portRange(OptionUse use, String text, String proto) throws ExtensionException {
        int colon = text.indexOf(':');
        if (colon < 0) {
            return PortRange.of(port(use, text, proto));
        }
        String a = text.substring(0, colon);
        String b = text.substring(colon + 1);
        int from = a.isEmpty() ? 0 : port(use, a, proto);
        int to = b.isEmpty() ? 65535 : port(use, b, proto);
        if (from > to) {
            throw ExtensionException.badValue(use, "invalid port range '" + text + "': start is greater than end (iptables 1.8 rejects this;"
                    + " the kernel would match no port)",
                    "write the range as " + to + ":" + from);
        }
        return from == to ? PortRange.of(from) : new PortRange(from, to);
    }

    /** The port of service {@code name} for {@code proto}, or -1. */
    public static int service(String name, String proto) {
        Integer p = SERVICES.get(name + "/" + proto);
        return p == null ? -1 : p;
    }

    private static Map<String, Integer> loadServices() {
        Map<String, Integer> m = new HashMap<>();
        try (InputStream in = Values.class.getResourceAsStream("services.txt")) {
            if (in == null) {
                return m;
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] f = line.split(" ");
                m.putIfAbsent(f[0] + "/" + f[2], Integer.parseInt(f[1]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }
}
