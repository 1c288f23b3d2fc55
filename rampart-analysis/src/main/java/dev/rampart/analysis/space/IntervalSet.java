package dev.rampart.analysis.space;

import java.util.Arrays;

/**
 * An immutable set of {@code long} values kept as sorted, disjoint, non-adjacent closed intervals
 * {@code [lo0,hi0], [lo1,hi1], ...}. The values are signed; a dimension with unsigned 64-bit values
 * maps them order-preservingly first (see {@link Dimension#encode}). Every operation is linear in the
 * number of intervals of its operands.
 */
public final class IntervalSet {
    /** The set with no value. */
    public static final IntervalSet EMPTY = new IntervalSet(new long[0]);

    /** {@code lo0, hi0, lo1, hi1, ...}: sorted, disjoint, with a gap between neighbours. */
    private final long[] bounds;
    /** Cached {@link #hashCode()} (0: not computed yet); boxes are hashed often while merging. */
    private int hash;

    private IntervalSet(long[] bounds) {
        this.bounds = bounds;
    }

    /** The interval {@code [lo, hi]}; empty when {@code lo > hi}. */
    public static IntervalSet of(long lo, long hi) {
        return lo > hi ? EMPTY : new IntervalSet(new long[] {lo, hi});
    }

    /** The set holding only {@code v}. */
    public static IntervalSet point(long v) {
        return of(v, v);
    }

    /** The set of the given values, in any order, duplicates allowed. */
    public static IntervalSet points(long... values) {
        long[] v = values.clone();
        Arrays.sort(v);
        Builder b = new Builder(v.length);
        for (long x : v) {
            b.add(x, x);
        }
        return b.build();
    }

    /** Whether the set has no value. */
    public boolean isEmpty() {
        return bounds.length == 0;
    }

    /** Number of maximal intervals. */
    public int intervalCount() {
        return bounds.length / 2;
    }

    /** Lower end of interval {@code i}. */
    public long lo(int i) {
        return bounds[2 * i];
    }

    /** Upper end of interval {@code i}. */
    public long hi(int i) {
        return bounds[2 * i + 1];
    }

    /** The smallest value; throws IllegalStateException when empty. */
    public long min() {
        if (isEmpty()) {
            throw new IllegalStateException("empty set has no minimum");
        }
        return bounds[0];
    }

