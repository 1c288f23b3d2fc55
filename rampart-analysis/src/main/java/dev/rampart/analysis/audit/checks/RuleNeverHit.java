package dev.rampart.analysis.audit.checks;

import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.RuleRef;
import dev.rampart.analysis.audit.Severity;
import dev.rampart.model.Chain;
import dev.rampart.model.Rule;
import dev.rampart.model.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * RA121: with counters in the input ({@code iptables-save -c}) and some traffic counted at all, the rules
 * whose packet counter is 0. One finding per chain, listing the rules.
 */
public final class RuleNeverHit extends AbstractCheck {
    /** Rule numbers spelt out in a message before it says "and more" (rules). */
    private static final int LISTED = 12;

    public RuleNeverHit() {
        super("RA121", "Rule never matched (counters)", Severity.INFO,
                "A rule whose counter is still 0 after real traffic has not matched a single packet since the "
                        + "counters were last reset: it is cruft, or it protects against something that has not happened "
                        + "yet. Either way it deserves a look. The seeds: 'are there unused ports? are counters "
                        + "increasing unexpectedly?'.");
    }

    @Override
    void check(AuditedRuleset r, List<Finding> out) {
        if (!CounterFacts.meaningful(r)) {
            return;
        }
        for (Table t : r.ruleset().tables()) {
            for (Chain c : t.chains()) {
                List<Integer> zero = new ArrayList<>();
                List<RuleRef> refs = new ArrayList<>();
                for (int i = 1; i <= c.rules().size(); i++) {
                    Rule rule = c.rules().get(i - 1);
                    if (rule.counters() != null && rule.counters().packets() == 0) {
                        zero.add(i);
                        refs.add(r.ref(t.name(), c, i));
                    }
                }
                if (zero.isEmpty()) {
                    continue;
                }
                out.add(Finding.of(this, zero.size() + " of " + c.rules().size() + " rules of " + t.name().id() + " "
                                + c.name() + " never matched a packet since the counters were last reset (rule"
                                + (zero.size() == 1 ? " " : "s ") + numbers(zero, LISTED) + "; first: "
                                + describe(t.name(), c, zero.get(0)) + ")")
                        .rules(refs)
                        .fix("# review each; delete those that are cruft, highest number first, e.g.\n"
                                + cmd(r, t.name()) + " -D " + c.name() + " " + zero.get(zero.size() - 1))
                        .build());
            }
        }
    }
}
