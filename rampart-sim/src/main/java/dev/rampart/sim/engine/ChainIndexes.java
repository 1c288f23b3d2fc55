package dev.rampart.sim.engine;

import dev.rampart.model.Family;
import dev.rampart.model.Rule;
import dev.rampart.sim.classify.RuleIndex;
import java.util.List;

/** Chooses the index for a chain: linear for short chains, a tuple space otherwise (see {@link RuleIndex#of}). */
final class ChainIndexes {
    private ChainIndexes() {
    }

    static RuleIndex build(List<Rule> rules, Family family) {
        return RuleIndex.of(rules, family);
    }
}
