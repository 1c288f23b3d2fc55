package dev.rampart.analysis.audit.checks;

import dev.rampart.analysis.audit.AuditContext;
import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.audit.DescribedCheck;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.Severity;
import dev.rampart.model.Chain;
import dev.rampart.model.TableName;
import java.util.ArrayList;
import java.util.List;

/**
 * The identity every check carries (id, title, severity, rationale, given once in the subclass's
 * constructor) and the per-ruleset loop most checks need: {@link #run(AuditContext)} calls
 * {@link #check(AuditedRuleset, List)} for each ruleset unless the subclass overrides it.
 */
abstract class AbstractCheck extends DescribedCheck {
    AbstractCheck(String id, String title, Severity severity, String rationale) {
        super(id, title, severity, rationale);
    }

    @Override
    public List<Finding> run(AuditContext context) {
        List<Finding> out = new ArrayList<>();
        for (AuditedRuleset r : context.rulesets()) {
            check(r, out);
        }
        return out;
    }

    /** Adds the findings of one ruleset to {@code out}. */
    void check(AuditedRuleset ruleset, List<Finding> out) {
    }

    /** {@code rule 3 of filter INPUT (-A INPUT ...)}. */
    static String describe(TableName table, Chain chain, int number) {
        return AuditedRuleset.describe(table, chain, number);
    }

    /** The rule's text without the leading {@code -A CHAIN }: what follows {@code iptables -I CHAIN N}. */
    static String spec(Chain chain, int number) {
        String text = AuditedRuleset.text(chain, number);
        String prefix = "-A " + chain.name();
        return text.startsWith(prefix) ? text.substring(prefix.length()).strip() : text;
    }

    /** {@code iptables -t nat} or {@code iptables} (filter) for {@code ruleset}'s family. */
    static String cmd(AuditedRuleset ruleset, TableName table) {
        return ruleset.command() + (table == TableName.FILTER ? "" : " -t " + table.id());
    }

    /** {@code 1, 2, 5, ... (12 rules)}: at most {@code max} numbers. */
    static String numbers(List<Integer> numbers, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < numbers.size() && i < max; i++) {
            sb.append(i == 0 ? "" : ", ").append(numbers.get(i));
        }
        if (numbers.size() > max) {
            sb.append(", ... (").append(numbers.size()).append(" rules)");
        }
        return sb.toString();
    }
}
