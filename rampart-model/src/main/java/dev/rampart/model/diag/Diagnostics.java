package dev.rampart.model.diag;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the diagnostics of reading one source. Positions are given as line/column; the collector
 * knows the file name and the source lines so that each diagnostic carries its line text.
 */
public final class Diagnostics {
    private final String file;
    private final List<Diagnostic> items = new ArrayList<>();
    private int errors;

    /** A collector for the source named {@code file} (a path, or {@code <stdin>}). */
    public Diagnostics(String file) {
        this.file = file;
    }

    /** The source name used in every diagnostic. */
    public String file() {
        return file;
    }

    /** Reports {@code code} with its default severity. */
    public void report(DiagnosticCode code, int line, int column, int width, String sourceLine, String message,
                       String suggestion) {
        add(new Diagnostic(code.severity(), code, message, file, line, column, width, sourceLine, suggestion));
    }

    /** Adds a finished diagnostic. */
    public void add(Diagnostic d) {
        items.add(d);
        if (d.isError()) {
            errors++;
        }
    }

    /** All diagnostics in the order they were found. */
    public List<Diagnostic> all() {
        return List.copyOf(items);
    }

    /** Number of errors so far. */
    public int errorCount() {
        return errors;
    }

    /** Whether any error was reported. */
    public boolean hasErrors() {
        return errors > 0;
    }
}
