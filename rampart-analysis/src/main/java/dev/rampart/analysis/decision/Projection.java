package dev.rampart.analysis.decision;

import dev.rampart.analysis.space.Dimension;
import dev.rampart.analysis.space.IntervalSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.Function;

/**
 * A {@link DecisionDiagram} seen as a function of one dimension (the <em>axis</em>): for each value of
 * the axis, a summary of what happens to all packets with that value, computed bottom-up once per
 * node, without reordering the diagram.
 *
 * <p>Design: every node gets a piecewise-constant function over the axis (sorted piece starts and a
 * summary id per piece). A leaf is one piece (its summary). A node splitting the axis maps each child's
 * values to the child's (constant) summary. A node splitting another dimension refines its children's
 * pieces against each other and combines, per piece, the children's summaries with their values in
 * that dimension ({@link Mode#STRUCTURE}: a canonical id of "which values lead to which summary", so
 * equal ids mean equal behaviour over every other field; {@link Mode#UNION}: the union of the
 * children's summaries, e.g. the set of fates whatever the other fields are). Summaries are interned,
 * so equal functions share ids and the result's pieces can be grouped by id. A restriction (one value
 * of another dimension) follows only the child holding it, as if the diagram were cut there. The cost is
 * the number of nodes times the number of axis pieces below them, not the number of paths.
 *
 * @param <S> the summary of a leaf (and, in {@link Mode#UNION}, of a union of leaves)
 */
public final class Projection<S> {
    /** How the summaries of a non-axis node's children are combined. */
    public enum Mode {
        /** By value: equal ids mean equal behaviour over the other fields (for partitions). */
        STRUCTURE,
        /** By union of the children's summaries (for "what can happen"). */
        UNION
    }

    /** A piecewise-constant function over the axis: {@code ids[i]} from {@code starts[i]} on; -1 = no packet. */
    public record Piecewise(long[] starts, int[] ids) {
        static Piecewise constant(int id) {
            return new Piecewise(new long[] {Long.MIN_VALUE}, new int[] {id});
        }
    }

    private final Dimension axis;
    private final Mode mode;
    private final Function<DecisionDiagram.Node, S> leafSummary;
    private final BinaryOperator<S> union;
    private final Dimension restrictDim;
    private final long restrictValue;
    private final List<Object> byId = new ArrayList<>();
    private final Map<Object, Integer> ids = new HashMap<>();
    private final Map<DecisionDiagram.Node, Piecewise> memo = new IdentityHashMap<>();
    /** Interned id of the union of two interned summaries, keyed by the ordered pair of their ids. */
    private final Map<Long, Integer> unions = new HashMap<>();

    private Projection(Dimension axis, Mode mode, Function<DecisionDiagram.Node, S> leafSummary, BinaryOperator<S> union,
                       Dimension restrictDim, long restrictValue) {
        this.axis = axis;
        this.mode = mode;
        this.leafSummary = leafSummary;
        this.union = union;
        this.restrictDim = restrictDim;
        this.restrictValue = restrictValue;
    }

    /**
     * The function of {@code dd} over {@code axis}; with {@code restrictDim} non-null, only the packets
     * whose {@code restrictDim} is {@code restrictValue} (stored encoding) count. {@code union} combines
     * summaries in {@link Mode#UNION} (ignored in STRUCTURE mode).
     */
    public static <S> Projection<S> of(DecisionDiagram dd, Dimension axis, Mode mode,
                                       Function<DecisionDiagram.Node, S> leafSummary, BinaryOperator<S> union,
                                       Dimension restrictDim, long restrictValue) {
        Projection<S> p = new Projection<>(axis, mode, leafSummary, union, restrictDim, restrictValue);
        p.result = p.function(dd.root());
        return p;
    }

    private Piecewise result;

    /** The function over the axis at the root. */
    public Piecewise result() {
        return result;
    }

    /** The summary with id {@code id} (UNION mode, or a leaf's summary in STRUCTURE mode); null otherwise. */
    @SuppressWarnings("unchecked")
    public S summary(int id) {
        Object o = byId.get(id);
        return o instanceof Leaf<?> l ? (S) l.summary : o instanceof Union<?> u ? (S) u.summary : null;
    }

    /** Interning keys. */
    private record Leaf<S>(S summary) {
    }

    private record Union<S>(S summary) {
    }

    private record Structure(Dimension d, List<IntervalSet> values, List<Integer> childIds) {
    }

    private int intern(Object key) {
        Integer id = ids.get(key);
        if (id == null) {
            id = byId.size();
            byId.add(key);
            ids.put(key, id);
        }
        return id;
    }

    private Piecewise function(DecisionDiagram.Node n) {
        Piecewise known = memo.get(n);
        if (known != null) {
            return known;
        }
        Piecewise f;
        if (n.isLeaf()) {
            S s = leafSummary.apply(n);
            f = Piecewise.constant(intern(mode == Mode.UNION ? new Union<>(s) : new Leaf<>(s)));
        } else if (n.dimension() == axis) {
            f = axisNode(n);
        } else if (n.dimension() == restrictDim) {
            f = null;
            for (int i = 0; i < n.children().size(); i++) {
                if (n.values().get(i).contains(restrictValue)) {
                    f = function(n.children().get(i));
                    break;
                }
            }
            if (f == null) {
                f = Piecewise.constant(-1);
            }
        } else {
            f = combine(n);
        }
        memo.put(n, f);
        return f;
    }

