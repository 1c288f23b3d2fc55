package dev.rampart.sim.trace;

import dev.rampart.sim.engine.NatResult;
import dev.rampart.sim.engine.TraceResult;
import dev.rampart.sim.engine.TraceStep;

/**
 * Renders a trace result for people: one {@code TRACE:} line per rule whose matches held, per return
 * from a user chain and per policy (as the kernel's TRACE target reports them), then log lines, NAT,
 * approximations and the verdict.
 */
public final class TraceText {
    private TraceText() {
    }

    /** The result as text lines, each ending in a newline. */
    public static String render(TraceResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append(r.id()).append(": conntrack state ").append(r.ctState() == null ? "-" : r.ctState().name())
                .append('\n');
        for (TraceStep s : r.steps()) {
            sb.append("  ").append(s.hook().name().toLowerCase(java.util.Locale.ROOT)).append("  ");
            if (s.kind().equals("return")) {
                sb.append(s.counter().table().id()).append(':').append(s.counter().chain())
                        .append(" end of chain -> return");
            } else {
                sb.append(s.counter());
                sb.append(" -> ").append(s.action());
            }
            sb.append('\n');
        }
        for (String l : r.log()) {
            sb.append("  log: ").append(l).append('\n');
        }
        NatResult n = r.nat();
        if (n != null) {
            sb.append("  nat: ").append(endpoint(n.originalSrc().toString(), n.originalSport())).append(" > ")
                    .append(endpoint(n.originalDst().toString(), n.originalDport())).append("  became  ")
                    .append(endpoint(n.src().toString(), n.sport())).append(" > ")
                    .append(endpoint(n.dst().toString(), n.dport())).append('\n');
        }
        for (String a : r.approximate()) {
            sb.append("  approximate: ").append(a).append('\n');
        }
        sb.append("  verdict: ").append(r.verdict().name());
        if (r.decidedBy() != null) {
            sb.append(" (").append(r.decidedBy()).append(')');
        }
        sb.append('\n');
        return sb.toString();
    }

    private static String endpoint(String addr, int port) {
        if (port < 0) {
            return addr;
        }
        return addr.indexOf(':') >= 0 ? "[" + addr + "]:" + port : addr + ":" + port;
    }
}
