package dev.rampart.analysis.audit.checks;

import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.model.Chain;
import dev.rampart.model.Rule;
import dev.rampart.model.Table;

/** Counter facts for {@link RuleNeverHit} and {@link HotRuleLate}. */
final class CounterFacts {
    private CounterFacts() {
    }

    /**
     * Whether the ruleset's counters say something: some rule has counters and some rule or built-in
     * policy counted at least one packet (all zeros means freshly loaded or reset, and says nothing).
     */
    static boolean meaningful(AuditedRuleset r) {
        if (!r.facts().hasCounters()) {
            return false;
        }
        for (Table t : r.ruleset().tables()) {
            for (Chain c : t.chains()) {
                if (c.builtin() && c.counters().packets() != 0) {
                    return true;
                }
                for (Rule rule : c.rules()) {
                    if (rule.counters() != null && rule.counters().packets() != 0) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The packets a rule counted (0 without counters). */
    static long packets(Rule r) {
        return r.counters() == null ? 0 : r.counters().packets();
    }
}
