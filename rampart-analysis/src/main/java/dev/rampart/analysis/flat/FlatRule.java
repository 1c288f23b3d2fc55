package dev.rampart.analysis.flat;

import dev.rampart.analysis.space.PacketSet;
import dev.rampart.model.target.Target;
import dev.rampart.sim.engine.CounterRef;
import java.util.List;

/**
 * One entry of a {@link FlatChain}: the packets that reach a rule (or the policy) of the unfolded
 * chain and match it ({@code guard}), what happens to them ({@code target}: a terminal target such as
 * ACCEPT, DROP, REJECT, a NAT target, or the policy's verdict; or a non-terminal target such as LOG or
 * MARK, after which the packets go on to later entries), and where the entry comes from.
 *
 * <p>{@code path} is the chain of rules that led here, outermost first: the jump or goto in the
 * built-in chain, the jumps in between, and last the rule itself ({@link #origin()}), or the built-in
 * chain's policy counter for the policy entry. {@code approximations} is empty when the guard is exact;
 * otherwise it names the reasons (a match the packet space approximates, a target that rewrites a field
 * later rules test) and the guard is a superset of the packets that may really take this entry.
 */
public record FlatRule(PacketSet guard, Target target, List<CounterRef> path, List<String> approximations) {

    public FlatRule {
        if (path.isEmpty()) {
            throw new IllegalArgumentException("a flat rule needs an origin");
        }
        path = List.copyOf(path);
        approximations = List.copyOf(approximations);
    }

    /** The rule (or policy counter) this entry stands for: the last element of {@link #path()}. */
    public CounterRef origin() {
        return path.get(path.size() - 1);
    }

    /** Whether a packet matching the guard ends its traversal of the built-in chain here. */
    public boolean isTerminal() {
        return target.isTerminal();
    }

    /** Whether the guard rests on an approximation (see {@link #approximations()}). */
    public boolean isApproximate() {
        return !approximations.isEmpty();
    }
}
