package dev.rampart.policy;

import dev.rampart.model.Family;
import dev.rampart.model.diag.DiagnosticCode;
import dev.rampart.model.diag.Suggest;
import dev.rampart.model.net.IpAddress;
import dev.rampart.model.net.IpPrefix;
import dev.rampart.model.net.IpText;
import dev.rampart.model.net.PortRange;
import dev.rampart.policy.HostPolicy.Backend;
import dev.rampart.policy.HostPolicy.L4;
import dev.rampart.policy.HostPolicy.Verdict;
import dev.rampart.policy.yaml.Pos;
import dev.rampart.policy.yaml.YNode;
import dev.rampart.policy.yaml.YNode.Entry;
import dev.rampart.policy.yaml.YNode.YList;
import dev.rampart.policy.yaml.YNode.YMap;
import dev.rampart.policy.yaml.YNode.YScalar;
import java.util.List;
import java.util.Locale;

/**
 * Reading single policy values with positions: maps and their keys (unknown keys with the closest known
 * one), scalars, booleans, numbers, addresses and CIDRs, ports and ranges, protocols, rates, verdicts and
 * {@code ADDRESS[:PORT]} destinations. Each method reports what is wrong to the shared
 * {@link PolicyProblems} and returns null, so the {@link PolicyReader} goes on and reports everything.
 */
final class PolicyValues {
    private final PolicyProblems problems;
    private final ServiceTable serviceTable;

    PolicyValues(PolicyProblems problems, ServiceTable serviceTable) {
        this.problems = problems;
        this.serviceTable = serviceTable;
    }

    static YNode get(YMap map, String key) {
        for (Entry e : map.entries()) {
            if (e.key().equals(key)) {
                return e.value();
            }
        }
        return null;
    }

    static Pos keyPos(YMap map, String key) {
        for (Entry e : map.entries()) {
            if (e.key().equals(key)) {
                return e.keyPos();
            }
        }
        return map.pos();
    }

    void checkKeys(YMap map, List<String> allowed, String where) {
        for (Entry e : map.entries()) {
            if (!allowed.contains(e.key())) {
                String hint = Suggest.didYouMean(e.key(), allowed);
                problems.error(DiagnosticCode.UNKNOWN_KEY, e.keyPos(), e.key().length(),
                        "unknown key '" + e.key() + "' in " + where,
                        hint != null ? hint : "known keys: " + String.join(", ", allowed));
            }
        }
    }

    YMap map(YNode node, String what) {
        if (node instanceof YMap m) {
            return m;
        }
        if (node instanceof YScalar s && s.isNull()) {
            return new YMap(s.pos(), List.of());
        }
        problems.error(DiagnosticCode.WRONG_TYPE, node.pos(), width(node), what + " must be a map, not " + node.kind(), null);
        return null;
    }

    /** A list, or a single value taken as a list of one; empty for null. */
    static List<YNode> items(YNode node) {
        if (node == null || node instanceof YScalar s && s.isNull()) {
            return List.of();
        }
        return node instanceof YList l ? l.items() : List.of(node);
    }

    String text(YNode node, String what) {
        if (node instanceof YScalar s && !s.isNull()) {
            return s.text();
        }
        problems.error(DiagnosticCode.WRONG_TYPE, node.pos(), width(node), what + " must be a single value, not "
                + node.kind(), null);
        return null;
    }

    static int width(YNode node) {
        return node instanceof YScalar s && !s.isNull() ? Math.max(1, s.text().length()) : 1;
    }

    Boolean bool(YNode node, String what) {
        String t = text(node, what);
        if (t == null) {
            return null;
        }
        switch (t.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on":
                return true;
            case "false", "no", "off":
                return false;
            default:
                problems.error(DiagnosticCode.WRONG_TYPE, node.pos(), width(node), what + " must be true or false, not '"
                        + t + "'", null);
                return null;
        }
    }

    Integer integer(YNode node, long min, long max) {
        String t = text(node, "this value");
        if (t == null) {
            return null;
        }
        try {
            long v = Long.parseLong(t);
            if (v < min || v > max) {
                problems.error(DiagnosticCode.WRONG_TYPE, node.pos(), width(node), "'" + t + "' is out of range "
                        + min + ".." + max, null);
                return null;
            }
            return (int) v;
        } catch (NumberFormatException e) {
            problems.error(DiagnosticCode.WRONG_TYPE, node.pos(), width(node), "'" + t + "' is not a whole number", null);
            return null;
        }
    }

