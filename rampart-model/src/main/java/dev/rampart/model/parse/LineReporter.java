package dev.rampart.model.parse;

import dev.rampart.model.diag.DiagnosticCode;
import dev.rampart.model.diag.Diagnostics;

/** Reports diagnostics about one line of a source; knows the line number and text. */
public final class LineReporter {
    private final Diagnostics diagnostics;
    private int line;
    private String text;
    private String source;
    private int start;
    private int end;

    public LineReporter(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /** Moves to line {@code number} whose text is {@code text}. */
    public void at(int number, String lineText) {
        this.line = number;
        this.text = lineText;
        this.source = null;
    }

    /**
     * Moves to line {@code number}, which is {@code source[start, end)}; the line's text is only cut out
     * of the source when a diagnostic needs it.
     */
    public void at(int number, String source, int start, int end) {
        this.line = number;
        this.text = null;
        this.source = source;
        this.start = start;
        this.end = end;
    }

    public int line() {
        return line;
    }

    public String text() {
        if (text == null && source != null) {
            text = source.substring(start, end);
        }
        return text;
    }

    public Diagnostics diagnostics() {
        return diagnostics;
    }

    /** Reports {@code code} at column {@code col} underlining {@code width} characters. */
    public void report(DiagnosticCode code, int col, int width, String message, String suggestion) {
        diagnostics.report(code, line, col, width, text(), message, suggestion);
    }
}
