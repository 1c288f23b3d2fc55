package dev.rampart.analysis.decision;

import dev.rampart.model.target.Target;

/**
 * What an {@link Instruction} does to the packets that match it.
 */
public sealed interface Action {

    /** Ends the packet's walk of the chain with {@code target} (a verdict, REJECT, a NAT target, the policy). */
    record Decide(Target target) implements Action {
    }

    /** A non-terminal target (LOG, MARK, ...): the packet goes on to the next instruction. */
    record Pass(Target target) implements Action {
    }

    /** A rule with no target, or a jump or goto into a user chain (inlined after it): only counts. */
    record Count() implements Action {
    }

    /**
     * Control goes on at instruction {@code to} (later than this one): a RETURN, or the end of a goto'd
     * chain handing its packets to the caller's caller.
     */
    record Skip(int to) implements Action {
    }
}
