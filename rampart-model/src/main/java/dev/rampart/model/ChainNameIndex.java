package dev.rampart.model;

/**
 * The chain names of one table, found by a region of a text without copying it into a string: the
 * parser looks up the chain of every {@code -A CHAIN} and of every {@code -j CHAIN} (a kube-proxy ruleset
 * has 110k chains), and a {@code HashMap<String, ...>} lookup needs a fresh string per token, hashed,
 * plus a walk over scattered nodes.
 *
 * <p>Open addressing with linear probing over two parallel arrays (the names and their
 * {@link String#hashCode()}), at most half full; removed names leave a tombstone until the next resize.
 * The region's hash is computed the way {@link String#hashCode()} computes it, so stored names need no
 * other hash.
 */
final class ChainNameIndex {
    /** Marks a removed name (compared by identity). */
    private static final String REMOVED = new String("<removed>");

    private String[] names = new String[256];
    private int[] hashes = new int[256];
    /** Slots holding a name or a tombstone. */
    private int used;

    /** Adds {@code name}, which must not be in the index. */
    void add(String name) {
        if (2 * (used + 1) > names.length) {
            rehash(Math.max(names.length, Integer.highestOneBit(Math.max(1, 4 * size())) * 2));
        }
        int h = name.hashCode();
        int mask = names.length - 1;
        int i = spread(h) & mask;
        while (names[i] != null && names[i] != REMOVED) {
            i = (i + 1) & mask;
        }
        if (names[i] == null) {
            used++;
        }
        names[i] = name;
        hashes[i] = h;
    }

    /** Removes {@code name} when present. */
    void remove(String name) {
        int slot = slotOf(name, 0, name.length(), name.hashCode());
        if (slot >= 0) {
            names[slot] = REMOVED;
        }
    }

    /** The stored name equal to {@code text[from, to)}, or null. */
    String find(String text, int from, int to) {
        int h = 0;
        for (int k = from; k < to; k++) {
            h = 31 * h + text.charAt(k);
        }
        int slot = slotOf(text, from, to, h);
        return slot < 0 ? null : names[slot];
    }

    private int slotOf(String text, int from, int to, int h) {
        int mask = names.length - 1;
        int len = to - from;
        for (int i = spread(h) & mask; ; i = (i + 1) & mask) {
            String s = names[i];
            if (s == null) {
                return -1;
            }
            if (s != REMOVED && hashes[i] == h && s.length() == len && text.startsWith(s, from)) {
                return i;
            }
        }
    }

    private int size() {
        int n = 0;
        for (String s : names) {
            if (s != null && s != REMOVED) {
                n++;
            }
        }
        return n;
    }

    private void rehash(int capacity) {
        String[] old = names;
        names = new String[capacity];
        hashes = new int[capacity];
        used = 0;
        for (String s : old) {
            if (s != null && s != REMOVED) {
                add(s);
            }
        }
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }
}
