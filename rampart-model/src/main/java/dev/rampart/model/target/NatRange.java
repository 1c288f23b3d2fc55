package dev.rampart.model.target;

import dev.rampart.model.Family;
import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.Values;
import dev.rampart.model.net.IpPrefix;
import dev.rampart.model.net.IpText;
import dev.rampart.model.net.PortRange;
import dev.rampart.model.net.Protocol;

/**
 * What a NAT target maps to ({@code nf_nat_range2}): an optional address range {@code minAddress..maxAddress}
 * (host prefixes of the rule's family; both null when only ports are mapped), an optional port range
 * ({@code ports}, null when ports are kept) and, for DNAT, an optional {@code basePort} of a shifted port
 * map ({@code 1000-2000/3000}; 0 when absent).
 *
 * <p>{@link #toString()} prints as {@code iptables-save} does: {@code A[-B][:P[-Q][/BASE]]}, with IPv6
 * addresses in brackets when a port is given.
 */
public record NatRange(IpPrefix minAddress, IpPrefix maxAddress, PortRange ports, int basePort) {

    public NatRange {
        if ((minAddress == null) != (maxAddress == null)) {
            throw new IllegalArgumentException("address range needs both ends");
        }
        if (basePort < 0 || basePort > 65535 || (basePort != 0 && ports == null)) {
            throw new IllegalArgumentException("base port needs a port range");
        }
    }

    /** Whether an address range is given. */
    public boolean mapsAddresses() {
        return minAddress != null;
    }

    /** Whether a port range is given. */
    public boolean mapsPorts() {
        return ports != null;
    }

    /** The range text after {@code --to-destination}/{@code --to-source}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(24);
        appendTo(sb);
        return sb.toString();
    }

    /** Appends the text {@link #toString()} returns, without intermediate strings. */
    public void appendTo(StringBuilder sb) {
        boolean brackets = minAddress != null && minAddress.family() == Family.IPV6 && ports != null;
        if (minAddress != null) {
            if (brackets) {
                sb.append('[');
            }
            appendAddress(sb, minAddress);
            if (!minAddress.equals(maxAddress)) {
                sb.append('-');
                appendAddress(sb, maxAddress);
            }
            if (brackets) {
                sb.append(']');
            }
        }
        if (ports != null) {
            sb.append(':').append(ports.from());
            if (ports.from() != ports.to()) {
                sb.append('-').append(ports.to());
            }
            if (basePort != 0) {
                sb.append('/').append(basePort);
            }
        }
    }

    private static void appendAddress(StringBuilder sb, IpPrefix host) {
        if (host.family() == Family.IPV4) {
            IpText.appendIpv4(sb, (int) host.lo());
        } else {
            sb.append(host.addressText());
        }
    }

    /** The port part without the leading colon: {@code P}, {@code P-Q} or {@code P-Q/BASE}. */
    public String portText() {
        if (ports == null) {
            return "";
        }
        String s = ports.from() == ports.to() ? Integer.toString(ports.from()) : ports.from() + "-" + ports.to();
        return basePort != 0 ? s + "/" + basePort : s;
    }

    /** Whether the rule's protocol lets a NAT target map ports (tcp, udp, sctp, dccp; icmp ids for IPv4). */
    static boolean portsAllowed(RuleContext ctx) {
        Protocol p = ctx.protocol();
        if (p == null) {
            return false;
        }
        return p.equals(Protocol.TCP) || p.equals(Protocol.UDP) || p.equals(Protocol.SCTP) || p.equals(Protocol.DCCP)
                || p.number() == 1;
    }

    /**
     * Parses {@code [ADDR[-ADDR]][:PORT[-PORT[/BASE]]]} as iptables' NAT targets do; IPv6 addresses with
     * a port go in brackets. {@code allowBase} says whether a shifted port map is supported.
     */
    static NatRange parseTo(OptionUse u, RuleContext ctx, boolean allowBase) throws ExtensionException {
        if (ctx.family() == Family.IPV4) {
            NatRange plain = plainIpv4(u.argText(), u.argStart(), u.argEnd(), ctx);
            if (plain != null) {
                return plain;
            }
        }
        return parseTo(u, u.arg(), ctx, allowBase);
    }

