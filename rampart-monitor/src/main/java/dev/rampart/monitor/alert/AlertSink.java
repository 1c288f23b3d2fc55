package dev.rampart.monitor.alert;

import java.io.IOException;

/**
 * Somewhere alerts go: a webhook, a mailbox, syslog. A sink delivers one alert per call, synchronously,
 * with its own timeouts and retries; the {@link AlertDispatcher} calls it from the sink's own thread, so
 * a slow sink never delays another one or the daemon.
 */
public interface AlertSink {

    /** The sink's name in metrics and logs ({@code webhook}, {@code email}, {@code syslog}). */
    String name();

    /** The least severity this sink takes. */
    AlertSeverity minSeverity();

    /**
     * Delivers {@code alert}; returns normally when it was accepted (HTTP 2xx, SMTP 250 after DATA,
     * logger exit 0). Throws when it was not, after the sink's own retries, with a message saying what the
     * other side answered.
     */
    void send(Alert alert) throws IOException;
}
