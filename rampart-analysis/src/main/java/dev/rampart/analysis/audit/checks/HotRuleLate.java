package dev.rampart.analysis.audit.checks;

import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.Severity;
import dev.rampart.model.Chain;
import dev.rampart.model.Table;
import java.util.List;

/**
 * RA122: with counters, a rule that matched at least {@value #HOT_PERCENT}% of the packets counted in its
 * chain (its rules' counters plus, for a built-in chain, the policy's) but comes after at least
 * {@value #LATE_AFTER} rules that together matched fewer packets than it did.
 */
public final class HotRuleLate extends AbstractCheck {
    /** Share of the chain's counted packets from which a rule is hot (percent). */
    public static final int HOT_PERCENT = 25;
    /** Rules before a hot rule from which it is late (rules). */
    public static final int LATE_AFTER = 10;

    public HotRuleLate() {
        super("RA122", "Busy rule placed late (counters)", Severity.LOW,
                "Rules are tried in order: a rule that matches most of the traffic but sits behind many rules that "
                        + "rarely match makes every one of its packets pay for all of them. Moving it up (when it does "
                        + "not overlap the rules it passes) saves that work on every packet.");
    }

    @Override
    void check(AuditedRuleset r, List<Finding> out) {
        if (!CounterFacts.meaningful(r)) {
            return;
        }
        for (Table t : r.ruleset().tables()) {
            for (Chain c : t.chains()) {
                long total = c.builtin() ? c.counters().packets() : 0;
                for (var rule : c.rules()) {
                    total += CounterFacts.packets(rule);
                }
                if (total <= 0) {
                    continue;
                }
                long before = 0;
                for (int i = 1; i <= c.rules().size(); i++) {
                    long p = CounterFacts.packets(c.rules().get(i - 1));
                    if (i - 1 >= LATE_AFTER && p * 100 >= total * HOT_PERCENT && before < p) {
                        long pct = p * 100 / total;
                        long beforePct = before * 100 / total;
                        out.add(Finding.of(this, describe(t.name(), c, i) + " matched " + p + " packets, " + pct
                                        + "% of those counted in " + t.name().id() + " " + c.name() + ", but comes after "
                                        + (i - 1) + " rules that together matched " + before + " (" + beforePct
                                        + "%): each of its packets is tested against all of them first")
                                .rules(r.ref(t.name(), c, i))
                                .fix("# if it does not overlap the rules before it (check with 'rampart diff'):\n"
                                        + cmd(r, t.name()) + " -D " + c.name() + " " + i + "\n" + cmd(r, t.name())
                                        + " -I " + c.name() + " 1 " + spec(c, i))
                                .build());
                    }
                    before += p;
                }
            }
        }
    }
}
