package dev.rampart.sim.classify;

import java.util.Arrays;

/**
 * A growable stack of rule positions that {@link RuleIndex#candidates} appends to: the candidates of
 * every chain on a walk's call stack, each chain's run above its caller's. One per walker (not
 * thread-safe), reused for every packet, so an indexed lookup allocates nothing once the buffer has
 * grown to the deepest walk. (Building a {@link TupleSpaceIndex} also uses one to pool its buckets.)
 */
public final class Candidates {
    private int[] positions = new int[64];
    private int size;
    /** Scratch for the hit runs of one lookup (one per tuple table). */
    private long[] hits = new long[8];

    /** Number of positions held. */
    public int size() {
        return size;
    }

    /** The position at {@code i} (0 ≤ i < size). */
    public int at(int i) {
        return positions[i];
    }

    /** Drops every position from {@code newSize} on. */
    public void truncate(int newSize) {
        size = newSize;
    }

    /** Appends one position. */
    public void add(int position) {
        if (size == positions.length) {
            positions = Arrays.copyOf(positions, size * 2);
        }
        positions[size++] = position;
    }

    /**
     * Appends the union of the runs {@code runs[0..count)} of {@code data} (see {@link TupleTable#get};
     * a run of one holds its position itself),
     * each ascending and no position in two of them, in ascending order. The runs are a handful of short
     * buckets, so they are appended one after the other and put in order by insertion sort, which costs
     * least on such short, presorted runs.
     */
    void addRuns(int[] data, long[] runs, int count) {
        int from = size;
        for (int r = 0; r < count; r++) {
            int n = TupleTable.length(runs[r]);
            if (n == 1) {
                add(TupleTable.offset(runs[r])); // a run of one holds its position
                continue;
            }
            if (size + n > positions.length) {
                positions = Arrays.copyOf(positions, Math.max(positions.length * 2, size + n));
            }
            System.arraycopy(data, TupleTable.offset(runs[r]), positions, size, n);
            size += n;
        }
        if (count == 1) {
            return;
        }
        int[] a = positions;
        for (int i = from + 1; i < size; i++) {
            int v = a[i];
            int j = i - 1;
            while (j >= from && a[j] > v) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = v;
        }
    }

    /** A copy of the positions held. */
    int[] toArray() {
        return Arrays.copyOf(positions, size);
    }

    /** Scratch room for {@code n} hit lists. */
    long[] hitScratch(int n) {
        if (hits.length < n) {
            hits = new long[Math.max(n, hits.length * 2)];
        }
        return hits;
    }
}
