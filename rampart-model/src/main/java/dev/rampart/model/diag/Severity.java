package dev.rampart.model.diag;

/** How serious a diagnostic is. Only errors make input invalid (exit code 3). */
public enum Severity {
    ERROR("error"),
    WARNING("warning"),
    NOTE("note");

    private final String label;

    Severity(String label) {
        this.label = label;
    }

    /** The word printed before the code: {@code error}, {@code warning}, {@code note}. */
    public String label() {
        return label;
    }
}