    /** {@link #parseTo(OptionUse, RuleContext, boolean)} of {@code text}, read the general way. */
    static NatRange parseTo(OptionUse u, String text, RuleContext ctx, boolean allowBase) throws ExtensionException {
        Family family = ctx.family();
        String addrPart;
        String portPart = null;
        int lb = text.indexOf('[');
        if (lb < 0) {
            int colon = text.indexOf(':');
            if (colon >= 0 && text.indexOf(':', colon + 1) >= 0) {
                colon = -1; // several colons: an IPv6 address without port
            }
            addrPart = colon < 0 ? text : text.substring(0, colon);
            if (colon >= 0) {
                portPart = text.substring(colon + 1);
            }
        } else {
            int rb = text.indexOf(']', lb);
            if (rb < 0 || family == Family.IPV4) {
                throw ExtensionException.badValue(u, "invalid address format '" + text + "'",
                        family == Family.IPV4 ? "write IPv4 addresses without brackets, e.g. 192.0.2.1:80"
                                : "close the bracket, e.g. [2001:db8::1]:80");
            }
            addrPart = text.substring(lb + 1, rb);
            String rest = text.substring(rb + 1);
            int colon = rest.indexOf(':');
            if (colon >= 0) {
                portPart = rest.substring(colon + 1);
            } else if (!rest.isEmpty()) {
                throw ExtensionException.badValue(u, "unexpected '" + rest + "' after ']' in '" + text + "'",
                        "write [ADDRESS]:PORT");
            }
        }
        PortSpec ps = null;
        if (portPart != null) {
            ps = parsePorts(u, portPart, ctx, allowBase);
        }
        IpPrefix min = null;
        IpPrefix max = null;
        if (!addrPart.isEmpty()) {
            int dash = addrPart.indexOf('-');
            String a = dash < 0 ? addrPart : addrPart.substring(0, dash);
            String b = dash < 0 ? null : addrPart.substring(dash + 1);
            min = host(u, a, family);
            max = b == null ? min : host(u, b, family);
        } else if (ps == null) {
            throw ExtensionException.badValue(u, "missing address in '" + text + "'",
                    "give an address, an address range or :PORT");
        }
        return new NatRange(min, max, ps == null ? null : ps.range, ps == null ? 0 : ps.base);
    }

