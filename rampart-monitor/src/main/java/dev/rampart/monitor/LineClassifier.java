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
