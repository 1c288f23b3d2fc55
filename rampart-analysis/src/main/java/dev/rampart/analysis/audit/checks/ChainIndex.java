package dev.rampart.analysis.audit.checks;

import dev.rampart.analysis.decision.Action;
import dev.rampart.analysis.decision.Instruction;
import dev.rampart.analysis.decision.Program;
import dev.rampart.analysis.space.Box;
import dev.rampart.analysis.space.Dimension;
import dev.rampart.analysis.space.IntervalSet;
import dev.rampart.analysis.space.PacketSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A spatial index of the terminal instructions and skips of one {@link Program} (the only instructions
 * that change a packet's path; counting and non-terminal ones are left out): which of them may meet a
 * given box or contain a given point, answered as a bit set over instruction indices, so that the
 * anomaly checks look at the few instructions near a rule instead of the whole chain.
 *
 * <p>Design: per dimension in which the instructions differ, each instruction's hull is reduced to its
 * span (smallest to largest value). An instruction's span meets {@code [lo, hi]} iff it starts at or
 * before {@code hi} and does not end before {@code lo}. With the instructions' distinct start values
 * sorted, the instructions starting at or before a value are a prefix in that order, stored as a bit
 * set per prefix; likewise for the end values. A query is then, per dimension, two binary searches and
 * {@code started(hi) & ~ended(lo)}, and the dimensions are intersected word by word (one bit per
 * instruction). This is the bit-vector packet classification of Lakshman and Stiliadis ("High-speed
 * policy-based packet forwarding using efficient multi-dimensional range matching", SIGCOMM 1998) with
 * prefix sets instead of per-interval sets, so that ranges are queried as cheaply as points. The
 * answer is a superset of the instructions whose sets meet the query (spans ignore holes and the
 * dimensions' combination); callers test each candidate's boxes. To bound memory, only every
 * {@code stride}-th prefix set is kept when a dimension has many distinct values, rounding each query
 * outwards (again a superset).
 */
final class ChainIndex {
    /** Memory the prefix sets of all dimensions may take together (in 64-bit words: 6 M words = 48 MB). */
    static final long MAX_WORDS = 6L << 20;

    private static final Dimension[] DIMENSIONS = Dimension.values();

    private final Program program;
    private final int words;
    /** Instructions indexed (terminal or skip, with a non-empty match set). */
    private final long[] indexed;
    private final int[] dims;
    /** Per indexed dimension: sorted distinct start values, and the stride of the stored prefixes. */
    private final long[][] starts;
    private final long[][] ends;
    private final int[] stride;
    /** Per indexed dimension, per stored prefix k: the instructions with one of the first k * stride start (end) values. */
    private final long[][][] startedBy;
    private final long[][][] endedBy;

    private ChainIndex(Program program, int words, long[] indexed, int[] dims, long[][] starts, long[][] ends,
                       int[] stride, long[][][] startedBy, long[][][] endedBy) {
        this.program = program;
        this.words = words;
        this.indexed = indexed;
        this.dims = dims;
        this.starts = starts;
        this.ends = ends;
        this.stride = stride;
        this.startedBy = startedBy;
        this.endedBy = endedBy;
    }

    /** The index of {@code program}'s terminal instructions and skips. */
    static ChainIndex of(Program program) {
        int n = program.size();
        int words = (n + 63) >>> 6;
        long[] indexed = new long[words];
        Box[] hulls = new Box[n];
        for (int i = 0; i < n; i++) {
            Instruction in = program.get(i);
            if ((in.action() instanceof Action.Decide || in.action() instanceof Action.Skip) && !in.over().isEmpty()) {
                hulls[i] = in.over().hull();
                indexed[i >>> 6] |= 1L << i;
            }
        }
        List<Integer> dimList = new ArrayList<>();
        List<long[]> lows = new ArrayList<>();
        List<long[]> highs = new ArrayList<>();
        List<long[]> startValues = new ArrayList<>();
        List<long[]> endValues = new ArrayList<>();
        List<Integer> selectivity = new ArrayList<>();
        long stored = 0;
        for (Dimension d : DIMENSIONS) {
            long[] lo = new long[n];
            long[] hi = new long[n];
            for (int i = 0; i < n; i++) {
                if (hulls[i] != null) {
                    IntervalSet s = hulls[i].get(d);
                    lo[i] = s.lo(0);
                    hi[i] = s.hi(s.intervalCount() - 1);
                }
            }
            long[] st = distinctSorted(lo, hulls);
            long[] en = distinctSorted(hi, hulls);
            if (st.length > 1 || en.length > 1) {
                int narrow = 0;
                for (int i = 0; i < n; i++) {
                    if (hulls[i] != null && (lo[i] != st[0] || hi[i] != en[en.length - 1])) {
                        narrow++;
                    }
                }
                selectivity.add(narrow);
                dimList.add(d.ordinal());
                lows.add(lo);
                highs.add(hi);
                startValues.add(st);
                endValues.add(en);
                stored += st.length + en.length + 2;
            }
        }
        // the dimensions in which most instructions are narrow first: they thin the candidates fastest
        Integer[] byNarrow = new Integer[dimList.size()];
        for (int k = 0; k < byNarrow.length; k++) {
            byNarrow[k] = k;
        }
        Arrays.sort(byNarrow, (a, b) -> Integer.compare(selectivity.get(b), selectivity.get(a)));
        int m = dimList.size();
        int[] dims = new int[m];
        long[][] starts = new long[m][];
        long[][] ends = new long[m][];
        for (int k = 0; k < m; k++) {
            starts[k] = startValues.get(byNarrow[k]);
            ends[k] = endValues.get(byNarrow[k]);
        }
        int[] stride = new int[m];
        long[][][] startedBy = new long[m][][];
        long[][][] endedBy = new long[m][][];
        // one stride for all dimensions, so that the prefix sets fit MAX_WORDS
        int common = (int) Math.max(1, (stored * words + MAX_WORDS - 1) / MAX_WORDS);
        for (int k = 0; k < m; k++) {
            dims[k] = dimList.get(byNarrow[k]);
            stride[k] = common;
            startedBy[k] = prefixes(lows.get(byNarrow[k]), starts[k], hulls, words, common);
            endedBy[k] = prefixes(highs.get(byNarrow[k]), ends[k], hulls, words, common);
        }
        return new ChainIndex(program, words, indexed, dims, starts, ends, stride, startedBy, endedBy);
    }

    private static long[] distinctSorted(long[] values, Box[] hulls) {
        long[] v = new long[values.length];
        int c = 0;
        for (int i = 0; i < values.length; i++) {
            if (hulls[i] != null) {
                v[c++] = values[i];
            }
        }
        v = Arrays.copyOf(v, c);
        Arrays.sort(v);
        int d = 0;
        for (int i = 0; i < v.length; i++) {
            if (d == 0 || v[i] != v[d - 1]) {
                v[d++] = v[i];
            }
        }
        return Arrays.copyOf(v, d);
    }

    /**
     * Prefix sets: element {@code k} holds the instructions whose value is one of the first
     * {@code k * stride} distinct values ({@code k} from 0 to ceil(distinct / stride)).
     */
    private static long[][] prefixes(long[] values, long[] distinct, Box[] hulls, int words, int stride) {
        int n = values.length;
        // bucket the instructions by the rank of their value (a counting sort, no boxing)
        int[] rank = new int[n];
        int[] perRank = new int[distinct.length + 1];
        for (int i = 0; i < n; i++) {
            if (hulls[i] != null) {
                rank[i] = Arrays.binarySearch(distinct, values[i]);
                perRank[rank[i] + 1]++;
            }
        }
        for (int k = 0; k < distinct.length; k++) {
            perRank[k + 1] += perRank[k];
        }
        int[] sorted = new int[perRank[distinct.length]];
        int[] fill = perRank.clone();
        for (int i = 0; i < n; i++) {
            if (hulls[i] != null) {
                sorted[fill[rank[i]]++] = i;
            }
        }
        int stored = (distinct.length + stride - 1) / stride + 1;
        long[][] out = new long[stored][];
        long[] cur = new long[words];
        out[0] = cur.clone();
        int next = 0;
        for (int k = 1; k < stored; k++) {
            int upTo = perRank[Math.min(distinct.length, k * stride)];
            while (next < upTo) {
                int i = sorted[next++];
                cur[i >>> 6] |= 1L << i;
            }
            out[k] = cur.clone();
        }
        return out;
    }

    /** Number of 64-bit words of a bit set over the program's instructions. */
    int words() {
        return words;
    }

    /** The program indexed. */
    Program program() {
        return program;
    }

    /**
     * Into {@code out} (at least {@link #words()} long): the indexed instructions from {@code from}
     * (inclusive) to {@code to} (exclusive) whose span in every indexed dimension meets {@code box}'s,
     * a superset of those whose match sets meet {@code box}. Words outside the range are left as they
     * were; bits outside it within boundary words are cleared.
     */
    void candidates(Box box, int from, int to, long[] out) {
        long[] startAtMost = new long[dims.length];
        long[] endAtLeast = new long[dims.length];
        for (int k = 0; k < dims.length; k++) {
            IntervalSet s = box.get(DIMENSIONS[dims[k]]);
            startAtMost[k] = s.hi(s.intervalCount() - 1);
            endAtLeast[k] = s.lo(0);
        }
        select(startAtMost, endAtLeast, from, to, out);
    }

    /**
     * As {@link #candidates(Box, int, int, long[])}, but only the instructions whose span contains
     * {@code box}'s in every indexed dimension: a superset of those whose match set contains the box.
     */
    void containing(Box box, int from, int to, long[] out) {
        long[] startAtMost = new long[dims.length];
        long[] endAtLeast = new long[dims.length];
        for (int k = 0; k < dims.length; k++) {
            IntervalSet s = box.get(DIMENSIONS[dims[k]]);
            startAtMost[k] = s.lo(0);
            endAtLeast[k] = s.hi(s.intervalCount() - 1);
        }
        select(startAtMost, endAtLeast, from, to, out);
    }

    /** {@link #candidates(Box, int, int, long[])} for the single point {@code point}. */
    void candidates(long[] point, int from, int to, long[] out) {
        long[] at = new long[dims.length];
        for (int k = 0; k < dims.length; k++) {
            at[k] = point[dims[k]];
        }
        select(at, at, from, to, out);
    }

    /**
     * Into {@code out}: the indexed instructions in {@code [from, to)} that, in every indexed dimension
     * {@code k}, start at or before {@code startAtMost[k]} and end at or after {@code endAtLeast[k]}
     * (rounded outwards where prefixes are strided).
     */
    private void select(long[] startAtMost, long[] endAtLeast, int from, int to, long[] out) {
        if (from >= to) {
            return;
        }
        int w0 = from >>> 6;
        int w1 = (to - 1) >>> 6;
        System.arraycopy(indexed, w0, out, w0, w1 - w0 + 1);
        out[w0] &= -1L << from;
        out[w1] &= -1L >>> (63 - ((to - 1) & 63));
        // after the first two dimensions few words are left non-zero: later dimensions visit only those
        int[] live = null;
        int count = 0;
        for (int k = 0; k < dims.length; k++) {
            long[] started = startedBy[k][(upperBound(starts[k], startAtMost[k]) + stride[k] - 1) / stride[k]];
            long[] ended = endedBy[k][lowerBound(ends[k], endAtLeast[k]) / stride[k]];
            if (live == null) {
                for (int w = w0; w <= w1; w++) {
                    out[w] &= started[w] & ~ended[w];
                }
                if (k >= 1) {
                    live = new int[w1 - w0 + 1];
                    for (int w = w0; w <= w1; w++) {
                        if (out[w] != 0) {
                            live[count++] = w;
                        }
                    }
                }
            } else {
                int kept = 0;
                for (int i = 0; i < count; i++) {
                    int w = live[i];
                    out[w] &= started[w] & ~ended[w];
                    if (out[w] != 0) {
                        live[kept++] = w;
                    }
                }
                count = kept;
            }
            if (live != null && count == 0) {
                return;
            }
        }
    }

    /**
     * Which instructions to keep when cutting the program down to {@code domain}
     * ({@link Programs#restrict(Program, boolean[], java.util.function.Predicate, int[])}): the indexed
     * ones whose match set meets it, and the policy; null when more than {@code max} instructions'
     * spans meet the domain's hull (the candidates, before their boxes are tested). The counting and non-terminal instructions are left out: they change no decision.
     */
    boolean[] relevant(PacketSet domain, int max, long[] scratch) {
        int n = program.size();
        boolean[] keep = new boolean[n];
        keep[n - 1] = true;
        if (domain.isEmpty()) {
            return keep;
        }
        candidates(domain.hull(), 0, n - 1, scratch);
        int count = 1;
        int spans = 0;
        for (int w = 0; w <= (n - 2) >>> 6 && n > 1; w++) {
            spans += Long.bitCount(scratch[w]);
        }
        if (spans + 1 > max) {
            return null; // counted by spans: the boxes are not tested when too many instructions are near
        }
        for (int j = next(scratch, 0, n - 1); j >= 0; j = next(scratch, j + 1, n - 1)) {
            if (Programs.intersects(program.get(j).over(), domain)) {
                keep[j] = true;
                if (++count > max) {
                    return null;
                }
            }
        }
        return keep;
    }

    /** Number of values in sorted {@code a} that are at most {@code v}. */
    private static int upperBound(long[] a, long v) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Number of values in sorted {@code a} that are below {@code v}. */
    private static int lowerBound(long[] a, long v) {
        return v == Long.MIN_VALUE ? 0 : upperBound(a, v - 1);
    }

    /** The next set bit of {@code bits} at or after {@code from} and before {@code to}, or -1. */
    static int next(long[] bits, int from, int to) {
        if (from >= to) {
            return -1;
        }
        int w = from >>> 6;
        long word = bits[w] & (-1L << from);
        int last = (to - 1) >>> 6;
        while (true) {
            if (word != 0) {
                int i = (w << 6) + Long.numberOfTrailingZeros(word);
                return i < to ? i : -1;
            }
            if (++w > last) {
                return -1;
            }
            word = bits[w];
        }
    }
}
