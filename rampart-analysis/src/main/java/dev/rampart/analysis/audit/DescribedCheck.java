package dev.rampart.analysis.audit;

/**
 * A {@link Check} whose identity — id, title, severity, rationale — is given once, in the subclass's
 * constructor. The base of the ruleset checks and the host checks, which differ only in what they run
 * over.
 */
public abstract class DescribedCheck implements Check {
    private final String id;
    private final String title;
    private final Severity severity;
    private final String rationale;

    protected DescribedCheck(String id, String title, Severity severity, String rationale) {
        this.id = id;
        this.title = title;
        this.severity = severity;
        this.rationale = rationale;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final String title() {
        return title;
    }

    @Override
    public final Severity severity() {
        return severity;
    }

    @Override
    public final String rationale() {
        return rationale;
    }
}
