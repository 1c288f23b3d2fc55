package dev.rampart.analysis.decision;

import dev.rampart.analysis.flat.FlatChain;
import dev.rampart.analysis.flat.FlatRule;
import dev.rampart.analysis.space.Box;
import dev.rampart.analysis.space.Dimension;
import dev.rampart.analysis.space.IntervalSet;
import dev.rampart.analysis.space.PacketSet;
import dev.rampart.analysis.space.PacketSpace;
import dev.rampart.model.Table;
import dev.rampart.model.target.Target;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The unfolding of {@code rampart flatten} in first-match form (the "simple firewall" of the verified
 * tool fffuu): one entry per rule of the unfolded chain, in order, whose guard is the rule's own
 * condition (with the jumps that lead to it) minus the RETURNs that may skip it. A packet's fate is the
 * first terminal entry whose guard holds it, as in the chain itself; unlike the
 * {@link DiagramFlattener}'s entries, guards are not the packets that <em>reach</em> a rule, so they
 * overlap and stay close to the rules as written.
 *
 * <p>Design: the {@link ProgramBuilder} has already inlined every user chain under the conditions of
 * its jumps; what it leaves are forward {@link Action.Skip}s (RETURN, the end of a goto'd chain). A skip
 * on condition {@code S} over instructions {@code i+1 .. to-1} means those instructions only see
 * packets outside {@code S}, so each of them gets {@code guard ∧ ¬S}. Nothing else is subtracted, so
 * the cost is linear in the rules times the boxes of the active skips' complements (a complement of a
 * box has at most one box per dimension it restricts), not the cost of partitioning the packet space.
 * Jumps and rules without a target only count, so they have no entry; an entry whose guard is empty
 * can never match and is left out.
 *
 * <p>Approximations: an entry's guard is an over-approximation — the instruction's {@code over} minus
 * what certainly skips it ({@code under} of each active skip) — and the entry is marked approximate when
 * the instruction or one of the active skips is.
 */
public final class FirstMatchFlattener {

    private FirstMatchFlattener() {
    }

    /** Built-in chain {@code chain} of {@code table} unfolded in first-match form. */
    public static FlatChain flatten(Table table, String chain, PacketSpace space) {
        return flatten(ProgramBuilder.build(table, chain, space));
    }

    /** The first-match form of an unfolded {@code program}. */
    public static FlatChain flatten(Program program) {
        List<ActiveSkip> active = new ArrayList<>();
        List<FlatRule> rules = new ArrayList<>();
        for (Instruction ins : program.instructions()) {
            active.removeIf(s -> s.to <= ins.index());
            Action action = ins.action();
            if (action instanceof Action.Count) {
                continue;
            }
            PacketSet guard = ins.over();
            Set<String> reasons = new LinkedHashSet<>(ins.approximations());
            long[] span = sourceSpan(guard);
            for (ActiveSkip s : active) {
                if (guard.isEmpty()) {
                    break;
                }
                // cheap test first: anti-spoofing chains hold thousands of approximate RETURNs, one per source
                if (!s.reasons.isEmpty() && s.sourceSpan[1] >= span[0] && s.sourceSpan[0] <= span[1]
                        && guard.intersects(s.mayBeSkipped)) {
                    reasons.addAll(s.reasons); // an approximate skip that may take some of these packets
                }
                if (s.notCertainlySkipped != null) {
                    guard = guard.intersect(s.notCertainlySkipped);
                }
            }
            if (action instanceof Action.Skip skip) {
                if (!guard.isEmpty()) {
                    // ¬S with S the packets that certainly skip; no need to narrow S by the skips around
                    // it: every instruction it covers is covered by them too, and ¬A ∧ ¬(S ∧ ¬A) = ¬A ∧ ¬S
                    PacketSet notSkipped = ins.under().isEmpty() ? null : ins.under().complement();
                    active.add(new ActiveSkip(skip.to(), ins.over(), sourceSpan(ins.over()), notSkipped,
                            ins.approximations()));
                }
                continue;
            }
            if (guard.isEmpty()) {
                continue;
            }
            Target target = action instanceof Action.Decide d ? d.target() : ((Action.Pass) action).target();
            rules.add(new FlatRule(guard, target, ins.path(), List.copyOf(reasons)));
            if (action instanceof Action.Decide && active.isEmpty() && reasons.isEmpty()
                    && ins.under().boxes().size() == 1 && ins.under().sameAs(program.space().all())) {
                break; // every packet is decided here; nothing after it is reached
            }
        }
        return new FlatChain(program.table(), program.chain(), rules);
    }

    /** The smallest and largest stored low-half source address of {@code set} (its bounding span). */
    private static long[] sourceSpan(PacketSet set) {
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        for (Box b : set.boxes()) {
            IntervalSet v = b.get(Dimension.SRC_LO);
            lo = Math.min(lo, v.lo(0));
            hi = Math.max(hi, v.hi(v.intervalCount() - 1));
        }
        return new long[] {lo, hi};
    }

    /**
     * A skip in force: it ends before instruction {@code to}; the packets it may skip (and the span of
     * their sources), those it surely does not skip (null: every packet, when none certainly takes it),
     * and why the two differ (empty when exact).
     */
    private record ActiveSkip(int to, PacketSet mayBeSkipped, long[] sourceSpan, PacketSet notCertainlySkipped,
                              List<String> reasons) {
    }
}
