package dev.rampart.analysis.audit;

import java.util.List;

/**
 * One hardening check of {@code rampart audit}: a stable id ({@code RA101}; never reused for another
 * meaning), a short title, its default severity, the rationale (why it matters, one paragraph) and
 * {@link #run}, which reports every instance it finds in the context, each naming the concrete rules.
 * Checks are stateless; each has a page {@code docs/checks/<id>.md}. To add one: write the class, list it
 * in {@link CheckCatalog}, write its page.
 */
public interface Check {

    /** Stable id, {@code RA} and three digits. */
    String id();

    /** Short name, a few words (SARIF {@code shortDescription}). */
    String title();

    /** The severity of its findings unless a finding says otherwise. */
    Severity severity();

    /** Why the finding matters (SARIF {@code fullDescription}). */
    String rationale();

    /** The findings in {@code context}; empty when none. */
    List<Finding> run(AuditContext context);

    /**
     * Computes ahead whatever expensive state {@link #run} will need for {@code context} and caches
     * (the rule anomalies' analysis). The {@link Auditor} may call it on another thread while other
     * checks run, so it must only fill thread-safe caches; it reports nothing (a failure surfaces again
     * in {@link #run}). Does nothing by default.
     */
    default void prepare(AuditContext context) {
    }

    /** The documentation page, relative to the project root. */
    default String docPath() {
        return "docs/checks/" + id() + ".md";
    }
}