    /** A node splitting the axis: each child's values take the child's summary (constant below the split). */
    private Piecewise axisNode(DecisionDiagram.Node n) {
        List<long[]> pieces = new ArrayList<>();
        for (int i = 0; i < n.children().size(); i++) {
            Piecewise c = function(n.children().get(i));
            IntervalSet v = n.values().get(i);
            for (int k = 0; k < v.intervalCount(); k++) {
                // below an axis split the axis is not split again, so the child is one piece
                pieces.add(new long[] {v.lo(k), v.hi(k), c.ids()[0]});
            }
        }
        pieces.sort((a, b) -> Long.compare(a[0], b[0]));
        List<Long> starts = new ArrayList<>();
        List<Integer> out = new ArrayList<>();
        long cursor = Long.MIN_VALUE;
        boolean reachedEnd = false;
        for (long[] p : pieces) {
            if (p[0] > cursor) {
                add(starts, out, cursor, -1);
            }
            add(starts, out, p[0], (int) p[2]);
            if (p[1] == Long.MAX_VALUE) {
                reachedEnd = true;
                break;
            }
            cursor = p[1] + 1;
        }
        if (!reachedEnd) {
            add(starts, out, cursor, -1);
        }
        return toPiecewise(starts, out);
    }

    private static void add(List<Long> starts, List<Integer> ids, long start, int id) {
        if (!ids.isEmpty() && ids.get(ids.size() - 1) == id) {
            return;
        }
        if (!starts.isEmpty() && starts.get(starts.size() - 1) == start) {
            ids.set(ids.size() - 1, id);
            if (ids.size() > 1 && ids.get(ids.size() - 2) == id) {
                starts.remove(starts.size() - 1);
                ids.remove(ids.size() - 1);
            }
            return;
        }
        starts.add(start);
        ids.add(id);
    }

    private static Piecewise toPiecewise(List<Long> starts, List<Integer> ids) {
        long[] s = new long[starts.size()];
        int[] d = new int[ids.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = starts.get(i);
            d[i] = ids.get(i);
        }
        return new Piecewise(s, d);
    }

    /** A node splitting another dimension: refine the children's pieces and combine per piece. */
    private Piecewise combine(DecisionDiagram.Node n) {
        int k = n.children().size();
        Piecewise[] fs = new Piecewise[k];
        for (int i = 0; i < k; i++) {
            fs[i] = function(n.children().get(i));
        }
        int[] pos = new int[k];
        List<Long> starts = new ArrayList<>();
        List<Integer> out = new ArrayList<>();
        long at = Long.MIN_VALUE;
        while (true) {
            int[] cur = new int[k];
            long next = Long.MAX_VALUE;
            boolean more = false;
            for (int i = 0; i < k; i++) {
                Piecewise f = fs[i];
                while (pos[i] + 1 < f.starts().length && f.starts()[pos[i] + 1] <= at) {
                    pos[i]++;
                }
                cur[i] = f.ids()[pos[i]];
                if (pos[i] + 1 < f.starts().length) {
                    next = Math.min(next, f.starts()[pos[i] + 1]);
                    more = true;
                }
            }
            add(starts, out, at, summarise(n, cur));
            if (!more) {
                break;
            }
            at = next;
        }
        return toPiecewise(starts, out);
    }

    @SuppressWarnings("unchecked")
    private int summarise(DecisionDiagram.Node n, int[] childIds) {
        if (mode == Mode.UNION) {
            // unions are computed once per pair of interned summaries: the same few summaries meet
            // again and again across the pieces and nodes of a diagram
            int acc = -1;
            for (int id : childIds) {
                if (id < 0 || id == acc) {
                    continue;
                }
                acc = acc < 0 ? id : unionOf(acc, id);
            }
            return acc;
        }
        // canonical: the values leading to each distinct child id, in id order
        Map<Integer, IntervalSet> byChild = new java.util.TreeMap<>();
        for (int i = 0; i < childIds.length; i++) {
            if (childIds[i] >= 0) {
                byChild.merge(childIds[i], n.values().get(i), IntervalSet::union);
            }
        }
        if (byChild.isEmpty()) {
            return -1;
        }
        return intern(new Structure(n.dimension(), List.copyOf(byChild.values()), List.copyOf(byChild.keySet())));
    }

    @SuppressWarnings("unchecked")
    private int unionOf(int a, int b) {
        long key = ((long) a << 32) | (b & 0xFFFFFFFFL);
        Integer known = unions.get(key);
        if (known != null) {
            return known;
        }
        S joined = union.apply(((Union<S>) byId.get(a)).summary, ((Union<S>) byId.get(b)).summary);
        int id = intern(new Union<>(joined));
        unions.put(key, id);
        return id;
    }

    /** The pieces of the root function with id {@code id} as a set of axis values. */
    public IntervalSet valuesOf(int id) {
        IntervalSet.Builder b = new IntervalSet.Builder(4);
        long[] s = result.starts();
        int[] d = result.ids();
        for (int i = 0; i < s.length; i++) {
            if (d[i] == id) {
                b.add(s[i], i + 1 < s.length ? s[i + 1] - 1 : Long.MAX_VALUE);
            }
        }
        return b.build();
    }

    /** The distinct ids of the root function, in axis order of first appearance (-1 left out). */
    public int[] distinctIds() {
        return Arrays.stream(result.ids()).filter(i -> i >= 0).distinct().toArray();
    }
}
