package dev.rampart.monitor.ban;

import dev.rampart.model.net.IpPrefix;
import java.time.Duration;
import java.time.Instant;

/**
 * A ban: every packet from {@code target} (an address as /32 or /128, or a network) is dropped from
 * {@code added} until {@code expires} (null: until removed). {@code origin} says who decided it
 * ({@code sshd}, {@code scan}, {@code manual}, ...), {@code reason} why, in words; {@code banNumber} is
 * the offender's count of bans (1 for a first ban; the increment of repeat offenders).
 */
public record Ban(IpPrefix target, Instant added, Instant expires, String origin, String reason, int banNumber) {

    /** Whether the ban is over at {@code now}. */
    public boolean expiredAt(Instant now) {
        return expires != null && !expires.isAfter(now);
    }

    /** The time left at {@code now}, null when permanent, zero when over. */
    public Duration remaining(Instant now) {
        if (expires == null) {
            return null;
        }
        Duration d = Duration.between(now, expires);
        return d.isNegative() ? Duration.ZERO : d;
    }
}
