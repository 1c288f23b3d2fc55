package dev.rampart.analysis.audit.checks;

import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.RuleFacts;
import dev.rampart.analysis.audit.Severity;
import dev.rampart.model.Chain;
import dev.rampart.model.Policy;
import dev.rampart.model.Rule;
import dev.rampart.model.Table;
import dev.rampart.model.TableName;
import java.util.Optional;

/**
 * RA108: the filter table drops (a DROP policy, or DROP/REJECT rules) and no rule of any table logs
 * ({@code LOG} or {@code NFLOG}).
 */
public final class DropsNotLogged extends AbstractCheck {
    public DropsNotLogged() {
        super("RA108", "Drops are never logged", Severity.LOW,
                "Without a log of dropped packets there is nothing to look at when a legitimate client is blocked, "
                        + "and no input for fail2ban, psad or a SIEM to notice scans. The seeds: 'enable rate-limited "
                        + "logging for dropped packets'.");
    }

    @Override
    void check(AuditedRuleset r, java.util.List<Finding> out) {
        Optional<Table> filter = r.table(TableName.FILTER);
        if (filter.isEmpty()) {
            return;
        }
        boolean drops = false;
        for (Chain c : filter.get().chains()) {
            drops |= c.builtin() && c.policy() == Policy.DROP;
            for (Rule rule : c.rules()) {
                drops |= RuleFacts.isDropOrReject(rule);
            }
        }
        for (Table t : r.ruleset().tables()) {
            for (Chain c : t.chains()) {
                for (Rule rule : c.rules()) {
                    if (RuleFacts.isLog(rule)) {
                        return;
                    }
                }
            }
        }
        if (!drops) {
            return;
        }
        String x = r.command();
        out.add(Finding.of(this, "the IPv" + r.family().number() + " ruleset drops packets but no rule logs "
                        + "anything (no LOG or NFLOG target): blocked traffic leaves no trace")
                .rules(r.anchor())
                .fix(x + " -N LOGGING\n" + x + " -A LOGGING -m limit --limit 2/second -j LOG --log-prefix \"IPT-DROP \" "
                        + "--log-level 4\n" + x + " -A LOGGING -j DROP\n" + x + " -A INPUT -j LOGGING"
                        + "\n# as the last rule of INPUT, so that it sees only what no rule accepted")
                .build());
    }
}
