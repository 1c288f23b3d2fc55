package dev.rampart.model.ipset;

import dev.rampart.model.Family;
import dev.rampart.model.diag.Suggest;
import dev.rampart.model.ext.Values;
import dev.rampart.model.net.IpPrefix;
import dev.rampart.model.net.IpText;
import dev.rampart.model.net.Protocol;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the element of {@code add/del/test NAME ELEMENT} for a set of a given type, as ipset and the
 * kernel do: each comma-separated part follows the type's dimension; address ranges ({@code a-b}) and
 * networks given for an {@code ip} dimension expand to single addresses (masked by the set's
 * {@code netmask}), ranges for a {@code net} dimension expand to the fewest covering prefixes, port
 * ranges expand to single ports, a bare port means TCP. The result is the list of elements the kernel
 * would store, each a list of parts.
 *
 * <p>Expansion is bounded by {@link #MAX_EXPANSION} elements per command (the default {@code maxelem}).
 */
public final class ElementParser {
    /** Most elements one {@code add} may expand to. */
    public static final int MAX_EXPANSION = 65536;

    private ElementParser() {
    }

    /** Reads {@code text} as an element of a set of {@code type} with {@code options}. */
    public static List<List<EntryPart>> parse(IpSetType type, IpSetOptions options, String text)
            throws IpSetSyntaxException {
        if (!type.isKnown()) {
            return List.of(List.of(new EntryPart.Raw(text)));
        }
        List<IpSetType.Dimension> dims = type.dimensions();
        String[] pieces = text.split(",", -1);
        if (type.name().equals("bitmap:ip,mac") && pieces.length == 1) {
            // the MAC address is optional: the kernel fills it in from the first packet
            dims = dims.subList(0, 1);
        }
        if (pieces.length < dims.size()) {
            String names = String.join(",", dims.stream().map(d -> d.name().toLowerCase(java.util.Locale.ROOT))
                    .toList());
            throw new IpSetSyntaxException("element '" + text + "' has " + pieces.length + " part"
                    + (pieces.length == 1 ? "" : "s") + " but a " + type.name() + " element needs " + dims.size(),
                    0, text.length(), "write it as " + names + ", e.g. " + example(type));
        }
        if (pieces.length > dims.size()) {
            int off = offsetOf(pieces, dims.size()) - 1;
            throw new IpSetSyntaxException("element '" + text + "' has more parts than a " + type.name()
                    + " element (" + dims.size() + ")", off, text.length() - off, "remove the extra ','");
        }
        List<List<EntryPart>> result = new ArrayList<>();
        result.add(List.of());
        for (int d = 0; d < dims.size(); d++) {
            String piece = pieces[d];
            int off = offsetOf(pieces, d);
            List<EntryPart> options1;
            try {
                options1 = part(type, options, dims.get(d), piece, d);
            } catch (IpSetSyntaxException e) {
                throw e.shift(off, 0);
            }
            List<List<EntryPart>> next = new ArrayList<>(result.size() * options1.size());
            for (List<EntryPart> prefix : result) {
                for (EntryPart p : options1) {
                    List<EntryPart> l = new ArrayList<>(prefix.size() + 1);
                    l.addAll(prefix);
                    l.add(p);
                    next.add(l);
                }
                if (next.size() > MAX_EXPANSION) {
                    throw new IpSetSyntaxException("element '" + text + "' expands to more than " + MAX_EXPANSION
                            + " entries", 0, text.length(), "add smaller ranges, or use a hash:net set for networks");
                }
            }
            result = next;
        }
        List<List<EntryPart>> out = new ArrayList<>(result.size());
        for (List<EntryPart> l : result) {
            out.add(List.copyOf(l));
        }
        return out;
    }

    private static int offsetOf(String[] pieces, int index) {
        int off = 0;
        for (int i = 0; i < index; i++) {
            off += pieces[i].length() + 1;
        }
        return off;
    }

    static String example(IpSetType type) {
        return switch (type.name()) {
            case "hash:ip", "bitmap:ip" -> "192.0.2.1";
            case "hash:net" -> "192.0.2.0/24";
            case "hash:ip,port" -> "192.0.2.1,tcp:80";
            case "hash:net,port" -> "192.0.2.0/24,tcp:80";
            case "hash:ip,port,ip" -> "192.0.2.1,tcp:80,198.51.100.1";
            case "hash:ip,port,net" -> "192.0.2.1,tcp:80,198.51.100.0/24";
            case "hash:net,net" -> "192.0.2.0/24,198.51.100.0/24";
            case "hash:net,port,net" -> "192.0.2.0/24,tcp:80,198.51.100.0/24";
            case "hash:net,iface" -> "192.0.2.0/24,eth0";
            case "hash:mac" -> "00:11:22:33:44:55";
            case "hash:ip,mac", "bitmap:ip,mac" -> "192.0.2.1,00:11:22:33:44:55";
            case "hash:ip,mark" -> "192.0.2.1,0x10";
            case "bitmap:port" -> "80";
            case "list:set" -> "othersetname";
            default -> "...";
        };
    }

    private static List<EntryPart> part(IpSetType type, IpSetOptions o, IpSetType.Dimension dim, String text,
                                        int index) throws IpSetSyntaxException {
        if (text.isEmpty()) {
            throw new IpSetSyntaxException("empty " + dim.name().toLowerCase(java.util.Locale.ROOT)
                    + " part in element", "remove the extra ','");
        }
        return switch (dim) {
            case IP -> ip(type, o, text);
            case NET -> net(type, o, text);
            case PORT -> port(type, o, text);
            case MAC -> List.of(new EntryPart.Mac(mac(text)));
            case IFACE -> List.of(iface(text));
            case MARK -> List.of(mark(text));
            case SET -> List.of(setName(text));
        };
    }

    static EntryPart.SetName setName(String text) throws IpSetSyntaxException {
        if (text.length() > IpSet.MAX_NAME) {
            throw new IpSetSyntaxException("set name '" + text + "' is longer than " + IpSet.MAX_NAME + " characters",
                    0, text.length(), null);
        }
        return new EntryPart.SetName(text);
    }

    private static Family family(IpSetType type, IpSetOptions o) {
        return o.family() != null ? o.family() : Family.IPV4;
    }

    /** Parses one address of the set's family; the hint explains a family mismatch. */
    static long[] address(Family f, String text) throws IpSetSyntaxException {
        if (f == Family.IPV4) {
            long v = IpText.parseIpv4(text);
            if (v < 0 || text.chars().filter(c -> c == '.').count() != 3) {
                throw new IpSetSyntaxException("invalid IPv4 address '" + text + "'", 0, text.length(),
                        text.contains(":") ? "this is an IPv6 address; the set needs 'family inet6'"
                                : Character.isLetter(text.charAt(0)) ? "host names are not resolved; write the address"
                                : null);
            }
            return new long[] {0, v};
        }
        long[] v = new long[2];
        if (!IpText.parseIpv6(text, v)) {
            throw new IpSetSyntaxException("invalid IPv6 address '" + text + "'", 0, text.length(),
                    text.matches("[0-9.]+") ? "this is an IPv4 address; the set is 'family inet6'" : null);
        }
        return v;
    }

    private static int cidr(Family f, String text, int offset, int min) throws IpSetSyntaxException {
        long c = Values.parseUnsigned(text);
        if (c < min || c > f.bits() || text.isEmpty() || !Character.isDigit(text.charAt(0))) {
            throw new IpSetSyntaxException("invalid prefix length '/" + text + "'; expected " + min + " to "
                    + f.bits(), offset, text.length(), null);
        }
        return (int) c;
    }

    private static List<EntryPart> ip(IpSetType type, IpSetOptions o, String text) throws IpSetSyntaxException {
        Family f = family(type, o);
        int hostBits = o.netmask() != null ? o.netmask() : f.bits();
        int dash = text.indexOf('-');
        int slash = text.indexOf('/');
        long from;
        long to;
        if (f == Family.IPV6) {
            if (dash >= 0) {
                throw new IpSetSyntaxException("IPv6 address ranges are not supported", dash, 1,
                        "add the addresses one by one, or use a hash:net set");
            }
            long[] a = address(f, slash < 0 ? text : text.substring(0, slash));
            int len = slash < 0 ? 128 : cidr(f, text.substring(slash + 1), slash + 1, 1);
            if (len < hostBits) {
                throw new IpSetSyntaxException("IPv6 network /" + len + " cannot be expanded to addresses", slash,
                        text.length() - slash, "use a hash:net set, or create the set with 'netmask " + len + "'");
            }
            return List.of(new EntryPart.Address(IpPrefix.ipv6(a[0], a[1], hostBits), false));
        }
        if (dash >= 0) {
            from = address(f, text.substring(0, dash))[1];
            try {
                to = address(f, text.substring(dash + 1))[1];
            } catch (IpSetSyntaxException e) {
                throw e.shift(dash + 1, 0);
            }
            if (from > to) {
                throw new IpSetSyntaxException("range '" + text + "' starts after it ends", 0, text.length(),
                        "write it as " + text.substring(dash + 1) + "-" + text.substring(0, dash));
            }
        } else if (slash >= 0) {
            long a = address(f, text.substring(0, slash))[1];
            int len = cidr(f, text.substring(slash + 1), slash + 1, 1);
            long mask = (0xFFFFFFFFL << (32 - len)) & 0xFFFFFFFFL;
            from = a & mask;
            to = from | (~mask & 0xFFFFFFFFL);
        } else {
            from = address(f, text)[1];
            to = from;
        }
        long blockMask = hostBits == 0 ? 0 : (0xFFFFFFFFL << (32 - hostBits)) & 0xFFFFFFFFL;
        long step = (~blockMask & 0xFFFFFFFFL) + 1;
        long start = from & blockMask;
        long count = (to - start) / step + 1;
        if (count > MAX_EXPANSION) {
            throw new IpSetSyntaxException("'" + text + "' expands to " + count + " addresses; Rampart accepts at most "
                    + MAX_EXPANSION + " per element", 0, text.length(),
                    "use a hash:net set for networks, or split the range");
        }
        if (o.range() != null && (from < o.range().from() || to > o.range().to())) {
            throw new IpSetSyntaxException("'" + text + "' is outside the set's range " + o.range(), 0, text.length(),
                    null);
        }
        List<EntryPart> out = new ArrayList<>((int) count);
        for (long a = start; a <= to; a += step) {
            out.add(new EntryPart.Address(IpPrefix.ipv4((int) a, hostBits), false));
        }
        return out;
    }

    private static List<EntryPart> net(IpSetType type, IpSetOptions o, String text) throws IpSetSyntaxException {
        Family f = family(type, o);
        int dash = text.indexOf('-');
        int slash = text.indexOf('/');
        if (dash >= 0 && f == Family.IPV4) {
            long from = address(f, text.substring(0, dash))[1];
            long to;
            try {
                to = address(f, text.substring(dash + 1))[1];
            } catch (IpSetSyntaxException e) {
                throw e.shift(dash + 1, 0);
            }
            if (from > to) {
                throw new IpSetSyntaxException("range '" + text + "' starts after it ends", 0, text.length(),
                        "write it as " + text.substring(dash + 1) + "-" + text.substring(0, dash));
            }
            List<EntryPart> out = new ArrayList<>();
            long a = from;
            while (a <= to) {
                int len = 32;
                while (len > 1) {
                    long size = 1L << (32 - (len - 1));
                    if ((a & (size - 1)) != 0 || a + size - 1 > to) {
                        break;
                    }
                    len--;
                }
                out.add(new EntryPart.Address(IpPrefix.ipv4((int) a, len), true));
                a += 1L << (32 - len);
            }
            return out;
        }
        if (dash >= 0) {
            throw new IpSetSyntaxException("IPv6 address ranges are not supported", dash, 1,
                    "write the networks as prefixes, e.g. 2001:db8::/48");
        }
        long[] a = address(f, slash < 0 ? text : text.substring(0, slash));
        int len = slash < 0 ? f.bits() : cidr(f, text.substring(slash + 1), slash + 1, 1);
        IpPrefix p = f == Family.IPV4 ? IpPrefix.ipv4((int) a[1], len) : IpPrefix.ipv6(a[0], a[1], len);
        return List.of(new EntryPart.Address(p, true));
    }

    private static final List<String> PORT_PROTOCOLS = List.of("tcp", "udp", "sctp", "udplite");

    private static List<EntryPart> port(IpSetType type, IpSetOptions o, String text) throws IpSetSyntaxException {
        boolean bitmap = type.method() == IpSetType.Method.BITMAP;
        int colon = text.indexOf(':');
        String protoText = colon < 0 ? "tcp" : text.substring(0, colon);
        String portText = colon < 0 ? text : text.substring(colon + 1);
        int portOff = colon + 1;
        Protocol proto = Protocol.parse(protoText);
        if (proto == null) {
            throw new IpSetSyntaxException("unknown protocol '" + protoText + "'", 0, protoText.length(),
                    Suggest.didYouMean(protoText, List.of("tcp", "udp", "sctp", "udplite", "icmp", "icmpv6")));
        }
        if (bitmap && proto.number() != 6 && proto.number() != 17) {
            throw new IpSetSyntaxException("bitmap:port sets hold TCP or UDP ports only, not '" + protoText + "'", 0,
                    protoText.length(), null);
        }
        boolean v6 = o.family() == Family.IPV6;
        if (proto.number() == 1 || proto.number() == 58) {
            boolean icmp6 = proto.number() == 58;
            if (icmp6 != v6) {
                throw new IpSetSyntaxException((icmp6 ? "ICMPv6" : "ICMP") + " cannot be used in a set of family "
                        + (v6 ? "inet6" : "inet"), 0, protoText.length(), icmp6 ? "use icmp:TYPE" : "use icmpv6:TYPE");
            }
            return List.of(icmp(icmp6, portText, portOff));
        }
        boolean hasPorts = PORT_PROTOCOLS.contains(proto.saveName());
        int dash = portText.indexOf('-');
        int from;
        int to;
        if (dash >= 0) {
            from = portNumber(portText.substring(0, dash), proto, portOff);
            to = portNumber(portText.substring(dash + 1), proto, portOff + dash + 1);
            if (from > to) {
                throw new IpSetSyntaxException("port range '" + portText + "' starts after it ends", portOff,
                        portText.length(), "write it as " + to + "-" + from);
            }
        } else {
            from = portNumber(portText, proto, portOff);
            to = from;
        }
        if (!hasPorts && (from != 0 || to != 0)) {
            throw new IpSetSyntaxException("protocol " + proto.saveName() + " has no ports; use the pseudo port 0",
                    portOff, portText.length(), "write " + proto.saveName() + ":0");
        }
        if (o.portRange() != null && (from < o.portRange().from() || to > o.portRange().to())) {
            throw new IpSetSyntaxException("port '" + portText + "' is outside the set's range "
                    + o.portRange().from() + "-" + o.portRange().to(), portOff, portText.length(), null);
        }
        List<EntryPart> out = new ArrayList<>(to - from + 1);
        for (int p = from; p <= to; p++) {
            out.add(new EntryPart.Port(bitmap ? null : proto, p));
        }
        return out;
    }

    private static int portNumber(String text, Protocol proto, int off) throws IpSetSyntaxException {
        long v = Values.parseUnsigned(text);
        if (!text.isEmpty() && Character.isDigit(text.charAt(0))) {
            if (v < 0 || v > 65535) {
                throw new IpSetSyntaxException("port '" + text + "' is out of range 0-65535", off, text.length(), null);
            }
            return (int) v;
        }
        int s = text.isEmpty() ? -1 : Values.service(text, proto.saveName());
        if (s < 0) {
            throw new IpSetSyntaxException("invalid port or service name '" + text + "'", off,
                    Math.max(1, text.length()), null);
        }
        return s;
    }

    private static EntryPart icmp(boolean v6, String text, int off) throws IpSetSyntaxException {
        int slash = text.indexOf('/');
        if (slash >= 0) {
            long t = Values.parseUnsigned(text.substring(0, slash));
            long c = Values.parseUnsigned(text.substring(slash + 1));
            if (t < 0 || t > 255 || c < 0 || c > 255) {
                throw new IpSetSyntaxException("invalid ICMP type/code '" + text + "'; expected TYPE/CODE from 0 to 255",
                        off, text.length(), null);
            }
            return new EntryPart.Icmp(v6, (int) t, (int) c);
        }
        int[] tc = IcmpNames.lookup(v6, text);
        if (tc == null) {
            throw new IpSetSyntaxException("unknown " + (v6 ? "ICMPv6" : "ICMP") + " type '" + text + "'", off,
                    Math.max(1, text.length()), Suggest.didYouMean(text, IcmpNames.names(v6)) != null
                    ? Suggest.didYouMean(text, IcmpNames.names(v6)) : "give it as TYPE/CODE, e.g. 8/0");
        }
        return new EntryPart.Icmp(v6, tc[0], tc[1]);
    }

    private static long mac(String text) throws IpSetSyntaxException {
        String[] b = text.split(":", -1);
        if (b.length != 6) {
            throw new IpSetSyntaxException("invalid MAC address '" + text + "'", 0, text.length(),
                    "write six hex pairs separated by ':', e.g. 00:11:22:33:44:55");
        }
        long v = 0;
        for (String s : b) {
            if (s.isEmpty() || s.length() > 2 || Character.digit(s.charAt(0), 16) < 0
                    || (s.length() == 2 && Character.digit(s.charAt(1), 16) < 0)) {
                throw new IpSetSyntaxException("invalid MAC address '" + text + "'", 0, text.length(),
                        "write six hex pairs separated by ':', e.g. 00:11:22:33:44:55");
            }
            v = (v << 8) | Integer.parseInt(s, 16);
        }
        return v;
    }

    /** Longest interface name, in characters (IFNAMSIZ - 1). */
    static final int MAX_IFACE = 15;

    private static EntryPart iface(String text) throws IpSetSyntaxException {
        boolean phys = text.startsWith("physdev:");
        String name = phys ? text.substring(8) : text;
        if (name.isEmpty() || name.length() > MAX_IFACE) {
            throw new IpSetSyntaxException("invalid interface name '" + name + "'; it needs 1 to " + MAX_IFACE
                    + " characters", phys ? 8 : 0, Math.max(1, name.length()), null);
        }
        return new EntryPart.Iface(phys, name);
    }

    private static EntryPart mark(String text) throws IpSetSyntaxException {
        long v = Values.parseUnsigned(text);
        if (v < 0 || v > 0xFFFFFFFFL) {
            throw new IpSetSyntaxException("invalid mark '" + text + "'; expected a number from 0 to 0xffffffff", 0,
                    text.length(), null);
        }
        return new EntryPart.Mark(v);
    }
}
