package dev.rampart.sim.classify;

import java.util.Arrays;

/**
 * The hash table of one {@link Tuple}: 64-bit key hash to the ascending rule positions stored under it.
 * Two different field values whose hashes are equal share a bucket, which only adds candidates (the
 * index may yield extra rules), never loses one.
 *
 * <p>Built with {@link #add}, then {@link #seal sealed} into its lookup form: open addressing with
 * linear probing over one {@code long[]} of (key, run) pairs, where the run packs the offset and length
 * of the bucket in a position array shared by all tables of the index (or, for a bucket of one rule,
 * the rule's position itself). A probe thus reads one cache
 * line for key and run together, and the positions lie side by side; read-only after sealing.
 */
final class TupleTable {
    /** Build form: keys, bucket lists and their sizes per slot. Null once sealed. */
    private long[] keys;
    private int[][] lists;
    private int[] sizes;
    private int count;
    private int largest;
    /** Lookup form: slot i holds the key at 2i and its run at 2i+1 (0 when the slot is empty). */
    private long[] slots;

    TupleTable() {
        keys = new long[8];
        lists = new int[8][];
        sizes = new int[8];
    }

    /** Appends {@code position} to the bucket of {@code key}; positions must arrive in ascending order. */
    void add(long key, int position) {
        if ((count + 1) * 2 > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        int i = slot(key) & mask;
        while (lists[i] != null && keys[i] != key) {
            i = (i + 1) & mask;
        }
        if (lists[i] == null) {
            keys[i] = key;
            lists[i] = new int[2];
            count++;
        }
        int n = sizes[i];
        if (n > 0 && lists[i][n - 1] == position) {
            return; // the rule already sits in this bucket (two of its values hashed alike)
        }
        if (n == lists[i].length) {
            lists[i] = Arrays.copyOf(lists[i], n * 2);
        }
        lists[i][n] = position;
        sizes[i] = n + 1;
    }

    /**
     * Moves every bucket into {@code pool} and builds the lookup form; call once after the last
     * {@link #add}.
     */
    void seal(Candidates pool) {
        int capacity = keys.length;
        slots = new long[capacity * 2];
        for (int j = 0; j < capacity; j++) {
            if (lists[j] != null) {
                int i = slot(keys[j]) & (capacity - 1);
                while (slots[2 * i + 1] != 0) {
                    i = (i + 1) & (capacity - 1);
                }
                int offset;
                if (sizes[j] == 1) {
                    offset = lists[j][0]; // a run of one carries its position, not an offset
                } else {
                    offset = pool.size();
                    for (int k = 0; k < sizes[j]; k++) {
                        pool.add(lists[j][k]);
                    }
                }
                slots[2 * i] = keys[j];
                slots[2 * i + 1] = run(offset, sizes[j]);
                largest = Math.max(largest, sizes[j]);
            }
        }
        keys = null;
        lists = null;
        sizes = null;
    }

    /**
     * The run of positions stored under {@code key} in the shared position array — offset in the high
     * and length in the low 32 bits ({@link #offset}, {@link #length}) — or 0 when there are none. A
     * run of length 1 holds the position itself where the offset would be, saving a read of the array
     * (most buckets of exact-address and service tuples hold one rule).
     */
    long get(long key) {
        long[] s = slots;
        int mask = (s.length >> 1) - 1;
        int i = slot(key) & mask;
        long run;
        while ((run = s[2 * i + 1]) != 0) {
            if (s[2 * i] == key) {
                return run;
            }
            i = (i + 1) & mask;
        }
        return 0;
    }

    static long run(int offset, int length) {
        return ((long) offset << 32) | length;
    }

    static int offset(long run) {
        return (int) (run >>> 32);
    }

    static int length(long run) {
        return (int) run;
    }

    /** Number of distinct keys. */
    int keyCount() {
        return count;
    }

    /** The largest bucket, in rules. */
    int largestBucket() {
        return largest;
    }

    private static int slot(long key) {
        return (int) (key ^ (key >>> 32));
    }

    private void grow() {
        long[] oldKeys = keys;
        int[][] oldLists = lists;
        int[] oldSizes = sizes;
        keys = new long[oldKeys.length * 2];
        lists = new int[oldKeys.length * 2][];
        sizes = new int[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldLists[j] != null) {
                int i = slot(oldKeys[j]) & mask;
                while (lists[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                lists[i] = oldLists[j];
                sizes[i] = oldSizes[j];
            }
        }
    }
}
