package dev.rampart.monitor.parse;

import dev.rampart.model.Family;
import dev.rampart.model.net.IpAddress;
import dev.rampart.model.net.IpText;

/**
 * Small scanning helpers over a line, shared by the parsers. All work on {@code [from, to)} ranges of a
 * string without allocating, except where an address or a substring is returned. No regular expressions:
 * every loop advances, so the cost of a line is linear in its length.
 */
public final class Scan {
    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

    private Scan() {
    }

    /** The decimal number in {@code s[from, to)}, or -1 when the range is empty, not all digits or too long. */
    public static long number(String s, int from, int to) {
        if (from >= to || to - from > 18) {
            return -1;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** The hexadecimal number (at most 16 digits) in {@code s[from, to)} with an optional {@code 0x}, or -1. */
    public static long hex(String s, int from, int to) {
        if (to - from > 2 && s.charAt(from) == '0' && (s.charAt(from + 1) == 'x' || s.charAt(from + 1) == 'X')) {
            from += 2;
        }
        if (from >= to || to - from > 16) {
            return -1;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            int d = Character.digit(s.charAt(i), 16);
            if (d < 0) {
                return -1;
            }
            v = v * 16 + d;
        }
        return v;
    }

    /** The month number 1..12 of the three-letter English abbreviation at {@code i}, or 0. */
    public static int month(String s, int i) {
        if (i + 3 > s.length()) {
            return 0;
        }
        char c = s.charAt(i);
        if (c < 'A' || c > 'S') {
            return 0;
        }
        for (int m = 0; m < 12; m++) {
            if (s.regionMatches(i, MONTHS, m * 3, 3)) {
                return m + 1;
            }
        }
        return 0;
    }

    /** Index of the first {@code c} in {@code s[from, to)}, or {@code to}. */
    public static int indexOf(String s, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == c) {
                return i;
            }
        }
        return to;
    }

    /** Index of the next space at or after {@code from}, or the length. */
    public static int tokenEnd(String s, int from) {
        int n = s.length();
        int i = from;
        while (i < n && s.charAt(i) != ' ') {
            i++;
        }
        return i;
    }

    /** Whether {@code c} may appear in an IPv4 or IPv6 address text. */
    public static boolean addressChar(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '.' || c == ':';
    }

    /**
     * The IP address that is exactly {@code s[from, to)} (IPv4 dotted quad or any RFC 4291 IPv6 form), or
     * null. An IPv4-mapped IPv6 address ({@code ::ffff:1.2.3.4}) is returned as the IPv4 address, as
     * the host that sent the packet has it.
     */
    public static IpAddress address(String s, int from, int to) {
        if (from >= to || to - from > 45) {
            return null;
        }
        long v4 = ipv4(s, from, to);
        if (v4 >= 0) {
            return new IpAddress(Family.IPV4, 0, v4);
        }
        boolean colon = false;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!addressChar(c)) {
                return null;
            }
            colon |= c == ':';
        }
        if (!colon) {
            return null;
        }
        long[] out = new long[2];
        if (!IpText.parseIpv6(s.substring(from, to), out)) {
            return null;
        }
        if (out[0] == 0 && (out[1] >>> 32) == 0xFFFFL) {
            return new IpAddress(Family.IPV4, 0, out[1] & 0xFFFFFFFFL);
        }
        return new IpAddress(Family.IPV6, out[0], out[1]);
    }

    /** A strict dotted-quad IPv4 address in {@code s[from, to)} as an unsigned value, or -1. */
    public static long ipv4(String s, int from, int to) {
        long result = 0;
        int parts = 0;
        int i = from;
        while (i < to) {
            int start = i;
            int v = 0;
            while (i < to) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    break;
                }
                v = v * 10 + (c - '0');
                if (v > 255 || i - start >= 3) {
                    return -1;
                }
                i++;
            }
            if (i == start) {
                return -1;
            }
            result = (result << 8) | v;
            parts++;
            if (i == to) {
                break;
            }
            if (s.charAt(i) != '.' || parts == 4) {
                return -1;
            }
            i++;
            if (i == to) {
                return -1;
            }
        }
        return parts == 4 ? result : -1;
    }

    /**
     * Whether {@code s[from, to)} is a host as a daemon writes it: an address, or a DNS name of letters,
     * digits, dots, dashes and underscores. The text an attacker can put into a user name can never
     * contain a space, so a host token never spans two words.
     */
    public static boolean hostToken(String s, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_' || c == ':')) {
                return false;
            }
        }
        return true;
    }

    /** The host text with an IPv4-mapped IPv6 prefix ({@code ::ffff:}) removed, as fail2ban reports it. */
    public static String unmapped(String host) {
        if (host.regionMatches(true, 0, "::ffff:", 0, 7) && host.indexOf('.') > 0) {
            return host.substring(7);
        }
        return host;
    }
}
