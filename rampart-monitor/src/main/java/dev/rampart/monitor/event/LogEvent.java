package dev.rampart.monitor.event;

import java.time.Instant;

/**
 * One log line that means something, in the shape of the JSON event contract ({@code docs/log-events.md}):
 * where it was read ({@code file}, 1-based {@code line}), when it was written ({@code time}, null when the
 * line has no stamp), which {@code service} wrote it ({@code kernel}, {@code sshd}, {@code nginx},
 * {@code apache}, {@code postfix}, {@code dovecot}), what it says ({@code kind}), the remote address
 * ({@code addr}: the packet's source for kernel lines, the client for services — a DNS name only when the
 * daemon logged one), the user name when the line names one, and for kernel lines the destination
 * {@code port} (-1 when none), {@code proto}, log {@code prefix}, destination address {@code dst} and TCP
 * {@code flags} (space separated, empty for none); these are null/-1 for service lines.
 */
public record LogEvent(String file, long line, Instant time, String service, EventKind kind, String addr,
                       String user, int port, String proto, String prefix, String dst, String flags) {
}
