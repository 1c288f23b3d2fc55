package dev.rampart.analysis.audit.checks;

import dev.rampart.analysis.decision.Action;
import dev.rampart.analysis.decision.Instruction;
import dev.rampart.analysis.decision.Program;
import dev.rampart.analysis.space.Box;
import dev.rampart.analysis.space.PacketSet;
import dev.rampart.analysis.space.PacketSpace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A region of packets pushed through a {@link Program} up to an instruction as sets: which packets the
 * earlier terminal instructions take, and which reach the target. The exact alternative to a diagram
 * for a region that too many instructions meet: the decision diagram over such a region would split it
 * by every one of them, the walk only cuts out the instructions' certain match sets in order.
 *
 * <p>Design: header-space propagation (Kazemian, Varghese, McKeown: "Header Space Analysis", NSDI
 * 2012) along a first-match program: the packets still in flight are a list of disjoint boxes; a
 * terminal instruction takes its certain part of them; a skip moves its certain part to its target
 * (parked until the walk gets there, or dropped when it lands beyond the target instruction). An
 * uncertain part only makes the result approximate, as in the diagram's outcomes. Only the boxes that
 * meet an instruction are cut, and neighbouring pieces are merged only when their number has doubled
 * (merging after every cut costs more than the walk); past {@value #MAX_BOXES} merged boxes in flight the
 * walk gives up.
 *
 * @param reached the packets of the region that reach the target
 * @param taken per earlier terminal instruction (index), the packets of the region it decides
 * @param approximations why some of it is uncertain (rule named); empty when exact
 */
record RegionWalk(PacketSet reached, Map<Integer, PacketSet> taken, Set<String> approximations) {
    /** Boxes in flight beyond which the walk gives up. */
    static final int MAX_BOXES = 4_000;

    /** The walk of {@code region} up to instruction {@code target}, or null past {@value #MAX_BOXES} boxes. */
    static RegionWalk of(ChainIndex index, PacketSet region, int target, long[] scratch) {
        Program program = index.program();
        PacketSpace space = program.space();
        Map<Integer, List<Box>> taken = new LinkedHashMap<>();
        Set<String> reasons = new LinkedHashSet<>();
        TreeMap<Integer, List<Box>> parked = new TreeMap<>();
        List<Box> flying = new ArrayList<>(region.boxes());
        int merged = flying.size();
        index.candidates(region.hull(), 0, target, scratch);
        for (int j = ChainIndex.next(scratch, 0, target); j >= 0; j = ChainIndex.next(scratch, j + 1, target)) {
            while (!parked.isEmpty() && parked.firstKey() <= j) {
                flying.addAll(parked.pollFirstEntry().getValue());
            }
            Instruction in = program.get(j);
            List<Box> hit = new ArrayList<>();
            List<Box> rest = new ArrayList<>(flying.size());
            Box hull = in.over().isEmpty() ? null : in.over().hull();
            for (Box b : flying) {
                if (hull == null || !hull.intersects(b)) {
                    rest.add(b);
                    continue;
                }
                if (!in.isExact() && uncertain(space, b, in)) {
                    reasons.addAll(in.approximations());
                }
                cut(b, in.under(), hit, rest);
            }
            if (hit.isEmpty()) {
                continue;
            }
            flying = rest;
            if (in.action() instanceof Action.Skip s) {
                if (s.to() <= target) {
                    parked.computeIfAbsent(s.to(), k -> new ArrayList<>()).addAll(hit);
                }
            } else {
                taken.computeIfAbsent(j, k -> new ArrayList<>()).addAll(hit);
            }
            if (flying.size() > 2 * merged + 16) {
                // merge neighbouring pieces once they have doubled: cutting keeps fragmenting otherwise
                flying = new ArrayList<>(space.ofDisjointBoxes(flying).boxes());
                merged = flying.size();
                if (merged > MAX_BOXES) {
                    return null;
                }
            }
        }
        while (!parked.isEmpty()) {
            flying.addAll(parked.pollFirstEntry().getValue());
        }
        Map<Integer, PacketSet> takenSets = new LinkedHashMap<>();
        for (Map.Entry<Integer, List<Box>> e : taken.entrySet()) {
            takenSets.put(e.getKey(), space.ofDisjointBoxes(e.getValue()));
        }
        return new RegionWalk(space.ofDisjointBoxes(flying), takenSets, reasons);
    }

    /** Splits {@code b} into its part in {@code set} (to {@code in}) and the rest (to {@code out}), disjoint boxes. */
    private static void cut(Box b, PacketSet set, List<Box> in, List<Box> out) {
        List<Box> pieces = List.of(b);
        for (Box s : set.boxes()) {
            Box common = b.intersect(s);
            if (common == null) {
                continue;
            }
            in.add(common);
            List<Box> next = new ArrayList<>();
            for (Box p : pieces) {
                next.addAll(p.minus(s));
            }
            pieces = next;
        }
        out.addAll(pieces);
    }

    /** Whether some packet of {@code b} may match {@code in} without certainly matching it. */
    private static boolean uncertain(PacketSpace space, Box b, Instruction in) {
        List<Box> maybe = new ArrayList<>();
        for (Box o : in.over().boxes()) {
            Box common = b.intersect(o);
            if (common != null) {
                maybe.add(common);
            }
        }
        return !maybe.isEmpty() && !space.ofDisjointBoxes(maybe).isSubsetOf(in.under());
    }
}
