package dev.rampart.sim.engine;

/**
 * One line of a trace, in the spirit of the kernel's TRACE target: a rule whose matches all held
 * ({@code kind} "rule"), a fall off the end of a user chain back to its caller ("return"), or a built-in
 * chain's policy ("policy"). {@code action} says what happened next: the target's name, "continue" for
 * rules without a target, or the policy.
 */
public record TraceStep(Hook hook, CounterRef counter, String kind, String action) {

    /** The step as a TRACE-like text line: {@code filter:INPUT:rule:3 ACCEPT}. */
    @Override
    public String toString() {
        return "TRACE: " + counter + (kind.equals("return") ? ":return" : "") + " " + action;
    }
}
