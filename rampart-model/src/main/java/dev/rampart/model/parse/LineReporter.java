package dev.rampart.model.parse;

import dev.rampart.model.diag.DiagnosticCode;
import dev.rampart.model.diag.Diagnostics;

/** Reports diagnostics about one line of a source; knows the line number and text. */
public final class LineReporter {
    private final Diagnostics diagnostics;
    private int line;
    private String text;

    public LineReporter(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /** Moves to line {@code number} whose text is {@code text}. */
    public void at(int number, String lineText) {
        this.line = number;
        this.text = lineText;
    }

    public int line() {
        return line;
    }

    public String text() {
        return text;
    }

    public Diagnostics diagnostics() {
        return diagnostics;
    }

    /** Reports {@code code} at column {@code col} underlining {@code width} characters. */
    public void report(DiagnosticCode code, int col, int width, String message, String suggestion) {
        diagnostics.report(code, line, col, width, text, message, suggestion);
    }
}
