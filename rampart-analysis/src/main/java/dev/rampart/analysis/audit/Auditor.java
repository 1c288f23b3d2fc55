package dev.rampart.analysis.audit;

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

    /** Every finding of every check, sorted. */
    public List<Finding> run(AuditContext context) {
        List<Finding> all = new ArrayList<>();
        for (Check c : checks) {
            all.addAll(c.run(context));
        }
        all.sort(ORDER);
        return List.copyOf(all);
    }
}
