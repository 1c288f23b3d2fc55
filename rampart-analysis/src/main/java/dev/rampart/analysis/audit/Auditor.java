package dev.rampart.analysis.audit;

import dev.rampart.model.Rule;
import dev.rampart.model.match.Match;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Runs checks over an {@link AuditContext} and sorts their findings: by severity (high first), then by
 * input, family, table, chain and rule position of the primary rule, then by check id, so that reports
 * are stable from run to run.
 */
public final class Auditor {
    private static final Comparator<Finding> ORDER = Comparator.comparing(Finding::severity)
            .thenComparing(f -> f.primary() == null ? "" : f.primary().source())
            .thenComparing(f -> f.primary() == null ? 0 : f.primary().family().number())
            .thenComparing(f -> f.primary() == null ? 0 : f.primary().table().ordinal())
            .thenComparing(f -> f.primary() == null ? "" : f.primary().chain())
            .thenComparing(f -> f.primary() == null ? 0 : f.primary().rule())
            .thenComparing(Finding::location)
            .thenComparing(Finding::checkId);

    private final List<Check> checks;

    /** An auditor running every check of the {@link CheckCatalog}. */
    public Auditor() {
        this(CheckCatalog.all());
    }

    /** An auditor running {@code checks}. */
    public Auditor(List<Check> checks) {
        this.checks = List.copyOf(checks);
    }

    /** The checks this auditor runs. */
    public List<Check> checks() {
        return checks;
    }

    /**
     * Every finding of every check, sorted. A finding that names a rule using a match or target Rampart
     * does not model (kept verbatim by the parser) is marked approximate with that rule named: the check
     * judged the rule without knowing what that part does.
     */
    public List<Finding> run(AuditContext context) {
        prepareAhead(context);
        List<Finding> all = new ArrayList<>();
        for (Check c : checks) {
            for (Finding f : c.run(context)) {
                all.add(withUnknownParts(context, f));
            }
        }
        return sorted(all);
    }

    /**
     * With a second processor, lets the checks compute their expensive shared state
     * ({@link Check#prepare}) on a background thread while the cheap checks run here: on the TUM
     * rulesets the rule-anomaly analysis then overlaps the rest of the audit. A check that needs the
     * state waits for it; a failure there is ignored here and surfaces when the check runs.
     */
    private void prepareAhead(AuditContext context) {
        if (Runtime.getRuntime().availableProcessors() < 2) {
            return;
        }
        Thread ahead = new Thread(() -> {
            for (Check c : checks) {
                try {
                    c.prepare(context);
                } catch (RuntimeException e) {
                    // reported by the check's own run
                }
            }
        }, "rampart-audit-prepare");
        ahead.setDaemon(true);
        ahead.start();
    }

    /** {@code findings} in report order (severity, then position of the primary rule, then id). */
    public static List<Finding> sorted(List<Finding> findings) {
        List<Finding> copy = new ArrayList<>(findings);
        copy.sort(ORDER);
        return List.copyOf(copy);
    }

    private static Finding withUnknownParts(AuditContext context, Finding f) {
        List<String> reasons = new ArrayList<>();
        for (RuleRef ref : f.rules()) {
            if (ref.isPolicy()) {
                continue;
            }
            context.ruleset(ref.family())
                    .flatMap(r -> r.chain(ref.table(), ref.chain()))
                    .filter(c -> ref.rule() <= c.rules().size())
                    .map(c -> c.rules().get(ref.rule() - 1))
                    .filter(Rule::hasUnknownParts)
                    .ifPresent(rule -> reasons.add(ref.describe() + " uses " + unknownParts(rule)
                            + ", which Rampart keeps verbatim but does not model"));
        }
        if (reasons.isEmpty()) {
            return f;
        }
        List<String> all = new ArrayList<>(f.approximations());
        all.addAll(reasons);
        return new Finding(f.checkId(), f.severity(), f.message(), f.fix(), f.rules(), f.witness(), all, f.location());
    }

    private static String unknownParts(Rule rule) {
        List<String> parts = new ArrayList<>();
        for (Match m : rule.matches()) {
            if (!m.isKnown()) {
                parts.add("-m " + m.module());
            }
        }
        if (rule.target() != null && !rule.target().isKnown()) {
            parts.add("-j " + rule.target().name());
        }
        return String.join(", ", parts);
    }
}
