package dev.rampart.analysis.audit.checks;

import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.audit.Severity;
import dev.rampart.sim.engine.CounterRef;

/**
 * RA123: a terminal rule of the filter table that decides no packet at all, because earlier rules
 * decide every packet it matches, some of them with another target (Al-Shaer and Hamed's shadowing:
 * the rule was meant to act and never does). Found over the whole packet space after unfolding user
 * chains ({@link RuleAnomalies}); the witness is a packet the rule matches that an earlier rule with
 * another target decides.
 */
public final class ShadowedRule extends AnomalyCheck {
    public ShadowedRule() {
        super("RA123", "Rule shadowed by earlier rules with another target", Severity.MEDIUM,
                "A rule whose every packet is decided earlier never acts. When an earlier rule with a different "
                        + "target takes its packets, the firewall does the opposite of what the rule says: an ACCEPT "
                        + "behind a broader DROP locks users out, a DROP behind a broader ACCEPT protects nothing.",
                RuleAnomalies.Kind.SHADOWED);
    }

    @Override
    String message(AuditedRuleset r, RuleAnomalies.Anomaly a) {
        return Programs.describe(r, a.rule()) + where(a) + " never decides a packet: "
                + a.explanation() + " (shadowed by " + list(r, a.others()) + ")";
    }

    @Override
    String fix(AuditedRuleset r, RuleAnomalies.Anomaly a) {
        CounterRef first = a.others().get(0);
        StringBuilder sb = new StringBuilder();
        if (first.chain().equals(a.rule().chain()) && first.rule() < a.rule().rule()) {
            sb.append("# if the rule is wanted, move it before rule ").append(first.rule()).append(":\n")
                    .append(Programs.deleteLine(r, a.rule())).append('\n')
                    .append(r.command()).append(" -I ").append(a.rule().chain()).append(' ').append(first.rule())
                    .append(' ').append(spec(r.filter(a.rule().chain()).orElseThrow(), a.rule().rule())).append('\n');
        } else {
            sb.append("# if the rule is wanted, narrow the shadowing rule or place the rule before it\n");
        }
        sb.append("# otherwise delete it: ").append(Programs.deleteLine(r, a.rule()));
        return sb.toString();
    }
}
