package dev.rampart.monitor.drift;

import dev.rampart.model.diag.Diagnostic;
import java.util.List;

/** A text of the approved state has errors; the diagnostics say where. */
public final class ApprovedStateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<Diagnostic> diagnostics;

    /** The approved state {@code id} did not parse. */
    public ApprovedStateException(String id, List<Diagnostic> diagnostics) {
        super("the approved state " + id + " has errors", null, false, false);
        this.diagnostics = List.copyOf(diagnostics);
    }

    /** Every diagnostic of the approved texts (errors and warnings). */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
