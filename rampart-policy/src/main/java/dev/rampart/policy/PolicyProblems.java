package dev.rampart.policy;

import dev.rampart.model.diag.Diagnostic;
import dev.rampart.model.diag.DiagnosticCode;
import dev.rampart.policy.yaml.Pos;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects every error found in a policy (reading, includes, variables, meaning, contradictions) so that
 * all of them are reported at once. Nothing is emitted when any error was collected.
 */
public final class PolicyProblems {
    private final List<Diagnostic> items = new ArrayList<>();

    /** Reports {@code code} at {@code pos}, underlining {@code width} characters. */
    public void error(DiagnosticCode code, Pos pos, int width, String message, String suggestion) {
        items.add(new Diagnostic(code.severity(), code, message, pos.file(), pos.line(), pos.column(), width,
                pos.sourceLine(), suggestion));
    }

    /** All diagnostics, sorted by file, line and column. */
    public List<Diagnostic> all() {
        List<Diagnostic> sorted = new ArrayList<>(items);
        sorted.sort(java.util.Comparator.comparing(Diagnostic::file).thenComparingInt(Diagnostic::line)
                .thenComparingInt(Diagnostic::column));
        return List.copyOf(sorted);
    }

    /** Whether any error was reported. */
    public boolean hasErrors() {
        return !items.isEmpty();
    }
}
