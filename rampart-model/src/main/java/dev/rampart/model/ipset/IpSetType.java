package dev.rampart.model.ipset;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The type of an ipset, such as {@code hash:ip} or {@code list:set}: a storage method and the
 * dimensions of an element. Types Rampart does not know are kept as {@link Method#UNKNOWN} with their
 * name, so that a file using them still round-trips (their elements are kept as text).
 */
public record IpSetType(String name, Method method, List<Dimension> dimensions) {

    /** How the kernel stores the set. */
    public enum Method { HASH, BITMAP, LIST, UNKNOWN }

    /** One component of an element. */
    public enum Dimension {
        /** A single address ({@code hash:ip}); a CIDR or range given when adding expands to addresses. */
        IP,
        /** An address with a prefix length ({@code hash:net}); a range expands to prefixes. */
        NET,
        /** {@code [proto:]port}, or an ICMP type for icmp/icmpv6. */
        PORT,
        /** An Ethernet address. */
        MAC,
        /** An interface name, optionally {@code physdev:}. */
        IFACE,
        /** A packet mark. */
        MARK,
        /** The name of another set ({@code list:set}). */
        SET
    }

    public IpSetType {
        dimensions = List.copyOf(dimensions);
    }

    private static final Map<String, IpSetType> KNOWN = new LinkedHashMap<>();
    private static final Map<String, String> ALIASES = Map.of(
            "iphash", "hash:ip", "nethash", "hash:net", "ipporthash", "hash:ip,port",
            "ipportiphash", "hash:ip,port,ip", "ipportnethash", "hash:ip,port,net", "ipmap", "bitmap:ip",
            "macipmap", "bitmap:ip,mac", "portmap", "bitmap:port", "setlist", "list:set");

    static {
        for (String n : List.of("hash:ip", "hash:net", "hash:ip,port", "hash:net,port", "hash:ip,port,ip",
                "hash:ip,port,net", "hash:net,net", "hash:net,port,net", "hash:net,iface", "hash:mac", "hash:ip,mac",
                "hash:ip,mark", "bitmap:ip", "bitmap:ip,mac", "bitmap:port", "list:set")) {
            KNOWN.put(n, build(n));
        }
    }

    private static IpSetType build(String name) {
        int colon = name.indexOf(':');
        Method m = switch (name.substring(0, colon)) {
            case "hash" -> Method.HASH;
            case "bitmap" -> Method.BITMAP;
            default -> Method.LIST;
        };
        List<Dimension> dims = new ArrayList<>();
        for (String d : name.substring(colon + 1).split(",")) {
            dims.add(Dimension.valueOf(d.toUpperCase(java.util.Locale.ROOT)));
        }
        return new IpSetType(name, m, dims);
    }

    /** A known type by its name or old alias ({@code iphash}); empty when Rampart does not know it. */
    public static Optional<IpSetType> known(String name) {
        IpSetType t = KNOWN.get(name);
        if (t == null && ALIASES.containsKey(name)) {
            t = KNOWN.get(ALIASES.get(name));
        }
        return Optional.ofNullable(t);
    }

    /** A type Rampart does not model; kept by name so it can be written back. */
    public static IpSetType unknown(String name) {
        return new IpSetType(name, Method.UNKNOWN, List.of());
    }

    /** Names of all known types, for suggestions. */
    public static List<String> knownNames() {
        return List.copyOf(KNOWN.keySet());
    }

    /** Whether Rampart models this type's elements. */
    public boolean isKnown() {
        return method != Method.UNKNOWN;
    }

    /** Whether the first dimension is an address ({@code ip} or {@code net}), so the set has a family. */
    public boolean hasFamily() {
        return method == Method.HASH && !dimensions.isEmpty() && dimensions.get(0) != Dimension.MAC;
    }

    /** Whether elements of this type accept {@code nomatch} (types with a {@code net} dimension). */
    public boolean supportsNomatch() {
        return method == Method.HASH && dimensions.contains(Dimension.NET);
    }

    /** Whether {@code netmask}/{@code bitmask} can be given at creation. */
    public boolean supportsNetmask() {
        return name.equals("hash:ip") || name.equals("hash:net") || name.equals("hash:net,net")
                || name.equals("bitmap:ip");
    }

    @Override
    public String toString() {
        return name;
    }
}
