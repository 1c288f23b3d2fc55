package dev.rampart.monitor;

import dev.rampart.monitor.parse.KernelLogParser;
import dev.rampart.monitor.parse.KernelLogRecord;
import dev.rampart.monitor.parse.SyslogHeader;
import dev.rampart.monitor.parse.SyslogHeaderParser;
import dev.rampart.monitor.parse.TimeResolver;
import dev.rampart.monitor.service.ApacheAuthParser;
import dev.rampart.monitor.service.DovecotParser;
import dev.rampart.monitor.service.NginxParser;
import dev.rampart.monitor.service.PostfixParser;
import dev.rampart.monitor.service.ServiceMatch;
import dev.rampart.monitor.service.ServiceParser;
import dev.rampart.monitor.service.SshdParser;
import java.time.Instant;
import java.util.List;

/**
 * Sends each line of a log to the parser that understands it: kernel packet lines (recognised by their
 * {@code IN=}/{@code SRC=} fields, whatever the header) to {@link KernelLogParser}, other lines to the
 * first service parser whose program (or line shape, for nginx/apache's own files) matches. Lines must
 * come in file order (service parsers keep per-connection state). Not thread-safe.
 */
public final class LineClassifier {
    private final SyslogHeaderParser headers;
    private final KernelLogParser kernel;
    private final List<ServiceParser> services;

    public LineClassifier(TimeResolver time, List<ServiceParser> services) {
        this.headers = new SyslogHeaderParser(time);
        this.kernel = new KernelLogParser(headers);
        this.services = List.copyOf(services);
    }

    /**
     * A classifier with every supported service in fail2ban's default modes: sshd normal, nginx
     * basic-auth failures and bot searches, apache-auth normal, postfix normal, dovecot normal.
     */
    public static LineClassifier withDefaults(TimeResolver time) {
        return new LineClassifier(time, List.of(new SshdParser(SshdParser.Mode.NORMAL),
                new NginxParser(true, false, true, time), new ApacheAuthParser(false, time),
                new PostfixParser(PostfixParser.Mode.NORMAL), new DovecotParser(false)));
    }

    /**
     * Classifies a journal entry from its fields ({@code journalctl -o json}: {@code MESSAGE},
     * {@code __REALTIME_TIMESTAMP} as {@code time}, {@code _HOSTNAME}, {@code SYSLOG_IDENTIFIER} as
     * {@code identifier} — {@code kernel} for the kernel's lines — and {@code _PID}, -1 when absent). The
     * same parsers as for files, with the header taken from the fields instead of the text.
     */
    public Classified classifyJournal(Instant time, String host, String identifier, long pid, String message) {
        if ("kernel".equals(identifier) || message.indexOf("SRC=") > 0) {
            KernelLogRecord r = kernel.parseMessage(message, time, host);
            if (r != null) {
                return new Classified.KernelLine(r);
            }
        }
        SyslogHeader h = new SyslogHeader(time, host, identifier, pid, 0);
        for (ServiceParser p : services) {
            if (identifier != null && p.accepts(message, h)) {
                ServiceMatch m = p.parse(message, h);
                return m == null ? Classified.NOTHING
                        : new Classified.ServiceLine(p.service(), m, m.time() != null ? m.time() : time);
            }
        }
        return Classified.NOTHING;
    }

    /** Classifies one line of a log file (header included). */
    public Classified classify(String line) {
        if (line.indexOf("SRC=") > 0) {
            KernelLogRecord r = kernel.parse(line);
            if (r != null) {
                return new Classified.KernelLine(r);
            }
        }
        SyslogHeader h = headers.parse(line);
        for (ServiceParser p : services) {
            if (p.accepts(line, h)) {
                ServiceMatch m = p.parse(line, h);
                if (m != null) {
                    return new Classified.ServiceLine(p.service(), m, m.time() != null ? m.time() : h.time());
                }
                if (h.program() != null) {
                    return Classified.NOTHING;
                }
            }
        }
        return Classified.NOTHING;
    }
}
