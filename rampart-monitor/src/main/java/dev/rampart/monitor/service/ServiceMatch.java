package dev.rampart.monitor.service;

import dev.rampart.monitor.event.EventKind;
import java.time.Instant;

/**
 * One failure a service parser found: the {@code host} exactly as the daemon wrote it (an address
 * with any IPv4-mapped {@code ::ffff:} prefix removed, or a DNS name the daemon resolved), the user
 * when the message names one (null otherwise; the empty string when the daemon logged an empty
 * name), the kind of failure, and the time when the daemon wrote its own stamp inside the message
 * (nginx, apache); null means the line's syslog header carries the time.
 */
public record ServiceMatch(EventKind kind, String host, String user, Instant time) {

    public ServiceMatch(EventKind kind, String host, String user) {
        this(kind, host, user, null);
    }
}
