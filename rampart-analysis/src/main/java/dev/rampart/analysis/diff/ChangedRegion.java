package dev.rampart.analysis.diff;

import dev.rampart.analysis.decision.Action;
import dev.rampart.analysis.decision.Instruction;
import dev.rampart.analysis.decision.Program;
import dev.rampart.analysis.space.Box;
import dev.rampart.analysis.space.PacketSet;
import dev.rampart.model.Chain;
import dev.rampart.model.Rule;
import dev.rampart.model.Ruleset;
import dev.rampart.sim.engine.CounterRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The packets whose fate a change between two programs of one chain can touch: those that may match an
 * instruction present on one side only. Every other packet meets the same instructions in the same order
 * on both sides, so it keeps its fate, and a {@link SemanticDiff} need only partition this region.
 *
 * <p>Design: the two programs are aligned by their longest common prefix and suffix, instruction by
 * instruction, comparing what the instructions stand for rather than their rule numbers (which shift
 * when a rule is inserted): the action, and for each element of the path (jumps, then the rule) the
 * chain name and the rule's specification ({@link Rule#sameSpec}). What lies between prefix and suffix
 * differs; the region is the union of those instructions' {@code over} sets (every packet they may
 * match). The argument needs skips (RETURN) to land on corresponding instructions: a skip in the prefix
 * or suffix must land at the same offset from the start (inside the prefix) or from the end (inside the
 * suffix) on both sides, or between the start of the differing middle and the start of the suffix on
 * both; otherwise, or when the middle is larger
 * than {@link #MAX_MIDDLE} instructions, there is no region and the caller compares the whole chain.
 * Approximations are the same on both sides for aligned instructions only when the tables upstream
 * (raw, mangle) are equal, which the caller checks.
 */
final class ChangedRegion {
    /** Largest differing middle (instructions, both sides) for which the region is computed. */
    static final int MAX_MIDDLE = 20_000;

    private ChangedRegion() {
    }

    /**
     * The packets that may match an instruction of {@code old} (of ruleset {@code before}) or {@code now}
     * (of {@code after}) that the other side lacks; empty when the programs cannot be aligned so.
     */
    static Optional<PacketSet> of(Program old, Ruleset before, Program now, Ruleset after) {
        int n0 = old.size();
        int n1 = now.size();
        int prefix = 0;
        while (prefix < n0 && prefix < n1 && same(old.get(prefix), before, now.get(prefix), after)) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < n0 - prefix && suffix < n1 - prefix
                && same(old.get(n0 - 1 - suffix), before, now.get(n1 - 1 - suffix), after)) {
            suffix++;
        }
        int middle = (n0 - prefix - suffix) + (n1 - prefix - suffix);
        if (middle > MAX_MIDDLE) {
            return Optional.empty();
        }
        Layout a = new Layout(n0, prefix, suffix);
        Layout b = new Layout(n1, prefix, suffix);
        for (int i = 0; i < prefix; i++) {
            if (!skipsCorrespond(old.get(i), a, now.get(i), b)) {
                return Optional.empty();
            }
        }
        for (int k = 0; k < suffix; k++) {
            if (!skipsCorrespond(old.get(n0 - 1 - k), a, now.get(n1 - 1 - k), b)) {
                return Optional.empty();
            }
        }
        List<Box> boxes = new ArrayList<>();
        for (int i = prefix; i < n0 - suffix; i++) {
            boxes.addAll(old.get(i).over().boxes());
        }
        for (int i = prefix; i < n1 - suffix; i++) {
            boxes.addAll(now.get(i).over().boxes());
        }
        return Optional.of(old.space().ofBoxes(boxes));
    }

    /** Where the aligned prefix ends and the aligned suffix starts in a program of {@code size}. */
    private record Layout(int size, int prefix, int suffix) {
        /**
         * Where a skip landing at {@code index} lands: {@code -1-index} inside the prefix, the offset from
         * the end inside the suffix (after its first instruction), 0 anywhere from the start of the middle
         * to the start of the suffix — which are alike for a packet outside the region, since it matches
         * nothing in the middle.
         */
        int place(int index) {
            if (index < prefix) {
                return -1 - index;
            }
            if (index > size - suffix) {
                return size - index;
            }
            return 0;
        }
    }

    private static boolean skipsCorrespond(Instruction x, Layout a, Instruction y, Layout b) {
        if (x.action() instanceof Action.Skip sx && y.action() instanceof Action.Skip sy) {
            return a.place(sx.to()) == b.place(sy.to());
        }
        return true;
    }

    /** Whether the two instructions stand for the same rules reached the same way, with the same action. */
    private static boolean same(Instruction x, Ruleset before, Instruction y, Ruleset after) {
        if (!sameAction(x.action(), y.action()) || x.path().size() != y.path().size()
                || x.approximations().size() != y.approximations().size()) {
            return false;
        }
        for (int i = 0; i < x.path().size(); i++) {
            CounterRef p = x.path().get(i);
            CounterRef q = y.path().get(i);
            if (p.table() != q.table() || !p.chain().equals(q.chain()) || p.isPolicy() != q.isPolicy()) {
                return false;
            }
            if (!p.isPolicy() && !rule(before, p).sameSpec(rule(after, q))) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameAction(Action x, Action y) {
        if (x instanceof Action.Decide d) {
            return y instanceof Action.Decide e && Objects.equals(d.target(), e.target());
        }
        if (x instanceof Action.Pass d) {
            return y instanceof Action.Pass e && Objects.equals(d.target(), e.target());
        }
        return x.getClass() == y.getClass(); // Count, Skip (whose landing is checked separately)
    }

    private static Rule rule(Ruleset ruleset, CounterRef ref) {
        Chain c = ruleset.table(ref.table()).orElseThrow().chain(ref.chain()).orElseThrow();
        return c.rules().get(ref.rule() - 1);
    }
}
