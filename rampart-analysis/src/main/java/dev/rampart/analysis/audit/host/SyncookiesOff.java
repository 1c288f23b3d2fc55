package dev.rampart.analysis.audit.host;

import dev.rampart.analysis.audit.AuditContext;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.Severity;
import java.util.List;
import java.util.OptionalInt;

/**
 * RA130: {@code net.ipv4.tcp_syncookies} is 0. The parameter covers TCP over IPv4 and IPv6. 1 (the
 * kernel default) answers with SYN cookies only when a listener's SYN queue overflows; 2 always.
 */
public final class SyncookiesOff extends HostCheck {
    static final String NAME = "net.ipv4.tcp_syncookies";

    public SyncookiesOff() {
        super("RA130", "TCP SYN cookies disabled", Severity.MEDIUM,
                "Without SYN cookies a SYN flood (spoofed SYNs, never completed) fills every listening socket's "
                        + "queue of half-open connections and the host stops accepting new connections. SYN cookies "
                        + "let the kernel answer without keeping state once the queue is full; no firewall rule "
                        + "replaces them, and a rate limit on SYNs drops legitimate clients along with the flood.");
    }

    @Override
    void check(AuditContext context, HostFacts host, List<Finding> out) {
        OptionalInt v = host.sysctls().integer(NAME);
        if (v.isEmpty() || v.getAsInt() != 0) {
            return;
        }
        out.add(Finding.of(this, NAME + " = 0: SYN cookies are off, so a SYN flood can exhaust the listen queues "
                        + "of every TCP service (IPv4 and IPv6)")
                .location(NAME)
                .fix(sysctlFix(setting(NAME, "1")))
                .build());
    }
}
