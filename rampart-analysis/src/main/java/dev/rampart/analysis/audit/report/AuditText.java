package dev.rampart.analysis.audit.report;

import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.RuleRef;
import dev.rampart.analysis.audit.Severity;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The text report of {@code rampart audit}: per finding a headline {@code FILE:LINE: SEVERITY ID: message}
 * (for a host finding of {@code audit --live}, {@code LOCATION: SEVERITY ID: message} with the kernel
 * parameter, file or backend as location, and any rules as {@code also:}),
 * the other rules involved, the fix indented, the witness packet (JSON, replayable with
 * {@code rampart trace --packets}) and the approximation; then a summary line with counts per severity.
 */
public final class AuditText {
    private AuditText() {
    }

    /** The report. */
    public static String of(List<Finding> findings) {
        StringBuilder sb = new StringBuilder();
        Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
        for (Finding f : findings) {
            counts.merge(f.severity(), 1, Integer::sum);
            RuleRef p = f.primary();
            boolean host = !f.location().isEmpty();
            sb.append(host ? f.location() + ": " : p == null ? "" : where(p) + ": ").append(f.severity().id())
                    .append(' ').append(f.checkId()).append(": ").append(f.message()).append('\n');
            for (int i = host ? 0 : 1; i < f.rules().size(); i++) {
                RuleRef r = f.rules().get(i);
                sb.append("  also: ").append(where(r)).append(r.line() > 0 ? " (" + r.describe() + ")" : "").append('\n');
            }
            if (!f.fix().isEmpty()) {
                sb.append("  fix:\n");
                for (String line : f.fix().split("\n", -1)) {
                    sb.append("    ").append(line).append('\n');
                }
            }
            if (f.witness() != null) {
                sb.append("  witness: ").append(WitnessJson.of(f.witness())).append('\n');
            }
            if (f.approximate()) {
                sb.append("  approximate: ").append(String.join("; ", f.approximations())).append('\n');
            }
        }
        if (findings.isEmpty()) {
            sb.append("no findings\n");
        } else {
            sb.append(findings.size()).append(findings.size() == 1 ? " finding" : " findings").append(" (");
            boolean first = true;
            for (Severity s : Severity.values()) {
                if (counts.containsKey(s)) {
                    sb.append(first ? "" : ", ").append(counts.get(s)).append(' ').append(s.id());
                    first = false;
                }
            }
            sb.append(")\n");
        }
        return sb.toString();
    }

    /** {@code FILE:LINE}, or {@code FILE (IPv4 filter INPUT policy)} when the line is unknown. */
    private static String where(RuleRef r) {
        return r.source() + (r.line() > 0 ? ":" + r.line() : " (IPv" + r.family().number() + " " + r.describe() + ")");
    }
}
