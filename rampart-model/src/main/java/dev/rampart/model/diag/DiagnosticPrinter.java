package dev.rampart.model.diag;

/**
 * Renders diagnostics for people, rustc style:
 * <pre>
 * rules.v4:12:24: error[E304]: unknown target 'ACCPET'
 *    12 | -A INPUT -p tcp -j ACCPET
 *       |                    ^^^^^^
 *       = help: did you mean 'ACCEPT'?
 * </pre>
 */
public final class DiagnosticPrinter {
    private DiagnosticPrinter() {
    }

    /** The full multi-line rendering of {@code d}, ending with a newline. */
    public static String render(Diagnostic d) {
        StringBuilder sb = new StringBuilder(d.headline()).append('\n');
        if (d.sourceLine() != null && d.line() > 0) {
            String num = Integer.toString(d.line());
            String pad = " ".repeat(num.length());
            String src = d.sourceLine().replace('\t', ' ');
            sb.append(' ').append(num).append(" | ").append(src).append('\n');
            int col = Math.min(d.column(), src.length() + 1);
            int width = Math.max(1, Math.min(d.width(), src.length() + 1 - col));
            sb.append(' ').append(pad).append(" | ").append(" ".repeat(col - 1)).append("^".repeat(width)).append('\n');
            if (d.suggestion() != null) {
                sb.append(' ').append(pad).append(" = help: ").append(d.suggestion()).append('\n');
            }
        } else if (d.suggestion() != null) {
            sb.append("  = help: ").append(d.suggestion()).append('\n');
        }
        return sb.toString();
    }
}
