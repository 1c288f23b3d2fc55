package dev.rampart.analysis.decision;

import java.util.List;

/**
 * What one {@link Program} does to a class of packets.
 *
 * @param decider the instruction that decides the packets when every uncertain instruction before it
 *                does not match (always a {@link Action.Decide}; the policy at the latest)
 * @param maybeDeciders terminal instructions before {@code decider} that may match some of the packets
 *                (their match is approximated); empty when the outcome is exact
 * @param passed non-terminal targets (LOG, MARK, ...) the packets match on the way, in order, including
 *                uncertain ones, when the diagram was built with them
 * @param approximations why the outcome is uncertain (rule named); empty when exact
 */
public record Outcome(Instruction decider, List<Instruction> maybeDeciders, List<Instruction> passed,
                      List<String> approximations) {

    public Outcome {
        maybeDeciders = List.copyOf(maybeDeciders);
        passed = List.copyOf(passed);
        approximations = List.copyOf(approximations);
    }

    /** Whether the outcome rests on an approximation. */
    public boolean isApproximate() {
        return !approximations.isEmpty();
    }

    /** The deciding action's target (ACCEPT, DROP, REJECT, a NAT target, ...). */
    public dev.rampart.model.target.Target target() {
        return ((Action.Decide) decider.action()).target();
    }
}
