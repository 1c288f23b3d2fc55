package dev.rampart.model.net;

import dev.rampart.model.Family;

/**
 * Parsing and printing of IPv4/IPv6 addresses and masks without any name resolution. Printing follows
 * glibc's {@code inet_ntop}: lower-case hex, the longest run (two or more) of zero groups compressed,
 * and IPv4-mapped/compatible addresses with a dotted tail.
 */
public final class IpText {
    private IpText() {
    }

    /**
     * Parses an IPv4 address in the forms iptables accepts: one to four dotted decimal parts, missing
     * trailing parts being zero ({@code 10.1} is {@code 10.1.0.0}). Returns the address as a long in
     * 0..2^32-1, or -1 when the text is not an address.
     */
    public static long parseIpv4(String s) {
        return parseIpv4(s, 0, s.length());
    }

    /** {@link #parseIpv4(String)} of {@code s[from, to)}. */
    public static long parseIpv4(String s, int from, int to) {
        if (to == from || to - from > 15) {
            return -1;
        }
        long result = 0;
        int parts = 0;
        int i = from;
        while (true) {
            int start = i;
            int value = 0;
            while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                value = value * 10 + (s.charAt(i) - '0');
                if (value > 255) {
                    return -1;
                }
                i++;
            }
            if (i == start) {
                return -1;
            }
            result = (result << 8) | value;
            parts++;
            if (i == to) {
                break;
            }
            if (s.charAt(i) != '.' || parts == 4) {
                return -1;
            }
            i++;
        }
        return result << (8 * (4 - parts));
    }

    /**
     * Parses an IPv6 address (RFC 4291 text forms, including {@code ::} and a dotted IPv4 tail) into
     * {@code out[0]} (high 64 bits) and {@code out[1]} (low 64 bits). Returns false when not an address.
     */
    public static boolean parseIpv6(String s, long[] out) {
        int[] groups = new int[8];
        int n = 0;
        int gap = -1;
        int i = 0;
        int len = s.length();
        if (len < 2 || len > 45) {
            return false;
        }
        if (s.startsWith("::")) {
            gap = 0;
            i = 2;
            if (i == len) {
                out[0] = 0;
                out[1] = 0;
                return true;
            }
        } else if (s.charAt(0) == ':') {
            return false;
        }
        while (i < len) {
            if (n == 8) {
                return false;
            }
            int start = i;
            int v = 0;
            while (i < len && Character.digit(s.charAt(i), 16) >= 0 && i - start < 4) {
                v = v * 16 + Character.digit(s.charAt(i), 16);
                i++;
            }
            if (i < len && s.charAt(i) == '.') {
                // dotted IPv4 tail
                long v4 = parseIpv4(s.substring(start));
                if (v4 < 0 || n > 6 || s.substring(start).chars().filter(c -> c == '.').count() != 3) {
                    return false;
                }
                groups[n++] = (int) (v4 >>> 16);
                groups[n++] = (int) (v4 & 0xFFFF);
                i = len;
                break;
            }
            if (i == start) {
                return false;
            }
            groups[n++] = v;
            if (i == len) {
                break;
            }
            if (s.charAt(i) != ':') {
                return false;
            }
            i++;
            if (i < len && s.charAt(i) == ':') {
                if (gap >= 0) {
                    return false;
                }
                gap = n;
                i++;
                if (i == len) {
                    break;
                }
            } else if (i == len) {
                return false;
            }
        }
        int[] full = new int[8];
        if (gap >= 0) {
            if (n == 8) {
                return false;
            }
            int tail = n - gap;
            System.arraycopy(groups, 0, full, 0, gap);
            System.arraycopy(groups, gap, full, 8 - tail, tail);
        } else {
            if (n != 8) {
                return false;
            }
            full = groups;
        }
        long hi = 0;
        long lo = 0;
        for (int g = 0; g < 4; g++) {
            hi = (hi << 16) | full[g];
            lo = (lo << 16) | full[g + 4];
        }
        out[0] = hi;
        out[1] = lo;
        return true;
    }

    /** Dotted-quad text of a 32-bit address. */
    public static String formatIpv4(int a) {
        StringBuilder sb = new StringBuilder(15);
        appendIpv4(sb, a);
        return sb.toString();
    }

    /** Appends the dotted-quad text of a 32-bit address. */
    public static void appendIpv4(StringBuilder sb, int a) {
        sb.append((a >>> 24) & 0xFF).append('.').append((a >>> 16) & 0xFF).append('.').append((a >>> 8) & 0xFF)
                .append('.').append(a & 0xFF);
    }

    /** IPv6 text as glibc's inet_ntop prints it. */
    public static String formatIpv6(long hi, long lo) {
        int[] w = new int[8];
        for (int g = 0; g < 4; g++) {
            w[g] = (int) ((hi >>> (48 - 16 * g)) & 0xFFFF);
            w[g + 4] = (int) ((lo >>> (48 - 16 * g)) & 0xFFFF);
        }
        int bestBase = -1;
        int bestLen = 0;
        int curBase = -1;
        int curLen = 0;
        for (int g = 0; g < 8; g++) {
            if (w[g] == 0) {
                if (curBase < 0) {
                    curBase = g;
                    curLen = 1;
                } else {
                    curLen++;
                }
            } else if (curBase >= 0) {
                if (curLen > bestLen) {
                    bestBase = curBase;
                    bestLen = curLen;
                }
                curBase = -1;
            }
        }
        if (curBase >= 0 && curLen > bestLen) {
            bestBase = curBase;
            bestLen = curLen;
        }
        if (bestLen < 2) {
            bestBase = -1;
        }
        StringBuilder sb = new StringBuilder(40);
        for (int g = 0; g < 8; g++) {
            if (bestBase >= 0 && g >= bestBase && g < bestBase + bestLen) {
                if (g == bestBase) {
                    sb.append(':');
                }
                continue;
            }
            if (g != 0) {
                sb.append(':');
            }
            if (g == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && w[5] == 0xFFFF))) {
                sb.append(formatIpv4((int) lo));
                break;
            }
            sb.append(Integer.toHexString(w[g]));
        }
        if (bestBase >= 0 && bestBase + bestLen == 8) {
            sb.append(':');
        }
        return sb.toString();
    }

    /**
     * Parses {@code address[/mask]} as iptables' {@code -s}/{@code -d} take it: the mask is a prefix
     * length or (IPv4 and IPv6) an address-form mask; no mask means a host. Returns null when invalid.
     */
    public static IpPrefix parsePrefix(Family family, String text) {
        return parsePrefix(family, text, 0, text.length());
    }

    /**
     * {@link #parsePrefix(Family, String)} of {@code text[from, to)}; IPv4 is read in place, without
     * copying the address or the mask out of the text (the rule parser reads hundreds of thousands).
     */
    public static IpPrefix parsePrefix(Family family, String text, int from, int to) {
        if (family == Family.IPV4) {
            int addrEnd = from;
            while (addrEnd < to && text.charAt(addrEnd) != '/') {
                addrEnd++;
            }
            long a = parseIpv4(text, from, addrEnd);
            if (a < 0) {
                return null;
            }
            long m;
            if (addrEnd == to) {
                m = 0xFFFFFFFFL;
            } else if (isDecimal(text, addrEnd + 1, to)) {
                int bits = 0;
                for (int i = addrEnd + 1; i < to; i++) {
                    bits = bits * 10 + (text.charAt(i) - '0');
                }
                if (bits > 32) {
                    return null;
                }
                m = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
            } else {
                m = parseIpv4(text, addrEnd + 1, to);
                if (m < 0) {
                    return null;
                }
            }
            return new IpPrefix(Family.IPV4, 0, a, 0, m);
        }
        return parseIpv6Prefix(from == 0 && to == text.length() ? text : text.substring(from, to));
    }

    private static IpPrefix parseIpv6Prefix(String text) {
        int slash = text.indexOf('/');
        String addr = slash < 0 ? text : text.substring(0, slash);
        String mask = slash < 0 ? null : text.substring(slash + 1);
        long[] v = new long[2];
        if (!parseIpv6(addr, v)) {
            return null;
        }
        if (mask == null) {
            return new IpPrefix(Family.IPV6, v[0], v[1], -1L, -1L);
        }
        if (isDecimal(mask)) {
            int bits = Integer.parseInt(mask);
            if (bits > 128) {
                return null;
            }
            return IpPrefix.ipv6(v[0], v[1], bits);
        }
        long[] m = new long[2];
        if (!parseIpv6(mask, m)) {
            return null;
        }
        return new IpPrefix(Family.IPV6, v[0], v[1], m[0], m[1]);
    }

    private static boolean isDecimal(String s) {
        return isDecimal(s, 0, s.length());
    }

    /** Whether {@code s[from, to)} is one to three decimal digits. */
    private static boolean isDecimal(String s, int from, int to) {
        if (to == from || to - from > 3) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
