package dev.rampart.monitor.detect;

/**
 * A small set of non-negative ints (open addressing, linear probing) that stops growing at a cap: once
 * full it keeps counting nothing new ({@link #saturated()}), so per-source memory stays bounded whatever a
 * scanner sends.
 */
final class IntSet {
    private int[] slots = new int[8];
    private int size;
    private final int cap;
    private boolean saturated;

    IntSet(int cap) {
        this.cap = cap;
        java.util.Arrays.fill(slots, -1);
    }

    /** Adds {@code v} (>= 0); returns whether it was new. */
    boolean add(int v) {
        int mask = slots.length - 1;
        int i = mix(v) & mask;
        while (slots[i] != -1) {
            if (slots[i] == v) {
                return false;
            }
            i = (i + 1) & mask;
        }
        if (size >= cap) {
            saturated = true;
            return false;
        }
        slots[i] = v;
        size++;
        if (size * 2 > slots.length) {
            grow();
        }
        return true;
    }

    int size() {
        return size;
    }

    boolean saturated() {
        return saturated;
    }

    private void grow() {
        int[] old = slots;
        slots = new int[old.length * 2];
        java.util.Arrays.fill(slots, -1);
        size = 0;
        for (int v : old) {
            if (v != -1) {
                int mask = slots.length - 1;
                int i = mix(v) & mask;
                while (slots[i] != -1) {
                    i = (i + 1) & mask;
                }
                slots[i] = v;
                size++;
            }
        }
    }

    private static int mix(int v) {
        int h = v * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
