package dev.rampart.model;

import java.util.List;

/**
 * A chain: built-in (with a policy) or user-defined (policy null), its counters (the policy's, for
 * built-in chains) and its rules in order. {@code pos} is where it was declared, or {@link SourcePos#NONE}.
 */
public record Chain(String name, boolean builtin, Policy policy, Counters counters, List<Rule> rules, SourcePos pos) {

    public Chain {
        rules = List.copyOf(rules);
        if (counters == null) {
            counters = Counters.ZERO;
        }
        if (builtin && policy == null) {
            policy = Policy.ACCEPT;
        }
        if (!builtin && policy != null) {
            throw new IllegalArgumentException("user chain " + name + " cannot have a policy");
        }
        if (pos == null) {
            pos = SourcePos.NONE;
        }
    }
}