    /**
     * The common {@code A.B.C.D} or {@code A.B.C.D:PORT} (decimal port without leading zeros), read in place
     * without the substrings of the general path, which gives the same range for it; null for anything
     * else, including anything the general path would reject, so that it reports the problem.
     */
    private static NatRange plainIpv4(String text, int from, int to, RuleContext ctx) {
        int colon = from;
        while (colon < to && text.charAt(colon) != ':') {
            colon++;
        }
        int addrEnd = colon;
        if (colon == to) {
            colon = -1;
        }
        long a = strictIpv4(text, from, addrEnd);
        if (a < 0) {
            return null;
        }
        PortRange ports = null;
        if (colon >= 0) {
            int digits = to - colon - 1;
            if (digits < 1 || digits > 5 || digits > 1 && text.charAt(colon + 1) == '0' || !portsAllowed(ctx)) {
                return null;
            }
            int port = 0;
            for (int i = colon + 1; i < to; i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    return null;
                }
                port = port * 10 + (c - '0');
            }
            if (port > 65535) {
                return null;
            }
            ports = PortRange.of(port);
        }
        IpPrefix host = new IpPrefix(Family.IPV4, 0, a, 0, TargetSupport.U32);
        return new NatRange(host, host, ports, 0);
    }

    /** A parsed port specification. */
    record PortSpec(PortRange range, int base) {
    }

    /**
     * Parses {@code PORT[-PORT[/BASE]]} as iptables' {@code parse_ports}: a number or service name, a
     * numeric range, and for shifted maps a base port 1..65535 (number or service name).
     */
    static PortSpec parsePorts(OptionUse u, String arg, RuleContext ctx, boolean allowBase) throws ExtensionException {
        if (!portsAllowed(ctx)) {
            throw ExtensionException.constraint(u, "a port mapping needs '-p tcp', '-p udp', '-p sctp' or '-p dccp'"
                    + " in the rule", "add the protocol, e.g. '-p tcp', before -j");
        }
        int port;
        int end;
        long[] n = TargetSupport.scanNumber(arg, 0);
        if (n != null && n[0] <= 65535) {
            port = (int) n[0];
            end = (int) n[1];
        } else {
            port = service(arg);
            if (port < 0) {
                throw ExtensionException.badValue(u, "port '" + arg + "' is not a number 0..65535 or a known service",
                        "use a port number, e.g. 8080");
            }
            return new PortSpec(PortRange.of(port), 0);
        }
        if (end == arg.length()) {
            return new PortSpec(PortRange.of(port), 0);
        }
        char c = arg.charAt(end);
        if (c == ':') {
            throw ExtensionException.badValue(u, "invalid port range '" + arg + "': use a dash between the ports",
                    "write " + arg.replace(':', '-'));
        }
        if (c != '-') {
            throw ExtensionException.badValue(u, "unexpected '" + arg.substring(end) + "' after port " + port);
        }
        String rest = arg.substring(end + 1);
        long[] m = TargetSupport.scanNumber(rest, 0);
        if (m == null || m[0] > 65535) {
            throw ExtensionException.badValue(u, "port '" + rest + "' is not a number 0..65535"
                    + " (service names are not allowed in a range)");
        }
        int max = (int) m[0];
        if (max < port) {
            throw ExtensionException.badValue(u, "invalid port range '" + arg + "': start is greater than end",
                    "write " + max + "-" + port);
        }
        PortRange range = new PortRange(port, max);
        int e = (int) m[1];
        if (e == rest.length()) {
            return new PortSpec(range, 0);
        }
        if (rest.charAt(e) != '/') {
            throw ExtensionException.badValue(u, "unexpected '" + rest.substring(e) + "' after port range " + port + "-"
                    + max);
        }
        String b = rest.substring(e + 1);
        long[] bn = TargetSupport.scanNumber(b, 0);
        int base;
        if (bn != null && bn[1] == b.length() && bn[0] >= 1 && bn[0] <= 65535) {
            base = (int) bn[0];
        } else {
            base = service(b);
            if (base < 0) {
                throw ExtensionException.badValue(u, "base port '" + b + "' is not a number 1..65535 or a known service");
            }
        }
        if (!allowBase) {
            throw ExtensionException.constraint(u, "shifted port maps ('/" + b + "') are only supported by -j DNAT",
                    "remove '/" + b + "'");
        }
        return new PortSpec(range, base);
    }

    private static int service(String name) {
        for (String proto : new String[] {"tcp", "udp", "sctp", "dccp"}) {
            int p = Values.service(name, proto);
            if (p >= 0) {
                return p;
            }
        }
        return -1;
    }

    /** A single address as {@code inet_pton} takes it (IPv4: exactly four decimal parts). */
    static IpPrefix host(OptionUse u, String text, Family family) throws ExtensionException {
        if (family == Family.IPV4) {
            long a = strictIpv4(text);
            if (a < 0) {
                throw ExtensionException.badValue(u, "bad IPv4 address '" + text + "'", "write it as a.b.c.d");
            }
            return new IpPrefix(Family.IPV4, 0, a, 0, TargetSupport.U32);
        }
        long[] v = new long[2];
        if (!IpText.parseIpv6(text, v)) {
            throw ExtensionException.badValue(u, "bad IPv6 address '" + text + "'");
        }
        return new IpPrefix(Family.IPV6, v[0], v[1], -1L, -1L);
    }

    /** {@code inet_pton(AF_INET)}: four dotted decimal parts 0..255 without leading zeros; -1 otherwise. */
    static long strictIpv4(String s) {
        return strictIpv4(s, 0, s.length());
    }

    /** {@link #strictIpv4(String)} of {@code s[from, n)}. */
    static long strictIpv4(String s, int from, int n) {
        long v = 0;
        int parts = 0;
        int i = from;
        while (parts < 4) {
            int start = i;
            int value = 0;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - start < 3) {
                value = value * 10 + (s.charAt(i) - '0');
                i++;
            }
            int len = i - start;
            if (len == 0 || (len > 1 && s.charAt(start) == '0') || value > 255) {
                return -1;
            }
            v = (v << 8) | value;
            parts++;
            if (parts < 4) {
                if (i >= n || s.charAt(i) != '.') {
                    return -1;
                }
                i++;
            }
        }
        return i == n ? v : -1;
    }
}
