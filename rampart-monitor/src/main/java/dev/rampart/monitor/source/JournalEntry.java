package dev.rampart.monitor.source;

import java.time.Instant;

/**
 * The fields of one journal entry Rampart uses ({@code journalctl -o json}): the message, when it was
 * written ({@code __REALTIME_TIMESTAMP}), the host ({@code _HOSTNAME}), the program
 * ({@code SYSLOG_IDENTIFIER}, else {@code _COMM}; {@code kernel} for {@code _TRANSPORT=kernel}), the
 * pid ({@code _PID}, -1 when absent) and the entry's {@code __CURSOR}.
 */
public record JournalEntry(String message, Instant time, String host, String identifier, long pid, String cursor) {
}
