package dev.rampart.monitor.parse;

import java.time.Instant;

/**
 * The header of one log line, as {@link SyslogHeaderParser} read it: the time stamp (null when the line
 * has none, e.g. a journal message without its stamp), the host (null when not written), the program
 * ({@code sshd}, {@code postfix/smtpd}, {@code kernel}; null when the line names none), its pid ({@code -1}
 * when absent) and where the message starts in the line.
 */
public record SyslogHeader(Instant time, String host, String program, long pid, int messageStart) {
}
