package dev.rampart.sim.match;

import dev.rampart.model.Family;
import dev.rampart.model.ipset.EntryPart;
import dev.rampart.model.ipset.IpSet;
import dev.rampart.model.ipset.IpSetEntry;
import dev.rampart.model.ipset.IpSetOptions;
import dev.rampart.model.ipset.IpSetType;
import dev.rampart.model.match.SetMatch;
import dev.rampart.model.net.IpAddress;
import dev.rampart.model.net.IpPrefix;
import dev.rampart.sim.engine.Hook;
import dev.rampart.sim.engine.PacketState;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One ipset of a run with its live elements: the kernel's per-type element handling ({@code kadt}) for
 * tests and for the {@code SET} target's add and delete.
 *
 * <p>Elements are keyed by their parts (model {@link EntryPart}s, normalised the way the kernel stores
 * them: addresses of an {@code ip} dimension masked to the set's {@code netmask}/{@code bitmask}, marks
 * to its {@code markmask}). A {@code net} dimension is looked up as the kernel's {@code test_cidrs} does:
 * the packet's address is masked to each prefix length present in the set, longest first (nested in
 * dimension order when a type has two), and the first element found whose extensions accept the packet
 * decides: a plain element matches ({@code 1}), a {@code nomatch} element answers {@link #NOMATCH}.
 * Expired elements are skipped as if absent (the kernel's garbage collector removes them later).
 * Not thread-safe.
 */
final class IpSetInstance {
    /** The kernel's {@code -ENOTEMPTY}: the element found carries {@code nomatch}. */
    static final int NOMATCH = -39;
    /** The kernel's {@code -EAGAIN}: a {@code bitmap:ip,mac} element needs its MAC filled in. */
    static final int FILL_MAC = -11;
    /** An element that never expires. */
    static final long PERMANENT = Long.MAX_VALUE;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** The mutable state of one element. */
    static final class Element {
        /** Virtual time after which it is gone; {@link #PERMANENT} for never. */
        long expiresAt = PERMANENT;
        /** Seconds of timeout still to be anchored to the load time, or -1. */
        long pendingTimeout = -1;
        boolean nomatch;
        long packets;
        long bytes;
        /** {@code bitmap:ip,mac}: the MAC address, or -1 while unset. */
        long mac = -1;

        Element copy() {
            Element e = new Element();
            e.expiresAt = expiresAt;
            e.pendingTimeout = pendingTimeout;
            e.nomatch = nomatch;
            e.packets = packets;
            e.bytes = bytes;
            e.mac = mac;
            return e;
        }

        boolean expired(long now) {
            return expiresAt != PERMANENT && now > expiresAt;
        }
    }

    /** How a test treats counters ({@code xt_set} command flags). */
    record TestFlags(boolean returnNomatch, boolean skipCounterUpdate, boolean skipSubcounterUpdate,
                     SetMatch.CounterTest packets, SetMatch.CounterTest bytes) {
        boolean matchCounters() {
            return packets != null || bytes != null;
        }
    }

    final String name;
    final IpSetType type;
    final IpSetOptions options;
    /** Null for sets of any family (bitmap:port, hash:mac, list:set). */
    final Family family;
    final long maxElements;
    private final LinkedHashMap<List<EntryPart>, Element> elements;

    private IpSetInstance(String name, IpSetType type, IpSetOptions options, Family family, long maxElements,
                          LinkedHashMap<List<EntryPart>, Element> elements) {
        this.name = name;
        this.type = type;
        this.options = options;
        this.family = family;
        this.maxElements = maxElements;
        this.elements = elements;
    }

    /** The set as loaded; entry timeouts are pending until {@link #anchor} gives the load time. */
    static IpSetInstance load(IpSet set) {
        IpSetType type = set.type();
        IpSetOptions o = set.options().withKernelDefaults(type);
        Family family = switch (type.method()) {
            case HASH -> type.hasFamily() ? (o.family() != null ? o.family() : Family.IPV4) : null;
            case BITMAP -> type.name().equals("bitmap:port") ? null : Family.IPV4;
            case LIST, UNKNOWN -> null;
        };
        long max = switch (type.method()) {
            case HASH -> o.maxelem() != null ? o.maxelem() : IpSetOptions.DEFAULT_MAXELEM;
            case LIST -> o.size() != null ? o.size() : IpSetOptions.DEFAULT_LIST_SIZE;
            case BITMAP, UNKNOWN -> Long.MAX_VALUE;
        };
        IpSetInstance s = new IpSetInstance(set.name(), type, o, family, max, new LinkedHashMap<>());
        if (!type.isKnown()) {
            return s;
        }
        for (IpSetEntry entry : set.entries()) {
            List<EntryPart> key = s.normalise(entry.parts());
            Element e = new Element();
            var eo = entry.options();
            Long timeout = eo.timeout() != null ? eo.timeout() : o.timeout();
            if (o.hasTimeout() && timeout != null && timeout != 0) {
                e.pendingTimeout = timeout;
            }
            e.nomatch = eo.nomatch();
            e.packets = eo.packets() != null ? eo.packets() : 0;
            e.bytes = eo.bytes() != null ? eo.bytes() : 0;
            if (type.name().equals("bitmap:ip,mac")) {
                if (entry.parts().size() > 1 && entry.parts().get(1) instanceof EntryPart.Mac m) {
                    e.mac = m.address();
                }
            }
            s.elements.put(key, e);
        }
        return s;
    }

    /** A deep copy. */
    IpSetInstance copy() {
        LinkedHashMap<List<EntryPart>, Element> m = new LinkedHashMap<>();
        elements.forEach((k, v) -> m.put(k, v.copy()));
        return new IpSetInstance(name, type, options, family, maxElements, m);
    }

    /** Starts pending entry timeouts at {@code loadedAt}. */
    void anchor(long loadedAt) {
        for (Element e : elements.values()) {
            if (e.pendingTimeout >= 0) {
                e.expiresAt = loadedAt + e.pendingTimeout * NANOS_PER_SECOND;
                e.pendingTimeout = -1;
            }
        }
    }

    int dimensions() {
        return type.dimensions().size();
    }

    /** Whether {@code ip_set_test/add/del} accept the call: enough directions and the right family. */
    boolean accepts(int directions, Family packetFamily) {
        return directions >= dimensions() && (family == null || family == packetFamily);
    }

    /** Live elements at {@code now}, in insertion order, with their parts. */
    List<Map.Entry<List<EntryPart>, Element>> live(long now) {
        List<Map.Entry<List<EntryPart>, Element>> out = new ArrayList<>();
        for (Map.Entry<List<EntryPart>, Element> e : elements.entrySet()) {
            if (!e.getValue().expired(now)) {
                out.add(e);
            }
        }
        return out;
    }

    /** The element with exactly these (normalised) parts, or null. */
    Element element(List<EntryPart> parts) {
        return elements.get(normalise(parts));
    }

    // ---- normalisation -------------------------------------------------------------------------

    private boolean masksIp() {
        return type.name().equals("hash:ip") || type.name().equals("bitmap:ip");
    }

    private EntryPart.Address ipKey(IpAddress a) {
        if (masksIp() && options.bitmask() != null) {
            return IpSetLookup.ipPart(a, options.bitmask());
        }
        int len = masksIp() && options.netmask() != null ? options.netmask() : a.family().bits();
        return IpSetLookup.ipPart(a, len);
    }

    private List<EntryPart> normalise(List<EntryPart> parts) {
        List<IpSetType.Dimension> dims = type.dimensions();
        if (type.name().equals("bitmap:ip,mac")) {
            return List.of(normalisePart(dims.get(0), parts.get(0)));
        }
        List<EntryPart> out = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            out.add(i < dims.size() ? normalisePart(dims.get(i), parts.get(i)) : parts.get(i));
        }
        return List.copyOf(out);
    }

    private EntryPart normalisePart(IpSetType.Dimension dim, EntryPart part) {
        if (dim == IpSetType.Dimension.IP && part instanceof EntryPart.Address a) {
            IpPrefix p = a.prefix();
            return ipKey(new IpAddress(p.family(), p.hi(), p.lo()));
        }
        if (dim == IpSetType.Dimension.MARK && part instanceof EntryPart.Mark m) {
            return new EntryPart.Mark(m.mark() & markmask());
        }
        return part;
    }

    private long markmask() {
        return options.markmask() != null ? options.markmask() : 0xFFFFFFFFL;
    }

    // ---- packet parts ----------------------------------------------------------------------------

    /**
     * The packet's part for dimension {@code i} (a NET dimension gives the host address as a full-length
     * network), or null when the kernel refuses the packet. Sets {@code unknown[0]} when the simulator
     * lacks the field (destination MAC).
     */
    private EntryPart packetPart(int i, SetMatch.Direction d, PacketState p, Hook hook, boolean[] unknown) {
        IpSetType.Dimension dim = type.dimensions().get(i);
        return switch (dim) {
            case IP -> {
                EntryPart.Address a = ipKey(IpSetLookup.address(p, d));
                if (type.name().equals("hash:ip") && a.prefix().hi() == 0 && a.prefix().lo() == 0) {
                    yield null; // the kernel refuses the unspecified address
                }
                yield a;
            }
            case NET -> {
                IpAddress a = IpSetLookup.address(p, d);
                yield IpSetLookup.netPart(a, a.family().bits());
            }
            case PORT -> IpSetLookup.port(p, d);
            case MAC -> {
                long mac = IpSetLookup.mac(p, d, hook);
                if (mac == -2) {
                    unknown[0] = true;
                }
                yield mac <= 0 ? null : new EntryPart.Mac(mac);
            }
            case IFACE -> IpSetLookup.iface(p, d, hook);
            case MARK -> new EntryPart.Mark(p.mark() & 0xFFFFFFFFL & markmask());
            case SET -> null;
        };
    }

    /** Prefix lengths of NET dimension {@code dim} among the set's elements, longest first. */
    private int[] cidrs(int dim) {
        boolean[] seen = new boolean[129];
        for (List<EntryPart> k : elements.keySet()) {
            if (k.get(dim) instanceof EntryPart.Address a) {
                seen[a.prefix().length()] = true;
            }
        }
        int n = 0;
        for (boolean b : seen) {
            n += b ? 1 : 0;
        }
        int[] out = new int[n];
        int j = 0;
        for (int len = 128; len >= 0; len--) {
            if (seen[len]) {
                out[j++] = len;
            }
        }
        return out;
    }

    private List<Integer> netDimensions() {
        List<Integer> out = new ArrayList<>();
        List<IpSetType.Dimension> dims = type.dimensions();
        for (int i = 0; i < dims.size(); i++) {
            if (dims.get(i) == IpSetType.Dimension.NET) {
                out.add(i);
            }
        }
        return out;
    }

    // ---- test -------------------------------------------------------------------------------------

    /**
     * The kernel's {@code kadt(IPSET_TEST)} for hash and bitmap types: 1, {@link #NOMATCH} or 0 (also for
     * refused packets). {@code approx[0]} is set when the answer depends on a field the simulator lacks.
     */
    int test(List<SetMatch.Direction> dirs, PacketState p, Hook hook, long now, TestFlags f, boolean[] approx) {
        int dims = dimensions();
        EntryPart[] parts = new EntryPart[dims];
        boolean[] unknown = new boolean[1];
        for (int i = 0; i < dims; i++) {
            parts[i] = packetPart(i, dirs.get(i), p, hook, unknown);
            if (parts[i] == null) {
                approx[0] |= unknown[0];
                return 0;
            }
        }
        long len = Math.max(0, p.length());
        if (type.method() == IpSetType.Method.BITMAP) {
            return testBitmap(parts, p, now, len, f);
        }
        List<Integer> nets = netDimensions();
        if (nets.isEmpty()) {
            Element e = elements.get(List.of(parts));
            return e == null ? 0 : dataMatch(e, now, len, f);
        }
        int[][] lengths = new int[nets.size()][];
        for (int k = 0; k < nets.size(); k++) {
            lengths[k] = cidrs(nets.get(k));
        }
        return testCidrs(parts, nets, lengths, 0, now, len, f);
    }

    private int testCidrs(EntryPart[] parts, List<Integer> nets, int[][] lengths, int level, long now, long len,
                          TestFlags f) {
        if (level == nets.size()) {
            Element e = elements.get(List.of(parts));
            return e == null ? 0 : dataMatch(e, now, len, f);
        }
        int dim = nets.get(level);
        EntryPart.Address host = (EntryPart.Address) parts[dim];
        IpAddress a = new IpAddress(host.family(), host.prefix().hi(), host.prefix().lo());
        for (int cidr : lengths[level]) {
            parts[dim] = IpSetLookup.netPart(a, cidr);
            int r = testCidrs(parts, nets, lengths, level + 1, now, len, f);
            if (r != 0) {
                parts[dim] = host;
                return r;
            }
        }
        parts[dim] = host;
        return 0;
    }

    private int testBitmap(EntryPart[] parts, PacketState p, long now, long len, TestFlags f) {
        switch (type.name()) {
            case "bitmap:port" -> {
                EntryPart part = parts[0];
                int port = part instanceof EntryPart.Port pp ? pp.port()
                        : part instanceof EntryPart.Icmp ic ? ic.type() << 8 | ic.code() : -1;
                if (port < 0 || options.portRange() != null && !options.portRange().contains(port)) {
                    return 0;
                }
                Element e = elements.get(List.of(new EntryPart.Port(null, port)));
                return e == null ? 0 : dataMatch(e, now, len, f);
            }
            case "bitmap:ip,mac" -> {
                Element e = elements.get(List.of(parts[0]));
                if (e == null || e.expired(now)) {
                    return 0;
                }
                long mac = ((EntryPart.Mac) parts[1]).address();
                if (e.mac < 0) {
                    e.mac = mac; // the kernel fills the MAC in from the first packet and matches
                    return FILL_MAC;
                }
                if (e.mac != mac) {
                    return 0;
                }
                return matchExtensions(e, now, len, f) ? 1 : 0;
            }
            default -> {
                if (!inRange(parts[0])) {
                    return 0;
                }
                Element e = elements.get(List.of(parts[0]));
                return e == null ? 0 : dataMatch(e, now, len, f);
            }
        }
    }

    private boolean inRange(EntryPart ip) {
        if (options.range() == null || !(ip instanceof EntryPart.Address a)) {
            return true;
        }
        long v = a.prefix().lo();
        return v >= options.range().from() && v <= options.range().to();
    }

    private int dataMatch(Element e, long now, long len, TestFlags f) {
        if (!matchExtensions(e, now, len, f)) {
            return 0;
        }
        return e.nomatch ? NOMATCH : 1;
    }

    /**
     * {@code ip_set_match_extensions}: an expired element does not match; with {@code counters} the
     * element's counters are updated first (unless disabled) and then compared with the rule's tests.
     */
    boolean matchExtensions(Element e, long now, long len, TestFlags f) {
        if (e.expired(now)) {
            return false;
        }
        if (options.counters()) {
            if (!f.skipCounterUpdate()) {
                e.packets++;
                e.bytes += len;
            }
            if (f.matchCounters() && !(compare(e.packets, f.packets()) && compare(e.bytes, f.bytes()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean compare(long counter, SetMatch.CounterTest t) {
        if (t == null) {
            return true;
        }
        int c = Long.compareUnsigned(counter, t.value());
        return switch (t.op()) {
            case EQ -> c == 0;
            case NE -> c != 0;
            case LT -> c < 0;
            case GT -> c > 0;
        };
    }

    // ---- add / delete -------------------------------------------------------------------------------

    /**
     * The element the kernel's {@code kadt(ADD/DEL)} builds from the packet: NET dimensions use the
     * longest prefix length present in the set (the host length when there is none). Null when refused.
     */
    private List<EntryPart> packetElement(List<SetMatch.Direction> dirs, PacketState p, Hook hook) {
        int dims = dimensions();
        EntryPart[] parts = new EntryPart[dims];
        boolean[] unknown = new boolean[1];
        for (int i = 0; i < dims; i++) {
            parts[i] = packetPart(i, dirs.get(i), p, hook, unknown);
            if (parts[i] == null) {
                return null;
            }
            if (type.dimensions().get(i) == IpSetType.Dimension.NET) {
                int[] c = cidrs(i);
                IpAddress a = IpSetLookup.address(p, dirs.get(i));
                parts[i] = IpSetLookup.netPart(a, c.length > 0 ? c[0] : a.family().bits());
            }
        }
        if (type.name().equals("bitmap:port")) {
            int port = IpSetLookup.bitmapPort(p, dirs.get(0));
            if (port < 0 || options.portRange() != null && !options.portRange().contains(port)) {
                return null;
            }
            return List.of(new EntryPart.Port(null, port));
        }
        if (type.method() == IpSetType.Method.BITMAP && !inRange(parts[0])) {
            return null;
        }
        if (type.name().equals("bitmap:ip,mac")) {
            return List.of(parts[0]);
        }
        return List.of(parts);
    }

    /**
     * {@code -j SET --add-set}: adds the packet's element. {@code timeoutSeconds} -1 takes the set's
     * default; it only counts in sets created with {@code timeout}. An existing live element is left
     * alone unless {@code exist}, which rewrites its extensions (timeout, counters to this packet, and
     * clears {@code nomatch}); an expired one is reused. A full set refuses new elements, or evicts its
     * oldest one with {@code forceadd}. Returns whether the set changed.
     */
    boolean add(List<SetMatch.Direction> dirs, PacketState p, Hook hook, long now, long timeoutSeconds,
                boolean exist) {
        List<EntryPart> key = packetElement(dirs, p, hook);
        if (key == null) {
            return false;
        }
        long len = Math.max(0, p.length());
        Element e = elements.get(key);
        if (e != null && !e.expired(now) && !exist) {
            return false;
        }
        if (e == null) {
            if (liveCount(now) >= maxElements) {
                if (!options.forceadd() || elements.isEmpty()) {
                    return false;
                }
                Iterator<List<EntryPart>> it = elements.keySet().iterator();
                it.next();
                it.remove();
            }
            e = new Element();
            elements.put(key, e);
        }
        e.nomatch = false;
        e.packets = 1;
        e.bytes = len;
        if (type.name().equals("bitmap:ip,mac")) {
            long mac = IpSetLookup.mac(p, dirs.size() > 1 ? dirs.get(1) : SetMatch.Direction.SRC, hook);
            e.mac = mac > 0 ? mac : -1;
        }
        e.pendingTimeout = -1;
        e.expiresAt = PERMANENT;
        if (options.hasTimeout()) {
            long t = timeoutSeconds >= 0 ? timeoutSeconds : options.timeout();
            if (t != 0) {
                e.expiresAt = now + t * NANOS_PER_SECOND;
            }
        }
        return true;
    }

    /** {@code -j SET --del-set}: removes the packet's element if it is live; returns whether it did. */
    boolean delete(List<SetMatch.Direction> dirs, PacketState p, Hook hook, long now) {
        List<EntryPart> key = packetElement(dirs, p, hook);
        if (key == null) {
            return false;
        }
        Element e = elements.get(key);
        if (e == null) {
            return false;
        }
        elements.remove(key);
        return !e.expired(now);
    }

    private long liveCount(long now) {
        long n = 0;
        for (Element e : elements.values()) {
            if (!e.expired(now)) {
                n++;
            }
        }
        return n;
    }

    /** Member set names of a {@code list:set} with their list elements, in order. */
    List<Map.Entry<String, Element>> members() {
        List<Map.Entry<String, Element>> out = new ArrayList<>();
        for (Map.Entry<List<EntryPart>, Element> e : elements.entrySet()) {
            if (e.getKey().get(0) instanceof EntryPart.SetName s) {
                out.add(Map.entry(s.name(), e.getValue()));
            }
        }
        return out;
    }
}
