package dev.rampart.sim.classify;

import dev.rampart.model.Family;
import dev.rampart.model.Rule;
import dev.rampart.sim.engine.PacketState;
import java.util.List;

/**
 * A chain's rules indexed so that a packet visits only rules that can match it. Contract:
 * {@link #candidates} appends every rule position whose rule could match the packet's current fields, in
 * ascending order, each once; it may also append rules that turn out not to match (the caller evaluates
 * every candidate fully). Immutable and thread-safe.
 */
public sealed interface RuleIndex permits RuleIndex.Linear, TupleSpaceIndex {

    /** Appends the candidates for {@code packet} to {@code out}. */
    void candidates(PacketState packet, Candidates out);

    /**
     * Chains shorter than this are walked linearly: a walk over a few rules costs about what the hash
     * probes of a {@link TupleSpaceIndex} cost (an estimate from the per-packet costs measured in
     * {@code ChainIndexBenchmark}, about 30-70 ns per tuple-space lookup; short chains themselves are not
     * benchmarked yet).
     */
    int LINEAR_BELOW = 8;

    /**
     * The index for a chain of {@code family} with {@code rules} in order: linear when short, or when no
     * rule can be keyed (a kube-proxy service chain of {@code statistic} rules: every rule is a candidate
     * for every packet, so the tuple space would only copy the list), else a tuple space.
     */
    static RuleIndex of(List<Rule> rules, Family family) {
        if (rules.size() < LINEAR_BELOW) {
            return linear(rules.size());
        }
        TupleSpaceIndex index = TupleSpaceIndex.build(rules, family);
        return index.keysNothing() ? linear(rules.size()) : index;
    }

    /** The reference index: every rule, in order (a plain linear walk). */
    static RuleIndex linear(int ruleCount) {
        return new Linear(ruleCount);
    }

    /**
     * Every rule is a candidate. Walkers test for this index and step through the positions themselves
     * rather than have them appended.
     *
     * @param ruleCount the number of rules in the chain
     */
    record Linear(int ruleCount) implements RuleIndex {
        @Override
        public void candidates(PacketState packet, Candidates out) {
            for (int i = 0; i < ruleCount; i++) {
                out.add(i);
            }
        }
    }
}
