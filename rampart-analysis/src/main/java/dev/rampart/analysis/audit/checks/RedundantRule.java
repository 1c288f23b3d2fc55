package dev.rampart.analysis.audit.checks;

import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.audit.Severity;

/**
 * RA124: a terminal rule of the filter table whose deletion changes no packet's fate (Al-Shaer and
 * Hamed's redundancy): either it decides nothing and earlier rules with the same target take all its
 * packets (or none reaches it), or every packet it decides would get the same target from the rules
 * after it. Found over the whole packet space after unfolding ({@link RuleAnomalies}); the witness is a
 * packet the rule matches whose target does not depend on it.
 */
public final class RedundantRule extends AnomalyCheck {
    public RedundantRule() {
        super("RA124", "Redundant rule (deleting it changes nothing)", Severity.LOW,
                "A rule that changes no packet's fate is cruft: it costs a comparison for every packet that reaches "
                        + "it, makes the ruleset longer to review, and misleads the reader into thinking it matters.",
                RuleAnomalies.Kind.REDUNDANT);
    }

    @Override
    String message(AuditedRuleset r, RuleAnomalies.Anomaly a) {
        String by = a.others().isEmpty() ? "" : " (" + list(r, a.others()) + ")";
        return Programs.describe(r, a.rule()) + where(a) + " is redundant: " + a.explanation() + by;
    }

    @Override
    String fix(AuditedRuleset r, RuleAnomalies.Anomaly a) {
        return Programs.deleteLine(r, a.rule());
    }
}
