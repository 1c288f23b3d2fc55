package dev.rampart.sim.engine;

/**
 * One line of a trace, in the spirit of the kernel's TRACE target: a rule whose matches all held
 * ({@code kind} "rule"), a fall off the end of a user chain back to its caller ("return"), or a built-in
 * chain's policy ("policy"). {@code action} says what happened next: the target's name, "continue" for
 * rules without a target, or the policy. For "return" the counter's rule number is the chain's rule
 * count plus one, as the kernel's TRACE numbers an implicit return ({@code filter:CHAIN:return:N}); no
 * counter moves for it.
 */
public record TraceStep(Hook hook, CounterRef counter, String kind, String action) {

    /** The step as a TRACE-like text line: {@code filter:INPUT:rule:3 ACCEPT}. */
    @Override
    public String toString() {
        if (kind.equals("return")) {
            return "TRACE: " + counter.table().id() + ":" + counter.chain() + ":return:" + counter.rule();
        }
        return "TRACE: " + counter + " " + action;
    }
}