    /** Whether {@code v} is in the set (binary search). */
    public boolean contains(long v) {
        int lo = 0;
        int hi = intervalCount() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (v < lo(mid)) {
                hi = mid - 1;
            } else if (v > hi(mid)) {
                lo = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    /** Whether every value of {@code other} is in this set. */
    public boolean containsAll(IntervalSet other) {
        int i = 0;
        for (int j = 0; j < other.intervalCount(); j++) {
            while (i < intervalCount() && hi(i) < other.lo(j)) {
                i++;
            }
            if (i == intervalCount() || lo(i) > other.lo(j) || hi(i) < other.hi(j)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the two sets share a value. */
    public boolean intersects(IntervalSet other) {
        int i = 0;
        int j = 0;
        while (i < intervalCount() && j < other.intervalCount()) {
            if (hi(i) < other.lo(j)) {
                i++;
            } else if (other.hi(j) < lo(i)) {
                j++;
            } else {
                return true;
            }
        }
        return false;
    }

    /** The values in either set. */
    public IntervalSet union(IntervalSet other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        Builder b = new Builder(bounds.length + other.bounds.length);
        int i = 0;
        int j = 0;
        while (i < intervalCount() || j < other.intervalCount()) {
            if (j >= other.intervalCount() || i < intervalCount() && lo(i) <= other.lo(j)) {
                b.add(lo(i), hi(i));
                i++;
            } else {
                b.add(other.lo(j), other.hi(j));
                j++;
            }
        }
        return b.build();
    }

    /** The values in both sets. */
    public IntervalSet intersect(IntervalSet other) {
        if (this == other) {
            return this;
        }
        if (bounds.length == 0 || other.bounds.length == 0) {
            return EMPTY;
        }
        // fast paths without allocation: one interval inside the other (the common case of a rule's
        // range within the universe's), or disjoint single intervals
        if (bounds.length == 2 && other.bounds.length == 2) {
            long lo = Math.max(bounds[0], other.bounds[0]);
            long hi = Math.min(bounds[1], other.bounds[1]);
            if (lo > hi) {
                return EMPTY;
            }
            if (lo == bounds[0] && hi == bounds[1]) {
                return this;
            }
            if (lo == other.bounds[0] && hi == other.bounds[1]) {
                return other;
            }
            return new IntervalSet(new long[] {lo, hi});
        }
        if (other.bounds.length == 2 && other.bounds[0] <= min() && other.bounds[1] >= bounds[bounds.length - 1]) {
            return this;
        }
        if (bounds.length == 2 && bounds[0] <= other.min() && bounds[1] >= other.bounds[other.bounds.length - 1]) {
            return other;
        }
        Builder b = new Builder(Math.min(bounds.length, other.bounds.length) * 2);
        int i = 0;
        int j = 0;
        while (i < intervalCount() && j < other.intervalCount()) {
            long lo = Math.max(lo(i), other.lo(j));
            long hi = Math.min(hi(i), other.hi(j));
            if (lo <= hi) {
                b.add(lo, hi);
            }
            if (hi(i) < other.hi(j)) {
                i++;
            } else {
                j++;
            }
        }
        return b.build();
    }

    /** The values of this set not in {@code other}. */
    public IntervalSet minus(IntervalSet other) {
        if (other.isEmpty() || isEmpty()) {
            return this;
        }
        Builder b = new Builder(bounds.length + other.bounds.length);
        int j = 0;
        for (int i = 0; i < intervalCount(); i++) {
            long lo = lo(i);
            long hi = hi(i);
            while (j < other.intervalCount() && other.hi(j) < lo) {
                j++;
            }
            int k = j;
            boolean open = true;
            while (k < other.intervalCount() && other.lo(k) <= hi) {
                if (other.lo(k) > lo) {
                    b.add(lo, other.lo(k) - 1);
                }
                if (other.hi(k) >= hi) {
                    open = false;
                    break;
                }
                lo = other.hi(k) + 1;
                k++;
            }
            if (open) {
                b.add(lo, hi);
            }
        }
        return b.build();
    }

    /**
     * The first value of {@code preferred} that is in the set, else the smallest value; throws
     * IllegalStateException when empty.
     */
    public long pick(long... preferred) {
        for (long p : preferred) {
            if (contains(p)) {
                return p;
            }
        }
        return min();
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof IntervalSet s && hashCode() == s.hashCode() && Arrays.equals(bounds, s.bounds);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            // mixed (not Arrays.hashCode): sign-flipped addresses that differ only in low bits would
            // otherwise collide in the hash maps that merge neighbouring boxes
            long x = 0x9E3779B97F4A7C15L;
            for (long v : bounds) {
                x = (x ^ v) * 0xBF58476D1CE4E5B9L;
                x ^= x >>> 31;
            }
            h = (int) (x ^ (x >>> 32)) | 1;
            hash = h;
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < intervalCount(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(lo(i));
            if (hi(i) != lo(i)) {
                sb.append("..").append(hi(i));
            }
        }
        return sb.append('}').toString();
    }

    /** Collects intervals given in ascending order of their lower ends, merging overlapping and adjacent ones. */
    public static final class Builder {
        private long[] out;
        private int n;

        /** A builder with room for {@code capacity} intervals before it grows. */
        public Builder(int capacity) {
            out = new long[Math.max(2, capacity)];
        }

        /** Adds {@code [lo, hi]}; {@code lo} must not be below the lower end of the previous interval. */
        public void add(long lo, long hi) {
            if (n > 0) {
                long lastHi = out[n - 1];
                if (lo <= lastHi || lo - 1 == lastHi) {
                    out[n - 1] = Math.max(lastHi, hi);
                    return;
                }
            }
            if (n + 2 > out.length) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            out[n++] = lo;
            out[n++] = hi;
        }

        /** The set of the intervals added. */
        public IntervalSet build() {
            return n == 0 ? EMPTY : new IntervalSet(Arrays.copyOf(out, n));
        }
    }
}
