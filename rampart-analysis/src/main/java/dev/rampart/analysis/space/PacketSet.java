package dev.rampart.analysis.space;

import dev.rampart.sim.packet.Packet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable set of packets of one {@link PacketSpace}: a union of {@link Box}es (products of
 * per-dimension interval sets). Always a subset of the space's universe, so {@link #complement()} is
 * taken within it and {@link #witness()} is a consistent packet. Sets of different spaces cannot be
 * combined (IllegalArgumentException).
 *
 * <p>Design: the representation is the hypercube / interval-set one of fffuu (Diekmann, Michaelis,
 * Haslbeck, Carle: "Verified iptables Firewall Analysis", IFIP Networking 2016, whose IP address and
 * port sets are unions of intervals) and of Header Space Analysis (Kazemian, Varghese, McKeown: "Header
 * Space Analysis: Static Checking for Networks", NSDI 2012, which keeps unions of wildcard
 * expressions and subtracts them lazily). Here the wildcard expressions are boxes, which represent
 * port and address ranges exactly without expanding them into prefixes. The boxes of a set are
 * pairwise disjoint (so no box is ever subsumed by another): union appends the part of the right side
 * outside the left; intersection intersects boxes pairwise; difference subtracts each box of the right
 * side from each piece of the left ({@link Box#minus}, which yields disjoint pieces). After each
 * operation boxes differing in a single dimension are merged (their union is again one box, disjoint
 * from the rest), so that sets built from a ruleset's few distinct ranges keep few boxes. Emptiness is
 * "no box", since boxes are never empty.
 */
public final class PacketSet {
    /** Boxes looked at for the most typical witness. */
    static final int WITNESS_CANDIDATES = 64;

    private final PacketSpace space;
    private final List<Box> boxes;
    /** {@link #hull()}, computed on first use. */
    private volatile Box hull;

    PacketSet(PacketSpace space, List<Box> boxes) {
        this.space = space;
        this.boxes = normalise(boxes);
    }

    /** The space this set belongs to. */
    public PacketSpace space() {
        return space;
    }

    /** The pairwise disjoint boxes whose union is this set, in a deterministic order. */
    public List<Box> boxes() {
        return boxes;
    }

    /** Whether the set holds no packet. */
    public boolean isEmpty() {
        return boxes.isEmpty();
    }

    /** Whether {@code p} is in the set (false for a packet that is not in the space at all). */
    public boolean contains(Packet p) {
        long[] pt = space.encode(p);
        if (pt == null) {
            return false;
        }
        for (Box b : boxes) {
            if (b.contains(pt)) {
                return true;
            }
        }
        return false;
    }

    /** The packets in this set or in {@code other}. */
    public PacketSet union(PacketSet other) {
        check(other);
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        // this plus the part of other outside it, so the boxes stay pairwise disjoint
        List<Box> all = new ArrayList<>(boxes);
        all.addAll(other.minus(this).boxes);
        return new PacketSet(space, all);
    }

    /** The packets in both sets. */
    public PacketSet intersect(PacketSet other) {
        check(other);
        // shortcuts for the universe (every rule's translation starts from it) and the empty set
        if (other == space.all() || boxes.isEmpty()) {
            return this;
        }
        if (this == space.all() || other.boxes.isEmpty()) {
            return other;
        }
        List<Box> out = new ArrayList<>();
        for (Box a : boxes) {
            for (Box b : other.boxes) {
                Box c = a.intersect(b);
                if (c != null) {
                    out.add(c);
                }
            }
        }
        return new PacketSet(space, out);
    }

    /**
     * The smallest box holding every packet of the set: per dimension, every value one of its boxes
     * holds (null for the empty set). A box that misses the hull misses the set, which rejects most
     * boxes in one test. Computed once.
     */
    public Box hull() {
        Box h = hull;
        if (h == null && !boxes.isEmpty()) {
            IntervalSet[] sets = new IntervalSet[Dimension.COUNT];
            for (Box b : boxes) {
                for (Dimension d : Dimension.VALUES) {
                    IntervalSet v = b.get(d);
                    sets[d.ordinal()] = sets[d.ordinal()] == null ? v : sets[d.ordinal()].union(v);
                }
            }
            h = Box.of(sets);
            hull = h;
        }
        return h;
    }

    /** Whether the sets share a packet (no set is built). */
    public boolean intersects(PacketSet other) {
        check(other);
        for (Box a : boxes) {
            for (Box b : other.boxes) {
                if (a.intersects(b)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The packets in this set and not in {@code other}. */
    public PacketSet minus(PacketSet other) {
        check(other);
        List<Box> pieces = new ArrayList<>(boxes);
        for (Box b : other.boxes) {
            List<Box> next = new ArrayList<>();
            for (Box p : pieces) {
                next.addAll(p.minus(b));
            }
            pieces = normalise(next);
        }
        return new PacketSet(space, pieces);
    }

    /** The packets of the space not in this set. */
    public PacketSet complement() {
        return space.all().minus(this);
    }

    /** Whether every packet of this set is in {@code other}. */
    public boolean isSubsetOf(PacketSet other) {
        check(other);
        if (other == space.all() || this == other) {
            return true;
        }
        for (Box a : boxes) {
            if (!coveredBy(a, other.boxes)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the two sets hold the same packets. */
    public boolean sameAs(PacketSet other) {
        return isSubsetOf(other) && other.isSubsetOf(this);
    }

    /** Pieces of a box tracked by {@link #coveredBy} before it falls back to the normalising difference. */
    private static final int MAX_UNCOVERED_PIECES = 256;

    /**
     * Whether {@code box} lies inside the union of {@code cover}. One covering box decides at once (the
     * common case); otherwise the box is cut by the covering boxes it meets, keeping the uncovered
     * pieces unmerged and stopping as soon as none is left, which is far cheaper than a normalised
     * {@link #minus} when the answer is "no" early or the cover is a few boxes. Past
     * {@value #MAX_UNCOVERED_PIECES} pieces the normalising difference keeps the work bounded.
     */
    private boolean coveredBy(Box box, List<Box> cover) {
        for (Box b : cover) {
            if (b.containsAll(box)) {
                return true;
            }
        }
        List<Box> pieces = new ArrayList<>(List.of(box));
        for (int i = 0; i < cover.size(); i++) {
            Box b = cover.get(i);
            List<Box> next = new ArrayList<>(pieces.size());
            for (Box p : pieces) {
                if (b.intersects(p)) {
                    next.addAll(p.minus(b));
                } else {
                    next.add(p);
                }
            }
            pieces = next;
            if (pieces.isEmpty()) {
                return true;
            }
            if (pieces.size() > MAX_UNCOVERED_PIECES) {
                return new PacketSet(space, pieces).minus(new PacketSet(space, cover.subList(i + 1, cover.size())))
                        .isEmpty();
            }
        }
        return false;
    }

    /**
     * A concrete packet of the set, deterministic for equal box lists, with "typical" field values where
     * the set allows (see {@link PacketSpace}), taken from the most typical of the first
     * {@value #WITNESS_CANDIDATES} boxes; throws IllegalStateException when the set is empty.
     */
    public Packet witness() {
        if (isEmpty()) {
            throw new IllegalStateException("an empty packet set has no witness");
        }
        Box best = boxes.get(0);
        int bestScore = space.typicality(best);
        for (int i = 1; i < Math.min(boxes.size(), WITNESS_CANDIDATES); i++) {
            int score = space.typicality(boxes.get(i));
            if (score > bestScore) {
                best = boxes.get(i);
                bestScore = score;
            }
        }
        return space.witness(best);
    }

    private void check(PacketSet other) {
        if (other.space != space) {
            throw new IllegalArgumentException("packet sets of different spaces cannot be combined");
        }
    }

    private static List<Box> normalise(List<Box> input) {
        List<Box> kept = new ArrayList<>(input.size());
        for (Box b : input) {
            if (!b.isEmpty()) {
                kept.add(b);
            }
        }
        mergeNeighbours(kept);
        return List.copyOf(kept);
    }

    /**
     * Merges pairs of boxes that differ in one dimension until none is left (in place). Per dimension,
     * boxes are grouped by their other dimensions (a hash of the box with that dimension blanked), so a
     * pass costs O(boxes x dimensions) hash operations rather than comparing every pair.
     */
    private static void mergeNeighbours(List<Box> boxes) {
        if (boxes.size() <= SMALL) {
            mergeSmall(boxes);
            return;
        }
        boolean changed = true;
        while (changed && boxes.size() > 1) {
            changed = false;
            for (Dimension d : Dimension.VALUES) {
                Map<Box, Integer> byRest = new HashMap<>();
                List<Box> out = new ArrayList<>(boxes.size());
                for (Box b : boxes) {
                    Box rest = b.with(d, IntervalSet.EMPTY);
                    Integer at = byRest.get(rest);
                    if (at == null) {
                        byRest.put(rest, out.size());
                        out.add(b);
                    } else {
                        Box prev = out.get(at);
                        out.set(at, prev.with(d, prev.get(d).union(b.get(d))));
                        changed = true;
                    }
                }
                if (out.size() != boxes.size()) {
                    boxes.clear();
                    boxes.addAll(out);
                }
            }
        }
    }

    /** Up to this many boxes, neighbours are found by comparing every pair (cheaper than hashing). */
    private static final int SMALL = 8;

    /** {@link #mergeNeighbours} for a few boxes: compare each pair, merge when they differ in one dimension. */
    private static void mergeSmall(List<Box> boxes) {
        boolean changed = true;
        while (changed && boxes.size() > 1) {
            changed = false;
            outer:
            for (int i = 0; i < boxes.size(); i++) {
                for (int j = i + 1; j < boxes.size(); j++) {
                    int d = onlyDifference(boxes.get(i), boxes.get(j));
                    if (d >= 0) {
                        Dimension dim = Dimension.VALUES[d];
                        Box a = boxes.get(i);
                        boxes.set(i, a.with(dim, a.get(dim).union(boxes.get(j).get(dim))));
                        boxes.remove(j);
                        changed = true;
                        break outer;
                    }
                }
            }
        }
    }

    /** The one dimension in which {@code a} and {@code b} differ, or -1 (none or several). */
    private static int onlyDifference(Box a, Box b) {
        int found = -1;
        for (int d = 0; d < Dimension.COUNT; d++) {
            IntervalSet x = a.at(d);
            IntervalSet y = b.at(d);
            if (x != y && !x.equals(y)) {
                if (found >= 0) {
                    return -1;
                }
                found = d;
            }
        }
        return found;
    }

    @Override
    public String toString() {
        return boxes.isEmpty() ? "{}" : boxes.toString();
    }
}
