package dev.rampart.analysis.audit.checks;

import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.audit.Severity;

/**
 * RA126: two rules with different targets that partly overlap, neither containing the other (Al-Shaer
 * and Hamed's correlation): their order decides the packets of the overlap. Reported for pairs in the
 * same built-in chain after unfolding when some packet of the overlap reaches the earlier rule, at most
 * {@value RuleAnomalies#MAX_FINDINGS} per chain; the witness is such a packet, decided by the earlier
 * rule although the later one matches it too.
 */
public final class CorrelatedRules extends AnomalyCheck {
    public CorrelatedRules() {
        super("RA126", "Rules with different targets overlap partly (correlation)", Severity.INFO,
                "Two rules that overlap partly with different targets make the fate of the overlap depend on their "
                        + "order alone. Often intended, but easy to break when rules are reordered or inserted, and a "
                        + "common source of surprises when the overlap was not noticed.",
                RuleAnomalies.Kind.CORRELATION);
    }

    @Override
    String message(AuditedRuleset r, RuleAnomalies.Anomaly a) {
        return Programs.describe(r, a.rule()) + where(a) + " and " + list(r, a.others()) + ": " + a.explanation()
                + " (the earlier rule wins)";
    }

    @Override
    String fix(AuditedRuleset r, RuleAnomalies.Anomaly a) {
        return "# check that the earlier rule should win the overlap; if not, narrow one of the rules so that "
                + "they no longer overlap, or swap them";
    }
}
