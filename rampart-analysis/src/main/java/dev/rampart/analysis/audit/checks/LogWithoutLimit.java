package dev.rampart.analysis.audit.checks;

import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.audit.ChainFacts;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.RuleFacts;
import dev.rampart.analysis.audit.Severity;
import dev.rampart.model.Chain;
import dev.rampart.model.Rule;
import dev.rampart.model.Table;
import dev.rampart.model.TableName;
import dev.rampart.model.target.LogTarget;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * RA107: a {@code -j LOG} rule without {@code -m limit} or {@code -m hashlimit} (up-to mode) in the same
 * rule. A LOG rule in a user chain counts as limited when every rule that jumps or goes to the chain is
 * itself rate-limited (or, recursively, sits in such a chain). NFLOG is not reported: it hands packets to
 * a userspace daemon that has its own rate controls.
 */
public final class LogWithoutLimit extends AbstractCheck {
    public LogWithoutLimit() {
        super("RA107", "LOG without a rate limit", Severity.MEDIUM,
                "The kernel writes one line per logged packet. Without '-m limit' an attacker (or a broken client) "
                        + "can make the host write thousands of lines a second: the disk fills, journald drops other "
                        + "messages and the log that should show the attack becomes useless. The seeds: 'unthrottled "
                        + "logs can flood disks'.");
    }

    @Override
    void check(AuditedRuleset r, List<Finding> out) {
        for (Table t : r.ruleset().tables()) {
            for (Chain c : t.chains()) {
                for (int i = 1; i <= c.rules().size(); i++) {
                    Rule rule = c.rules().get(i - 1);
                    if (!(rule.target() instanceof LogTarget) || RuleFacts.hasRateLimit(rule)
                            || limitedByCallers(r, t.name(), c, new HashSet<>())) {
                        continue;
                    }
                    String text = spec(c, i);
                    int j = text.lastIndexOf(" -j LOG");
                    String limited = j < 0 ? text + " -m limit --limit 5/min --limit-burst 10"
                            : text.substring(0, j) + " -m limit --limit 5/min --limit-burst 10" + text.substring(j);
                    if (text.startsWith("-j LOG")) {
                        limited = "-m limit --limit 5/min --limit-burst 10 " + text;
                    }
                    out.add(Finding.of(this, describe(t.name(), c, i) + " logs every packet it matches, without a rate "
                                    + "limit: a flood of such packets floods the kernel log and the disk")
                            .rules(r.ref(t.name(), c, i))
                            .fix(cmd(r, t.name()) + " -R " + c.name() + " " + i + " " + limited)
                            .build());
                }
            }
        }
    }

    /** Whether every caller of user chain {@code c} is rate-limited or sits in such a chain. */
    private static boolean limitedByCallers(AuditedRuleset r, TableName table, Chain c, Set<String> seen) {
        if (c.builtin() || !seen.add(c.name())) {
            return false;
        }
        List<ChainFacts.Caller> callers = r.facts().callers(table, c.name());
        if (callers.isEmpty()) {
            return false;
        }
        for (ChainFacts.Caller k : callers) {
            if (!RuleFacts.hasRateLimit(k.rule()) && !limitedByCallers(r, table, k.chain(), seen)) {
                return false;
            }
        }
        return true;
    }
}
