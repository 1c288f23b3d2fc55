package dev.rampart.sim.classify;

import java.util.Arrays;

/**
 * A growable stack of rule positions that {@link RuleIndex#candidates} appends to: the candidates of
 * every chain on a walk's call stack, each chain's run above its caller's. One per walker (not
 * thread-safe), reused for every packet, so an indexed lookup allocates nothing once the buffer has
 * grown to the deepest walk.
 */
public final class Candidates {
    private int[] positions = new int[64];
    private int size;
    /** Scratch for the hit lists of one lookup (one per tuple table). */
    private int[][] hits = new int[8][];

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

    /** Appends {@code list} as it is. */
    void addAll(int[] list) {
        int n = list.length;
        if (size + n > positions.length) {
            positions = Arrays.copyOf(positions, Math.max(positions.length * 2, size + n));
        }
        System.arraycopy(list, 0, positions, size, n);
        size += n;
    }

    /**
     * Appends the union of {@code lists[0..count)} (each ascending, and no position in two of them) in
     * ascending order. The lists are a handful of short buckets, so they are appended one after the other
     * and the run is put in order by insertion sort, which costs least on such short, presorted runs.
     */
    void addUnion(int[][] lists, int count) {
        int from = size;
        for (int i = 0; i < count; i++) {
            addAll(lists[i]);
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

    /** Scratch room for {@code n} hit lists. */
    int[][] hitScratch(int n) {
        if (hits.length < n) {
            hits = new int[Math.max(n, hits.length * 2)][];
        }
        return hits;
    }
}
