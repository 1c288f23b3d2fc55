package dev.rampart.sim.match;

import dev.rampart.model.ipset.IpSet;
import dev.rampart.model.ipset.IpSetType;
import dev.rampart.model.ipset.IpSets;
import dev.rampart.model.match.SetMatch;
import dev.rampart.sim.engine.Hook;
import dev.rampart.sim.engine.PacketState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ipsets of one simulation run: loaded from {@code ipset save} content, then changed by the
 * {@code SET} target and by entry timeouts on the virtual clock. Lookups follow the kernel's per-type
 * rules (hash:ip, hash:net with nomatch, hash:ip,port, hash:net,port, list:set, ...). Not thread-safe;
 * {@link #copy()} gives a run its own copy of loaded sets.
 *
 * <p>Semantics follow {@code ip_set_core.c} ({@code ip_set_test/add/del}) and the per-type modules:
 * a test with fewer directions than the set has dimensions, or a packet of another family than the set's
 * ({@code hash:*} sets have one; bitmap:ip is IPv4; bitmap:port, hash:mac and list:set take both), does
 * not match. {@code --return-nomatch} swaps plain and {@code nomatch} elements for types that support
 * {@code nomatch}. Entry timeouts count from the load time: the time given to the constructor, or the
 * virtual time of the first operation on the store.
 */
public final class IpSetStore {
    private final Map<String, IpSetInstance> sets;
    private boolean anchored;

    /** An empty store: every {@code --match-set} names a missing set. */
    public static IpSetStore empty() {
        return new IpSetStore(new IpSets(List.of()));
    }

    /** The sets as loaded; entry timeouts start at the first operation's virtual time. */
    public IpSetStore(IpSets sets) {
        this.sets = new LinkedHashMap<>();
        for (IpSet s : sets.sets()) {
            this.sets.put(s.name(), IpSetInstance.load(s));
        }
    }

    /** The sets as loaded at virtual time {@code loadedAtNanos} (entry timeouts start then). */
    public IpSetStore(IpSets sets, long loadedAtNanos) {
        this(sets);
        anchor(loadedAtNanos);
    }

    private IpSetStore(Map<String, IpSetInstance> sets, boolean anchored) {
        this.sets = sets;
        this.anchored = anchored;
    }

    /** An independent copy of the current contents (elements, counters, timeouts). */
    public IpSetStore copy() {
        Map<String, IpSetInstance> m = new LinkedHashMap<>();
        sets.forEach((k, v) -> m.put(k, v.copy()));
        return new IpSetStore(m, anchored);
    }

    private void anchor(long now) {
        if (!anchored) {
            anchored = true;
            sets.values().forEach(s -> s.anchor(now));
        }
    }

    /** Whether a set called {@code name} exists. */
    public boolean exists(String name) {
        return sets.containsKey(name);
    }

    /** Whether Rampart models the set's type (false for a missing set or an unknown type). */
    public boolean isModelled(String name) {
        IpSetInstance s = sets.get(name);
        return s != null && s.type.isKnown();
    }

    /** Number of live elements of set {@code name} at {@code nowNanos} (0 for a missing set). */
    public int size(String name, long nowNanos) {
        anchor(nowNanos);
        IpSetInstance s = sets.get(name);
        return s == null ? 0 : s.live(nowNanos).size();
    }

    /**
     * Whether the packet's fields, taken per dimension from {@code directions}, are in set {@code name}
     * at {@code nowNanos}; false for a missing set. A plain membership query: a {@code nomatch} element
     * answers false, counters are neither updated nor tested.
     */
    public boolean contains(String name, List<SetMatch.Direction> directions, PacketState packet, long nowNanos) {
        SetMatch m = new SetMatch(name, directions, false, false, false, false, null, null);
        return lookup(m, packet, packet.hook(), nowNanos).member();
    }

    /**
     * The answer of {@code -m set} before its {@code !}: whether the packet is in the set, with the
     * kernel's side effects (element counters updated unless the match disables it; a
     * {@code bitmap:ip,mac} element without MAC learns the packet's).
     *
     * @param member      the packet is in the set as the match asks it (counter tests, return-nomatch)
     * @param approximate why the answer may differ from the kernel's, or null when it is exact
     */
    public record Lookup(boolean member, String approximate) {
    }

    /** Evaluates {@code match} (without its inversion) for {@code packet} at {@code hook}. */
    public Lookup lookup(SetMatch match, PacketState packet, Hook hook, long nowNanos) {
        anchor(nowNanos);
        IpSetInstance s = sets.get(match.setName());
        if (s == null) {
            return new Lookup(false, null);
        }
        IpSetInstance.TestFlags flags = new IpSetInstance.TestFlags(match.returnNomatch(), !match.updateCounters(),
                !match.updateSubcounters(), match.packets(), match.bytes());
        String[] approx = new String[1];
        int r = test(s, match.directions(), packet, hook, nowNanos, flags, approx, 0);
        return new Lookup(r > 0, approx[0]);
    }

    /** {@code ip_set_test}: positive when the packet is in the set (after return-nomatch). */
    private int test(IpSetInstance s, List<SetMatch.Direction> dirs, PacketState p, Hook hook, long now,
                     IpSetInstance.TestFlags f, String[] approx, int depth) {
        if (!s.accepts(dirs.size(), p.family())) {
            return 0;
        }
        int ret;
        switch (s.type.method()) {
            case UNKNOWN -> {
                approx[0] = "set " + s.name + ": type " + s.type.name() + " is not modelled";
                return 0;
            }
            case LIST -> ret = testList(s, dirs, p, hook, now, f, approx, depth);
            default -> {
                boolean[] unknown = new boolean[1];
                ret = s.test(dirs, p, hook, now, f, unknown);
                if (unknown[0]) {
                    approx[0] = "set " + s.name + ": the packet's destination MAC address is unknown";
                }
            }
        }
        if (ret == IpSetInstance.FILL_MAC) {
            return 1;
        }
        if (f.returnNomatch() && s.type.supportsNomatch() && (ret > 0 || ret == IpSetInstance.NOMATCH)) {
            ret = -ret;
        }
        return Math.max(ret, 0);
    }

    /** {@code list_set_ktest}: the first live member set that has the packet decides. */
    private int testList(IpSetInstance list, List<SetMatch.Direction> dirs, PacketState p, Hook hook, long now,
                         IpSetInstance.TestFlags f, String[] approx, int depth) {
        // the kernel refuses list:set members of a list:set, so one level is all there is
        IpSetInstance.TestFlags memberFlags = new IpSetInstance.TestFlags(f.returnNomatch(),
                f.skipCounterUpdate() || f.skipSubcounterUpdate(), f.skipSubcounterUpdate(), null, null);
        long len = Math.max(0, p.length());
        for (Map.Entry<String, IpSetInstance.Element> m : list.members()) {
            IpSetInstance member = sets.get(m.getKey());
            if (member == null || member.type.method() == IpSetType.Method.LIST) {
                continue;
            }
            int r = test(member, dirs, p, hook, now, memberFlags, approx, depth + 1);
            if (r <= 0) {
                continue;
            }
            if (list.matchExtensions(m.getValue(), now, len, f)) {
                return 1;
            }
        }
        return 0;
    }

    /** Adds the packet's element to {@code name} ({@code -j SET --add-set}); timeoutSeconds -1: set default. */
    public void add(String name, List<SetMatch.Direction> directions, PacketState packet, long nowNanos,
                    long timeoutSeconds, boolean exist) {
        anchor(nowNanos);
        IpSetInstance s = sets.get(name);
        if (s != null) {
            add(s, directions, packet, nowNanos, timeoutSeconds, exist, 0);
        }
    }

    private boolean add(IpSetInstance s, List<SetMatch.Direction> dirs, PacketState p, long now, long timeout,
                        boolean exist, int depth) {
        if (!s.accepts(dirs.size(), p.family()) || !s.type.isKnown()) {
            return false;
        }
        if (s.type.method() == IpSetType.Method.LIST) {
            if (depth > 0) {
                return false;
            }
            for (Map.Entry<String, IpSetInstance.Element> m : s.members()) {
                IpSetInstance member = sets.get(m.getKey());
                if (member != null && !m.getValue().expired(now)
                        && add(member, dirs, p, now, timeout, exist, depth + 1)) {
                    return true;
                }
            }
            return false;
        }
        return s.add(dirs, p, p.hook(), now, timeout, exist);
    }

    /** Deletes the packet's element from {@code name} ({@code -j SET --del-set}). */
    public void delete(String name, List<SetMatch.Direction> directions, PacketState packet, long nowNanos) {
        anchor(nowNanos);
        IpSetInstance s = sets.get(name);
        if (s != null) {
            delete(s, directions, packet, nowNanos, 0);
        }
    }

    private boolean delete(IpSetInstance s, List<SetMatch.Direction> dirs, PacketState p, long now, int depth) {
        if (!s.accepts(dirs.size(), p.family()) || !s.type.isKnown()) {
            return false;
        }
        if (s.type.method() == IpSetType.Method.LIST) {
            if (depth > 0) {
                return false;
            }
            for (Map.Entry<String, IpSetInstance.Element> m : s.members()) {
                IpSetInstance member = sets.get(m.getKey());
                if (member != null && !m.getValue().expired(now) && delete(member, dirs, p, now, depth + 1)) {
                    return true;
                }
            }
            return false;
        }
        return s.delete(dirs, p, p.hook(), now);
    }

    /**
     * The packet and byte counters of the element of {@code name} with exactly these parts (as
     * {@code ipset save} would print them), or null when absent.
     */
    public long[] counters(String name, List<dev.rampart.model.ipset.EntryPart> parts) {
        IpSetInstance s = sets.get(name);
        IpSetInstance.Element e = s == null ? null : s.element(parts);
        return e == null ? null : new long[] {e.packets, e.bytes};
    }
}
