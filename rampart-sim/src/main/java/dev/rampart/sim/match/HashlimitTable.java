package dev.rampart.sim.match;

import dev.rampart.model.Family;
import dev.rampart.model.match.HashlimitMatch;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * One {@code xt_hashlimit} table ({@code --hashlimit-name}, per family) of one run: a bucket per hash
 * key, with the configuration of the first rule that used the name (as the kernel, where later rules
 * naming an existing table share it and its configuration).
 *
 * <p>Expiry: every access sets an entry's expiry to now + {@code --hashlimit-htable-expire}; the
 * kernel's garbage collector runs every {@code --hashlimit-htable-gcinterval} ms from the table's creation
 * and frees entries whose expiry has passed. Rampart places the collector runs at exact multiples of the
 * interval from the first packet that used the table and forgets an entry when a run fell between its
 * expiry and now; a forgotten key starts again with a full bucket. Not thread-safe.
 */
final class HashlimitTable {
    /** Buckets of a table without {@code --hashlimit-htable-size} on a host with more than 1 GiB of RAM. */
    static final long DEFAULT_SIZE = 8192;

    /** Names a table in {@link dev.rampart.sim.engine.StateStore}. */
    record Key(String name, Family family) {
    }

    /** What a packet is hashed by: the fields the mode selects, others 0. */
    record HashKey(long srcHi, long srcLo, long dstHi, long dstLo, int sport, int dport) {
    }

    /** One bucket. Credits are unsigned 64-bit, as the kernel's {@code u64}. */
    static final class Entry {
        long prev;
        long expires;
        long credit;
        long creditCap;
        long cost;
        // rate-match mode
        long interval;
        boolean prevWindow;
        long currentRate;
        long rate;
        long burst;
    }

    final HashlimitMatch config;
    final long createdJiffies;
    final long gcJiffies;
    final long expireJiffies;
    final long maxEntries;
    private final Map<HashKey, Entry> entries = new HashMap<>();

    HashlimitTable(HashlimitMatch config, long nowJiffies) {
        this.config = config;
        this.createdJiffies = nowJiffies;
        this.gcJiffies = Math.max(1, Jiffies.fromMillis(config.gcInterval()));
        this.expireJiffies = Jiffies.fromMillis(config.expire());
        long size = config.htableSize() != 0 ? config.htableSize() : DEFAULT_SIZE;
        long max = config.htableMax();
        this.maxEntries = max == 0 ? 8 * size : Math.max(max, size);
    }

    /** The live entry for {@code key}, or null (an entry the collector freed is dropped here). */
    Entry find(HashKey key, long now) {
        Entry e = entries.get(key);
        if (e != null && collected(e, now)) {
            entries.remove(key);
            return null;
        }
        return e;
    }

    /** A new entry for {@code key}, or null when the table holds {@code htable-max} live entries. */
    Entry create(HashKey key, long now) {
        if (entries.size() >= maxEntries) {
            Iterator<Entry> it = entries.values().iterator();
            while (it.hasNext()) {
                if (collected(it.next(), now)) {
                    it.remove();
                }
            }
            if (entries.size() >= maxEntries) {
                return null;
            }
        }
        Entry e = new Entry();
        entries.put(key, e);
        return e;
    }

    /** Whether a collector run at or after the entry's expiry happened by {@code now}. */
    private boolean collected(Entry e, long now) {
        if (now < e.expires) {
            return false;
        }
        long sinceCreation = e.expires - createdJiffies;
        long runs = sinceCreation <= 0 ? 0 : (sinceCreation + gcJiffies - 1) / gcJiffies;
        long firstRunAfterExpiry = createdJiffies + runs * gcJiffies;
        return firstRunAfterExpiry <= now;
    }

    /** Number of entries held (including expired ones not yet collected). */
    int size() {
        return entries.size();
    }
}
