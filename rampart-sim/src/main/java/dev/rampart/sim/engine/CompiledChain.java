package dev.rampart.sim.engine;

import dev.rampart.model.Policy;
import dev.rampart.model.TableName;
import dev.rampart.sim.classify.RuleIndex;
import java.util.List;

/**
 * A chain ready to evaluate: its rules and the index that picks the rules a packet can match. Built-in
 * chains have a policy; user chains return to their caller at the end. Immutable.
 */
public final class CompiledChain {
    private final TableName table;
    private final String name;
    private final Policy policy;
    private final List<CompiledRule> rules;
    private final RuleIndex index;

    CompiledChain(TableName table, String name, Policy policy, List<CompiledRule> rules, RuleIndex index) {
        this.table = table;
        this.name = name;
        this.policy = policy;
        this.rules = List.copyOf(rules);
        this.index = index;
    }

    public TableName table() {
        return table;
    }

    public String name() {
        return name;
    }

    /** The policy of a built-in chain, null for a user chain. */
    public Policy policy() {
        return policy;
    }

    public boolean isBuiltin() {
        return policy != null;
    }

    /** The rules, position i holding rule number i + 1. */
    public List<CompiledRule> rules() {
        return rules;
    }

    /** The index over {@link #rules()}. */
    public RuleIndex index() {
        return index;
    }
}
