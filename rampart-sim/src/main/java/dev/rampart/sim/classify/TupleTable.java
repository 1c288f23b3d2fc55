package dev.rampart.sim.classify;

import java.util.Arrays;

/**
 * The hash table of one {@link Tuple}: 64-bit key hash to the ascending rule positions stored under it.
 * Open addressing with linear probing over a power-of-two array. Two different field values whose hashes
 * are equal share a bucket, which only adds candidates (the index may yield extra rules), never loses one.
 * Built once, then read-only.
 */
final class TupleTable {
    private long[] keys;
    private int[][] lists;
    private int[] sizes;
    private int count;

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

    /** Trims every bucket to its size; call once after the last {@link #add}. */
    void seal() {
        for (int i = 0; i < lists.length; i++) {
            if (lists[i] != null && lists[i].length != sizes[i]) {
                lists[i] = Arrays.copyOf(lists[i], sizes[i]);
            }
        }
        sizes = null;
    }

    /** The positions stored under {@code key} (ascending), or null when there are none. */
    int[] get(long key) {
        int mask = keys.length - 1;
        int i = slot(key) & mask;
        int[] l;
        while ((l = lists[i]) != null) {
            if (keys[i] == key) {
                return l;
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    /** Number of distinct keys. */
    int keyCount() {
        return count;
    }

    /** The largest bucket, in rules. */
    int largestBucket() {
        int max = 0;
        for (int[] l : lists) {
            if (l != null) {
                max = Math.max(max, l.length);
            }
        }
        return max;
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
