package dev.rampart.sim.engine;

import dev.rampart.model.TableName;

/**
 * A counter the kernel keeps: rule {@code rule} (1-based, as {@code iptables -L --line-numbers} numbers
 * it) of {@code chain} in {@code table}, or the chain's policy counter when {@code rule} is 0.
 */
public record CounterRef(TableName table, String chain, int rule) {

    /** The policy counter of a built-in chain. */
    public static CounterRef policy(TableName table, String chain) {
        return new CounterRef(table, chain, 0);
    }

    /** Whether this is a policy counter. */
    public boolean isPolicy() {
        return rule == 0;
    }

    /** {@code filter:INPUT:rule:3} or {@code filter:INPUT:policy}, as TRACE names it. */
    @Override
    public String toString() {
        return table.id() + ":" + chain + (isPolicy() ? ":policy" : ":rule:" + rule);
    }
}
