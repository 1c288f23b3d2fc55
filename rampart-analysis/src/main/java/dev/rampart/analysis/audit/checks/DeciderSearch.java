package dev.rampart.analysis.audit.checks;

import dev.rampart.analysis.decision.Program;
import dev.rampart.analysis.space.Box;
import dev.rampart.analysis.space.Dimension;
import dev.rampart.analysis.space.IntervalSet;
import dev.rampart.analysis.space.PacketSet;
import dev.rampart.sim.packet.Packet;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Looks for a packet of a region that reaches a given instruction of a program, one packet at a time
 * ({@link PointWalk}), so that an instruction matching the whole region decides it: the quick proof
 * that a rule decides something (or that the earlier rule of an overlapping pair wins some packet of
 * the overlap) without a decision diagram.
 *
 * <p>Design: a guided search in the manner of counterexample-guided refinement. Take the region's
 * most typical packet and walk it; when an earlier instruction decides it or a skip jumps it past the
 * target, remove that instruction's certain match set from the region and try again with the rest.
 * A packet found reaches the target (a proof); not finding one within the tries proves nothing
 * (removing a set may also remove packets that skip it and reach the target), so callers fall back to
 * an exact decision diagram.
 */
final class DeciderSearch {
    /** Packets walked per search before giving up. */
    static final int TRIES = 8;
    /** Packets walked before the costlier exact means (a walk of the region as sets) are used. */
    static final int LONG_TRIES = 48;

    /**
     * A packet that reaches the target, as a point of the program's space (the packet itself is built on
     * first use); {@code approximate} as {@link PointWalk}.
     */
    static final class Found {
        private final Program program;
        private final long[] point;
        private final boolean approximate;
        private Packet packet;

        Found(Program program, long[] point, boolean approximate, Packet packet) {
            this.program = program;
            this.point = point;
            this.approximate = approximate;
            this.packet = packet;
        }

        long[] point() {
            return point;
        }

        boolean approximate() {
            return approximate;
        }

        Packet packet() {
            if (packet == null) {
                packet = packetAt(program, point);
            }
            return packet;
        }
    }

    private static final Dimension[] DIMENSIONS = Dimension.values();

    private DeciderSearch() {
    }

    /**
     * A packet of {@code region} whose walk reaches instruction {@code target}, preferring one whose walk
     * passes no uncertain instruction; null when none was found within {@value #TRIES} packets. The
     * {@code hints} (points that reached nearby instructions, most recent first) are tried first, each
     * moved into the region (the fields the region does not allow take the region's typical packet's
     * values); a point found is added to them. Unless {@code exact}, a hint whose walk is approximate
     * is taken at once.
     */
    static Found reach(ChainIndex index, PacketSet region, int target, long[] scratch, Hints hints, boolean exact) {
        return reach(index, region, target, scratch, hints, exact, TRIES);
    }

    /** As {@link #reach(ChainIndex, PacketSet, int, long[], Hints, boolean)} with {@code tries} packets. */
    static Found reach(ChainIndex index, PacketSet region, int target, long[] scratch, Hints hints, boolean exact,
                       int tries) {
        Program program = index.program();
        if (region.isEmpty()) {
            return null;
        }
        Packet typical = region.witness();
        long[] typicalPoint = program.space().point(typical);
        if (typicalPoint == null) {
            return null;
        }
        Box home = null;
        for (Box b : region.boxes()) {
            if (b.contains(typicalPoint)) {
                home = b;
                break;
            }
        }
        Found approximate = null;
        for (long[] hint : hints.points()) {
            long[] moved = typicalPoint.clone();
            boolean changed = false;
            for (Dimension d : DIMENSIONS) {
                long v = hint[d.ordinal()];
                if (v != moved[d.ordinal()] && home.get(d).contains(v)) {
                    moved[d.ordinal()] = v;
                    changed = true;
                }
            }
            if (changed) {
                PointWalk w = PointWalk.of(index, moved, target, -1, scratch);
                if (reaches(w, target)) {
                    hints.add(moved);
                    if (!w.approximate()) {
                        return new Found(program, moved, false, null);
                    }
                    if (!exact) {
                        return new Found(program, moved, true, null); // enough to show that the target decides
                    }
                    if (approximate == null) {
                        approximate = new Found(program, moved, true, null);
                    }
                }
            }
        }
        PacketSet rest = region;
        Packet p = typical;
        long[] point = typicalPoint;
        for (int t = 0; t < tries; t++) {
            if (t > 0) {
                if (rest.isEmpty()) {
                    break;
                }
                p = rest.witness();
                point = program.space().point(p);
                if (point == null) {
                    break;
                }
            }
            PointWalk w = PointWalk.of(index, point, target, -1, scratch);
            if (reaches(w, target)) {
                hints.add(point);
                if (!w.approximate()) {
                    return new Found(program, point, false, p);
                }
                if (approximate == null) {
                    approximate = new Found(program, point, true, p);
                }
                rest = rest.minus(program.get(w.firstUncertain()).over());
            } else {
                int blocker = w.decider() >= 0 ? w.decider() : w.lastSkip();
                rest = rest.minus(program.get(blocker).under());
            }
        }
        return approximate;
    }

    private static boolean reaches(PointWalk w, int target) {
        return w.decider() < 0 && w.position() == target;
    }

    /** The packet at {@code point} (a point of the program's space). */
    private static Packet packetAt(Program program, long[] point) {
        IntervalSet[] sets = new IntervalSet[point.length];
        for (int d = 0; d < point.length; d++) {
            sets[d] = IntervalSet.point(point[d]);
        }
        return program.space().ofBoxes(List.of(Box.of(sets))).witness();
    }

    /** The last few points that reached an instruction of one program, most recent first. */
    static final class Hints {
        private static final int KEPT = 4;
        private final Deque<long[]> points = new ArrayDeque<>();

        /** A copy of the points (the search adds to them while it tries them). */
        List<long[]> points() {
            return List.copyOf(points);
        }

        void add(long[] point) {
            for (long[] p : points) {
                if (java.util.Arrays.equals(p, point)) {
                    return;
                }
            }
            points.addFirst(point);
            if (points.size() > KEPT) {
                points.removeLast();
            }
        }
    }
}
