package dev.rampart.analysis.audit.checks;

import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.audit.Severity;

/**
 * RA125: a later rule with another target matches every packet an earlier rule matches (Al-Shaer and
 * Hamed's generalisation): the earlier rule is an exception carved out of the later one, usually on
 * purpose. Reported for pairs in the same built-in chain after unfolding, at most
 * {@value RuleAnomalies#MAX_FINDINGS} per chain; the witness is a packet both match that the earlier
 * rule decides.
 */
public final class GeneralisedRule extends AnomalyCheck {
    public GeneralisedRule() {
        super("RA125", "Rule is an exception to a later, broader rule (generalisation)", Severity.INFO,
                "When a later rule with a different target covers an earlier one, the earlier rule is an exception. "
                        + "That is usually intended (allow one host, drop its network), but reordering or deleting "
                        + "either rule silently changes the fate of the exception's packets.",
                RuleAnomalies.Kind.GENERALISATION);
    }

    @Override
    String message(AuditedRuleset r, RuleAnomalies.Anomaly a) {
        return Programs.describe(r, a.rule()) + where(a) + " is an exception to " + list(r, a.others()) + ": "
                + a.explanation();
    }

    @Override
    String fix(AuditedRuleset r, RuleAnomalies.Anomaly a) {
        return "# usually intended; keep the exception before the broader rule (deleting it hands its packets to "
                + Programs.describe(r, a.others().get(0)) + ")";
    }
}
