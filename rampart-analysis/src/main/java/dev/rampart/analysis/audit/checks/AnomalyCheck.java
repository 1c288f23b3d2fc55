package dev.rampart.analysis.audit.checks;

import dev.rampart.analysis.audit.AuditContext;
import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.RuleRef;
import dev.rampart.analysis.audit.Severity;
import dev.rampart.model.Chain;
import dev.rampart.model.TableName;
import dev.rampart.sim.engine.CounterRef;
import java.util.ArrayList;
import java.util.List;

/**
 * The common part of the rule-anomaly checks (RA123 to RA126): each reports the {@link RuleAnomalies}
 * of its kind, one finding per anomaly (the rule, then the other rules involved, a witness packet), and
 * notes at severity info where a documented bound cut the analysis short.
 */
abstract class AnomalyCheck extends AbstractCheck {
    private final RuleAnomalies.Kind kind;

    AnomalyCheck(String id, String title, Severity severity, String rationale, RuleAnomalies.Kind kind) {
        super(id, title, severity, rationale);
        this.kind = kind;
    }

    @Override
    public final void prepare(AuditContext context) {
        for (AuditedRuleset r : context.rulesets()) {
            RuleAnomalies.of(r);
        }
    }

    @Override
    final void check(AuditedRuleset r, List<Finding> out) {
        for (RuleAnomalies.Anomaly a : RuleAnomalies.of(r)) {
            if (a.kind() != kind) {
                continue;
            }
            if (a.note()) {
                Chain c = r.filter(a.chain()).orElseThrow();
                RuleRef where = a.rule() == null ? r.policyRef(TableName.FILTER, c) : Programs.ref(r, a.rule());
                out.add(Finding.of(this, "analysis bounded: " + a.explanation()).severity(Severity.INFO).rules(where)
                        .fix("# nothing to fix: the check stopped at a documented bound (" + docPath() + ")").build());
                continue;
            }
            List<RuleRef> refs = new ArrayList<>();
            refs.add(Programs.ref(r, a.rule()));
            for (CounterRef o : a.others()) {
                refs.add(Programs.ref(r, o));
            }
            Finding.Builder f = Finding.of(this, message(r, a)).rules(refs).fix(fix(r, a)).approximations(a.approximations());
            if (a.witness() != null) {
                f.witness(a.witness());
            }
            out.add(f.build());
        }
    }

    /** The finding's message for anomaly {@code a}. */
    abstract String message(AuditedRuleset r, RuleAnomalies.Anomaly a);

    /** The finding's fix for anomaly {@code a}. */
    abstract String fix(AuditedRuleset r, RuleAnomalies.Anomaly a);

    /** The rules {@code refs} in words, at most four. */
    static String list(AuditedRuleset r, List<CounterRef> refs) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < refs.size() && i < 4; i++) {
            sb.append(i == 0 ? "" : i == refs.size() - 1 ? " and " : ", ").append(Programs.describe(r, refs.get(i)));
        }
        if (refs.size() > 4) {
            sb.append(" and ").append(refs.size() - 4).append(" more");
        }
        return sb.toString();
    }

    /** {@code (after unfolding filter INPUT)} when the rule lives in a user chain. */
    static String where(RuleAnomalies.Anomaly a) {
        return a.rule().chain().equals(a.chain()) ? "" : " (reached from filter " + a.chain() + ")";
    }
}
