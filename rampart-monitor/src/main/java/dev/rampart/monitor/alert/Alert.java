package dev.rampart.monitor.alert;

import dev.rampart.model.net.IpAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * One alert, as every sink receives it.
 *
 * @param kind       what it is about
 * @param severity   how urgent
 * @param summary    one line, no line breaks (the mail subject, the syslog message, the webhook's text)
 * @param details    more lines (a drift report, the failures that led to a ban); may be empty
 * @param time       when the event happened
 * @param source     the offending address, or null when there is none (drift, daemon errors)
 * @param aggregated 0 for an alert about one event; for a summary of a burst, the number of alerts it
 *                   stands for (their summaries are in {@code details})
 */
public record Alert(AlertKind kind, AlertSeverity severity, String summary, String details, Instant time,
                    IpAddress source, int aggregated) {

    public Alert {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(time, "time");
        if (summary.indexOf('\n') >= 0 || summary.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("an alert summary is one line");
        }
        details = details == null ? "" : details;
        if (aggregated < 0) {
            throw new IllegalArgumentException("aggregated must not be negative");
        }
    }

    /** An alert about one event. */
    public static Alert of(AlertKind kind, AlertSeverity severity, String summary, String details, Instant time,
                           IpAddress source) {
        return new Alert(kind, severity, summary, details, time, source, 0);
    }
}
