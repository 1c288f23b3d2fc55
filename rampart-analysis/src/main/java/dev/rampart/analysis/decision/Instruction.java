package dev.rampart.analysis.decision;

import dev.rampart.analysis.space.PacketSet;
import dev.rampart.sim.engine.CounterRef;
import java.util.List;

/**
 * One step of a {@link Program}: the packets that match it ({@code over} may match, {@code under}
 * certainly match; equal when the translation is exact) and its {@link Action}. The conditions include
 * the conditions of the jumps that lead to the rule, so a packet that does not satisfy a jump never
 * matches the inlined body.
 *
 * @param index position in the program
 * @param over every packet that may match (a superset of the true set)
 * @param under packets that certainly match (a subset of the true set)
 * @param action what happens to a matching packet
 * @param path the rules that lead here, outermost first: jumps, then the rule itself (or the policy)
 * @param approximations why {@code over} and {@code under} differ (rule named), empty when exact
 */
public record Instruction(int index, PacketSet over, PacketSet under, Action action, List<CounterRef> path,
                          List<String> approximations) {

    public Instruction {
        path = List.copyOf(path);
        approximations = List.copyOf(approximations);
    }

    /** The rule (or policy) this instruction stands for. */
    public CounterRef origin() {
        return path.get(path.size() - 1);
    }

    /** Whether the match set is known exactly. */
    public boolean isExact() {
        return approximations.isEmpty();
    }
}
