package dev.rampart.analysis.space;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A hyperrectangle of the packet space: the product of one non-empty {@link IntervalSet} per
 * {@link Dimension}. Immutable. A packet is in the box when each of its encoded fields is in the set of
 * its dimension.
 */
public final class Box {
    private final IntervalSet[] sets;
    /** Cached {@link #hashCode()} (0: not computed yet). */
    private int hash;

    Box(IntervalSet[] sets) {
        if (sets.length != Dimension.COUNT) {
            throw new IllegalArgumentException("a box needs one set per dimension");
        }
        this.sets = sets;
    }

    /**
     * The box with the given values per dimension (one per {@link Dimension}, in order); the array is
     * copied. A box is only meaningful inside a space's universe; {@link PacketSpace#ofBoxes} checks that.
     */
    public static Box of(IntervalSet... sets) {
        return new Box(sets.clone());
    }

    /** The values of dimension {@code d}. */
    public IntervalSet get(Dimension d) {
        return sets[d.ordinal()];
    }

    /** The values of the dimension with ordinal {@code ordinal} (hot loops). */
    IntervalSet at(int ordinal) {
        return sets[ordinal];
    }

    /** This box with dimension {@code d} replaced by {@code values}. */
    public Box with(Dimension d, IntervalSet values) {
        IntervalSet[] copy = sets.clone();
        copy[d.ordinal()] = values;
        return new Box(copy);
    }

    /** Whether some dimension has no value (the box holds no packet). */
    public boolean isEmpty() {
        for (IntervalSet s : sets) {
            if (s.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** Whether the point (one encoded value per dimension) lies in the box. */
    public boolean contains(long[] point) {
        for (int i = 0; i < sets.length; i++) {
            if (!sets[i].contains(point[i])) {
                return false;
            }
        }
        return true;
    }

    /** Whether every packet of {@code other} is in this box. */
    public boolean containsAll(Box other) {
        for (int i = 0; i < sets.length; i++) {
            if (!sets[i].containsAll(other.sets[i])) {
                return false;
            }
        }
        return true;
    }

    /** Whether the boxes share a packet. */
    public boolean intersects(Box other) {
        for (int i : INTERSECTION_ORDER) {
            if (!sets[i].intersects(other.sets[i])) {
                return false;
            }
        }
        return true;
    }

    /** The dimensions most likely to tell boxes apart, tested first by {@link #intersect}. */
    private static final int[] DISCRIMINATING = {Dimension.PROTOCOL.ordinal(), Dimension.FRAGMENT.ordinal(),
            Dimension.DPORT.ordinal(), Dimension.ICMP_TYPE.ordinal(), Dimension.CT_STATE.ordinal(),
            Dimension.IN_IFACE.ordinal(), Dimension.OUT_IFACE.ordinal()};

    /** Every dimension, the {@link #DISCRIMINATING} ones first: the order {@link #intersects} tests them in. */
    private static final int[] INTERSECTION_ORDER = intersectionOrder();

    private static int[] intersectionOrder() {
        int[] order = new int[Dimension.COUNT];
        boolean[] taken = new boolean[Dimension.COUNT];
        int k = 0;
        for (int d : DISCRIMINATING) {
            order[k++] = d;
            taken[d] = true;
        }
        for (int d = 0; d < Dimension.COUNT; d++) {
            if (!taken[d]) {
                order[k++] = d;
            }
        }
        return order;
    }

    /** The common packets, or null when there are none. */
    public Box intersect(Box other) {
        for (int d : DISCRIMINATING) {
            if (!sets[d].intersects(other.sets[d])) {
                return null;
            }
        }
        IntervalSet[] r = new IntervalSet[sets.length];
        for (int i = 0; i < sets.length; i++) {
            r[i] = sets[i].intersect(other.sets[i]);
            if (r[i].isEmpty()) {
                return null;
            }
        }
        return new Box(r);
    }

    /**
     * The packets of this box not in {@code other}, as at most {@link Dimension#COUNT} disjoint boxes.
     *
     * <p>Design: the classic hyperrectangle difference (as in HSA's wildcard subtraction and fffuu's
     * match-expression splitting): walking the dimensions in order, piece {@code i} keeps dimensions
     * before {@code i} inside {@code other}, takes dimension {@code i} outside it and leaves the rest as
     * they are.
     */
    public List<Box> minus(Box other) {
        if (!intersects(other)) {
            return List.of(this);
        }
        List<Box> out = new ArrayList<>();
        IntervalSet[] cur = sets.clone();
        for (int i = 0; i < sets.length; i++) {
            IntervalSet outside = cur[i].minus(other.sets[i]);
            if (!outside.isEmpty()) {
                IntervalSet[] piece = cur.clone();
                piece[i] = outside;
                out.add(new Box(piece));
            }
            cur[i] = cur[i].intersect(other.sets[i]);
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Box b && hashCode() == b.hashCode() && Arrays.equals(sets, b.sets);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            long x = 0x632BE59BD9B4E019L;
            for (IntervalSet set : sets) {
                x = (x ^ set.hashCode()) * 0x94D049BB133111EBL;
                x ^= x >>> 29;
            }
            h = (int) (x ^ (x >>> 32)) | 1;
            hash = h;
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (Dimension d : Dimension.VALUES) {
            if (d.ordinal() > 0) {
                sb.append(' ');
            }
            sb.append(d).append('=').append(sets[d.ordinal()]);
        }
        return sb.append(']').toString();
    }
}
