package dev.rampart.monitor.service;

import dev.rampart.monitor.event.EventKind;

/**
 * One failure a service parser found: the {@code host} exactly as the daemon wrote it (an address
 * with any IPv4-mapped {@code ::ffff:} prefix removed, or a DNS name the daemon resolved), the user
 * when the message names one (null otherwise; the empty string when the daemon logged an empty
 * name), and the kind of failure.
 */
public record ServiceMatch(EventKind kind, String host, String user) {
}