    /** A CIDR or address; null (reported) when invalid or when host bits are set. */
    IpPrefix prefix(YNode node, String text) {
        IpPrefix p = parseCidr(text);
        if (p == null) {
            problems.error(DiagnosticCode.INVALID_ADDRESS, node.pos(), width(node), "'" + text
                    + "' is not an IPv4 or IPv6 address or CIDR network", "write e.g. 198.51.100.0/24 or 2001:db8::/32");
            return null;
        }
        int slash = text.indexOf('/');
        if (slash >= 0) {
            IpAddress a = IpAddress.parse(text.substring(0, slash));
            if (a.hi() != p.hi() || a.lo() != p.lo()) {
                problems.error(DiagnosticCode.INVALID_ADDRESS, node.pos(), width(node), "'" + text
                        + "' has bits set after the prefix length", "did you mean '" + p + "'?");
                return null;
            }
        }
        return p;
    }

    /**
     * {@code a.b.c.d} or {@code a.b.c.d/len} with no host bits set after the prefix, parsed without
     * allocation (list files hold tens of thousands of these); null for anything else, which the caller
     * then reads with the general parser (and its error messages).
     */
    static IpPrefix fastIpv4(String t) {
        long addr = 0;
        int octets = 0;
        int value = -1;
        int len = 32;
        int n = t.length();
        int i = 0;
        for (; i < n; i++) {
            char c = t.charAt(i);
            if (c >= '0' && c <= '9') {
                value = value < 0 ? c - '0' : value * 10 + (c - '0');
                if (value > 255) {
                    return null;
                }
            } else if ((c == '.' || c == '/') && value >= 0) {
                addr = (addr << 8) | value;
                octets++;
                value = -1;
                if (c == '/') {
                    break;
                }
            } else {
                return null;
            }
        }
        if (i == n) {
            if (value < 0) {
                return null;
            }
            addr = (addr << 8) | value;
            octets++;
        } else {
            len = 0;
            int digits = 0;
            for (i++; i < n; i++) {
                char c = t.charAt(i);
                if (c < '0' || c > '9' || ++digits > 2) {
                    return null;
                }
                len = len * 10 + (c - '0');
            }
            if (digits == 0 || len > 32) {
                return null;
            }
        }
        if (octets != 4) {
            return null;
        }
        long mask = len == 0 ? 0 : (0xFFFFFFFFL << (32 - len)) & 0xFFFFFFFFL;
        if ((addr & ~mask & 0xFFFFFFFFL) != 0) {
            return null;
        }
        return new IpPrefix(Family.IPV4, 0, addr, 0, mask);
    }

    /** A whole address with an optional prefix length ({@code 10.1/16} and masks are refused), or null. */
    static IpPrefix parseCidr(String text) {
        if (!validCidrSyntax(text)) {
            return null;
        }
        int slash = text.indexOf('/');
        try {
            IpAddress.parse(slash < 0 ? text : text.substring(0, slash));
        } catch (IllegalArgumentException e) {
            return null;
        }
        return IpText.parsePrefix(text.indexOf(':') >= 0 ? Family.IPV6 : Family.IPV4, text);
    }

