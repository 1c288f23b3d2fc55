package dev.rampart.monitor.event;

import dev.rampart.monitor.Classified;
import dev.rampart.monitor.parse.KernelLogRecord;
import dev.rampart.monitor.parse.TcpFlags;
import java.util.Locale;

/** Builds the {@link LogEvent} of a classified line. */
public final class LogEvents {
    private LogEvents() {
    }

    /** The event of {@code c} read at {@code file:line}, or null when the line means nothing. */
    public static LogEvent of(String file, long line, Classified c) {
        if (c instanceof Classified.KernelLine k) {
            return kernel(file, line, k.record());
        }
        if (c instanceof Classified.ServiceLine s) {
            return new LogEvent(file, line, s.time(), s.service(), s.match().kind(), s.match().host(),
                    s.match().user(), -1, null, null, null, null);
        }
        return null;
    }

    private static LogEvent kernel(String file, long line, KernelLogRecord r) {
        return new LogEvent(file, line, r.time(), "kernel", kernelKind(r), r.src().toString(), null, r.dport(),
                r.protoName(), r.prefix(), r.dst().toString(), r.isTcp() ? TcpFlags.names(r.tcpFlags()) : null);
    }

    /**
     * The kind of a kernel line: {@code scan-probe} for TCP flag combinations no TCP stack sends on its
     * own (NULL, FIN alone, XMAS = FIN+PSH+URG, SYN+FIN, SYN+RST); otherwise from the log prefix —
     * {@code drop} when it contains DROP, REJECT, BLOCK, DENY, DENIED, INVALID or REFUSE, {@code accept}
     * when it contains ACCEPT, ALLOW or PASS, else {@code packet}.
     */
    public static EventKind kernelKind(KernelLogRecord r) {
        if (r.isTcp() && stealthFlags(r.tcpFlags())) {
            return EventKind.SCAN_PROBE;
        }
        String p = r.prefix().toUpperCase(Locale.ROOT);
        if (p.contains("DROP") || p.contains("REJECT") || p.contains("BLOCK") || p.contains("DENY")
                || p.contains("DENIED") || p.contains("INVALID") || p.contains("REFUSE")) {
            return EventKind.DROP;
        }
        if (p.contains("ACCEPT") || p.contains("ALLOW") || p.contains("PASS")) {
            return EventKind.ACCEPT;
        }
        return EventKind.PACKET;
    }

    /** Whether TCP {@code flags} are a combination only scanners send. */
    public static boolean stealthFlags(int flags) {
        int f = flags & (TcpFlags.FIN | TcpFlags.SYN | TcpFlags.RST | TcpFlags.PSH | TcpFlags.ACK | TcpFlags.URG);
        return f == 0 || f == TcpFlags.FIN || f == (TcpFlags.FIN | TcpFlags.PSH | TcpFlags.URG)
                || (f & (TcpFlags.SYN | TcpFlags.FIN)) == (TcpFlags.SYN | TcpFlags.FIN)
                || (f & (TcpFlags.SYN | TcpFlags.RST)) == (TcpFlags.SYN | TcpFlags.RST);
    }
}
