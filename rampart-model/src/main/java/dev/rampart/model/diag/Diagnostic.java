package dev.rampart.model.diag;

/**
 * One problem found in input, located at a 1-based line and column of a named source. {@code sourceLine}
 * is the text of that line (for the caret display); {@code suggestion} is null when there is none.
 * {@code width} is the number of characters to underline (at least 1).
 */
public record Diagnostic(Severity severity, DiagnosticCode code, String message, String file, int line, int column,
                         int width, String sourceLine, String suggestion) {

    public Diagnostic {
        if (width < 1) {
            width = 1;
        }
        if (column < 1) {
            column = 1;
        }
    }

    /** Whether this diagnostic makes the input invalid. */
    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** The first line of the rendering: {@code FILE:LINE:COL: error[CODE]: message}. */
    public String headline() {
        return file + ":" + line + ":" + column + ": " + severity.label() + "[" + code.id() + "]: " + message;
    }
}