    /** Only prefix lengths (no address-form masks) and no empty parts. */
    static boolean validCidrSyntax(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return !text.isEmpty();
        }
        String len = text.substring(slash + 1);
        return slash > 0 && !len.isEmpty() && len.length() <= 3 && len.chars().allMatch(Character::isDigit);
    }

    /** A port or range {@code 8000-8100} / {@code 8000:8100}; null when reported. */
    PortRange portRange(YNode node) {
        String t = text(node, "a port");
        if (t == null) {
            return null;
        }
        String[] parts = t.split("[-:]", -1);
        if (parts.length > 2) {
            problems.error(DiagnosticCode.INVALID_PORT, node.pos(), width(node), "'" + t + "' is not a port or range",
                    "write 8080 or 8000-8100");
            return null;
        }
        int[] v = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                long n = Long.parseLong(parts[i].trim());
                if (n < 1 || n > 65535) {
                    problems.error(DiagnosticCode.INVALID_PORT, node.pos(), width(node), "port " + n
                            + (n == 0 ? " is not a usable port" : " is above 65535"), "ports are 1..65535");
                    return null;
                }
                v[i] = (int) n;
            } catch (NumberFormatException e) {
                String hint = Suggest.didYouMean(parts[i], serviceTable.names());
                problems.error(DiagnosticCode.INVALID_PORT, node.pos(), width(node), "'" + t + "' is not a port number",
                        hint != null ? "for a service name use 'name:'; " + hint : "write 8080 or 8000-8100");
                return null;
            }
        }
        if (v.length == 2 && v[0] > v[1]) {
            problems.error(DiagnosticCode.INVALID_PORT, node.pos(), width(node), "range '" + t + "' is backwards",
                    "did you mean '" + v[1] + "-" + v[0] + "'?");
            return null;
        }
        return v.length == 1 ? PortRange.of(v[0]) : new PortRange(v[0], v[1]);
    }

    L4 proto(YNode node) {
        String t = text(node, "proto");
        if (t == null) {
            return null;
        }
        switch (t.toLowerCase(Locale.ROOT)) {
            case "tcp":
                return L4.TCP;
            case "udp":
                return L4.UDP;
            default:
                String hint = Suggest.didYouMean(t, List.of("tcp", "udp"));
                problems.error(DiagnosticCode.WRONG_TYPE, node.pos(), width(node), "proto '" + t + "' is not tcp or udp",
                        hint);
                return null;
        }
    }

    /** {@code 5/minute} or a map {@code {rate: 5/minute, burst: 10}}; default burst 5. */
    Rate rate(YNode node, String what) {
        YNode rateNode = node;
        Integer burst = 5;
        if (node instanceof YMap m) {
            checkKeys(m, List.of("rate", "burst", "per_source"), what);
            rateNode = get(m, "rate");
            if (rateNode == null) {
                problems.error(DiagnosticCode.MISSING_KEY, m.pos(), 1, what + " needs 'rate'", "e.g. rate: 5/minute");
                return null;
            }
            YNode b = get(m, "burst");
            if (b != null) {
                burst = integer(b, 1, 10000);
                if (burst == null) {
                    return null;
                }
            }
        }
        String t = text(rateNode, what);
        if (t == null) {
            return null;
        }
        int slash = t.indexOf('/');
        Rate.Unit unit = slash < 0 ? null : Rate.Unit.parse(t.substring(slash + 1).trim());
        int count = -1;
        try {
            count = slash < 0 ? -1 : Integer.parseInt(t.substring(0, slash).trim());
        } catch (NumberFormatException e) {
            count = -1;
        }
        if (unit == null || count < 1 || count > 10000) {
            problems.error(DiagnosticCode.WRONG_TYPE, rateNode.pos(), width(rateNode), "'" + t + "' is not a rate",
                    "write N/second, N/minute, N/hour or N/day with N in 1..10000");
            return null;
        }
        return new Rate(count, unit, burst);
    }

    Verdict verdict(YNode node, String what) {
        String t = text(node, what);
        if (t == null) {
            return null;
        }
        for (Verdict v : Verdict.values()) {
            if (v.name().equalsIgnoreCase(t)) {
                return v;
            }
        }
        String hint = Suggest.didYouMean(t, List.of("accept", "drop", "reject"));
        problems.error(DiagnosticCode.WRONG_TYPE, node.pos(), width(node), what + " '" + t + "' is not accept, drop or reject",
                hint);
        return null;
    }

    static <T> T orElse(T v, T dflt) {
        return v == null ? dflt : v;
    }

    /** {@code 192.168.1.10}, {@code 192.168.1.10:80} or {@code [2001:db8::1]:80}. */
    Backend backend(YNode node) {
        String t = text(node, "a destination");
        if (t == null) {
            return null;
        }
        String addr = t;
        String port = null;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            addr = close < 0 ? t : t.substring(1, close);
            port = close >= 0 && close + 1 < t.length() && t.charAt(close + 1) == ':' ? t.substring(close + 2) : null;
        } else if (t.indexOf(':') >= 0 && t.indexOf(':') == t.lastIndexOf(':')) {
            addr = t.substring(0, t.indexOf(':'));
            port = t.substring(t.indexOf(':') + 1);
        }
        IpAddress a;
        try {
            a = IpAddress.parse(addr);
        } catch (IllegalArgumentException e) {
            problems.error(DiagnosticCode.INVALID_ADDRESS, node.pos(), width(node), "'" + t + "' is not ADDRESS[:PORT]",
                    "write 192.168.1.100:80 or [2001:db8::10]:80");
            return null;
        }
        Integer p = null;
        if (port != null) {
            PortRange r = portRange(new YScalar(node.pos(), port, false));
            if (r == null) {
                return null;
            }
            p = r.from();
        }
        return new Backend(a, p);
    }
}
