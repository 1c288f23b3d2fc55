package dev.rampart.sim.match;

import dev.rampart.model.Family;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@code xt_recent} list ({@code --name}) of one run: the addresses seen, each with its last TTL and
 * the jiffies of its most recent hits, kept in least-recently-updated order.
 *
 * <p>Invariants, as {@code xt_recent.c}: at most {@link #MAX_ENTRIES} entries ({@code ip_list_tot}); a
 * new entry evicts the least recently updated one when the list is full. Each entry keeps at most
 * {@link #MAX_STAMPS} time stamps. The kernel keeps a ring of {@code max(32, hitcount rounded up to a
 * power of two)} stamps per list; keeping more changes nothing because stamps only grow, so whether
 * {@code N <= ring size} hits lie within a window only depends on the newest N. Entries of IPv4 and IPv6
 * share a list (the kernel keys lists by name per network namespace) but never match each other.
 * Not thread-safe.
 */
final class RecentTable {
    /** Entries per list ({@code ip_list_tot} module parameter default). */
    static final int MAX_ENTRIES = 100;
    /** Stamps kept per entry: the largest ring the kernel can allocate ({@code XT_RECENT_MAX_NSTAMPS}). */
    static final int MAX_STAMPS = 256;

    /** Names a list in {@link dev.rampart.sim.engine.StateStore}. */
    record Key(String name) {
    }

    /** An address of a list. */
    record Address(Family family, long hi, long lo) {
    }

    /** One remembered address. */
    static final class Entry {
        final Address address;
        int ttl;
        final ArrayDeque<Long> stamps = new ArrayDeque<>();

        Entry(Address address, int ttl) {
            this.address = address;
            this.ttl = ttl;
        }

        long lastStamp() {
            return stamps.peekLast();
        }

        void stamp(long jiffies) {
            if (stamps.size() == MAX_STAMPS) {
                stamps.removeFirst();
            }
            stamps.addLast(jiffies);
        }
    }

    /** Entries in least-recently-updated order (head = oldest). */
    private final LinkedHashMap<Address, Entry> entries = new LinkedHashMap<>();

    /** The entry for {@code a} whose TTL agrees ({@code ttl} 0 or a stored TTL 0 accept any), or null. */
    Entry lookup(Address a, int ttl) {
        Entry e = entries.get(a);
        if (e == null || !(ttl == e.ttl || ttl == 0 || e.ttl == 0)) {
            return null;
        }
        return e;
    }

    /** Creates an entry with one stamp, evicting the oldest entry when the list is full. */
    Entry create(Address a, int ttl, long jiffies) {
        if (entries.size() >= MAX_ENTRIES) {
            Iterator<Map.Entry<Address, Entry>> it = entries.entrySet().iterator();
            it.next();
            it.remove();
        }
        Entry e = new Entry(a, ttl);
        e.stamp(jiffies);
        entries.put(a, e);
        return e;
    }

    /** Adds a stamp and makes the entry the most recently updated. */
    void update(Entry e, long jiffies) {
        e.stamp(jiffies);
        entries.remove(e.address);
        entries.put(e.address, e);
    }

    void remove(Entry e) {
        entries.remove(e.address);
    }

    /**
     * {@code --reap}: drops the least recently updated entry if its newest stamp is older than
     * {@code time}, unless it is {@code working} and about to be updated.
     */
    void reapOldest(long time, Entry working, boolean update) {
        if (entries.isEmpty()) {
            return;
        }
        Entry oldest = entries.values().iterator().next();
        if (oldest == working && update) {
            return;
        }
        if (oldest.lastStamp() < time) {
            entries.remove(oldest.address);
        }
    }

    /** Number of entries. */
    int size() {
        return entries.size();
    }
}
