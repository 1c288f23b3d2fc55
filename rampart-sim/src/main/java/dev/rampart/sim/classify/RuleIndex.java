package dev.rampart.sim.classify;

import dev.rampart.sim.engine.PacketState;

/**
 * A chain's rules indexed so that a packet visits only rules that can match it. Contract: the cursor
 * yields every rule position whose rule could match the packet's current fields, in ascending order;
 * it may also yield rules that turn out not to match (the caller evaluates every candidate fully).
 * Immutable and thread-safe.
 */
public interface RuleIndex {

    /** The candidates for {@code packet}. */
    RuleCursor cursor(PacketState packet);

    /** The reference index: every rule, in order (a plain linear walk). */
    static RuleIndex linear(int ruleCount) {
        return packet -> new RuleCursor() {
            private int next;

            @Override
            public int next() {
                return next < ruleCount ? next++ : -1;
            }
        };
    }
}
