package dev.rampart.monitor.alert;

import java.util.Locale;

/** How urgent an alert is; sinks can be configured to take only alerts at or above a severity. */
public enum AlertSeverity {
    /** Worth knowing (a scan at a low danger level). */
    INFO(6),
    /** Needs a look (a ban, a scan at a high level). */
    WARNING(4),
    /** Needs action now (drift that opens ports, the daemon failing). */
    CRITICAL(2);

    private final int syslogSeverity;

    AlertSeverity(int syslogSeverity) {
        this.syslogSeverity = syslogSeverity;
    }

    /** The RFC 5424 severity number: 6 informational, 4 warning, 2 critical. */
    public int syslogSeverity() {
        return syslogSeverity;
    }

    /** {@code info}, {@code warning}, {@code critical}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code info}, {@code warning}, {@code critical} (any case); IllegalArgumentException otherwise. */
    public static AlertSeverity parse(String text) {
        for (AlertSeverity s : values()) {
            if (s.id().equalsIgnoreCase(text)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown severity '" + text + "'; use info, warning or critical");
    }
}
