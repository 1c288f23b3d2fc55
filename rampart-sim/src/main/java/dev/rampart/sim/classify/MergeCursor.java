package dev.rampart.sim.classify;

/**
 * Walks the union of a few ascending position lists in ascending order, each position once: a lazy
 * k-way merge that picks the smallest head by a linear scan (k is the number of tuple tables a packet
 * hit, a handful), so a caller that stops at its first matching rule pays only for the prefix it reads.
 */
final class MergeCursor implements RuleCursor {
    /** The cursor over nothing. */
    static final RuleCursor EMPTY = () -> -1;

    private final int[][] lists;
    private final int[] heads;
    private final int count;

    private MergeCursor(int[][] lists, int count) {
        this.lists = lists;
        this.heads = new int[count];
        this.count = count;
    }

    /** The union of {@code lists[0..count)}, each ascending and free of duplicates. */
    static RuleCursor of(int[][] lists, int count) {
        return switch (count) {
            case 0 -> EMPTY;
            case 1 -> new ArrayCursor(lists[0]);
            default -> new MergeCursor(lists, count);
        };
    }

    @Override
    public int next() {
        int min = Integer.MAX_VALUE;
        for (int i = 0; i < count; i++) {
            int[] l = lists[i];
            int h = heads[i];
            if (h < l.length && l[h] < min) {
                min = l[h];
            }
        }
        if (min == Integer.MAX_VALUE) {
            return -1;
        }
        for (int i = 0; i < count; i++) {
            int[] l = lists[i];
            int h = heads[i];
            if (h < l.length && l[h] == min) {
                heads[i] = h + 1;
            }
        }
        return min;
    }

    /** One list as it is. */
    private static final class ArrayCursor implements RuleCursor {
        private final int[] list;
        private int next;

        ArrayCursor(int[] list) {
            this.list = list;
        }

        @Override
        public int next() {
            return next < list.length ? list[next++] : -1;
        }
    }
}
