package dev.rampart.monitor.alert;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket: holds at most {@code burst} tokens, gains one every {@code period}, and a send takes
 * one. So a sink sends at most {@code burst} alerts at once and then one per {@code period}. Not
 * thread-safe (the throttle that owns it synchronises).
 */
final class TokenBucket {
    private final int burst;
    private final long periodNanos;
    private final Clock clock;
    private double tokens;
    private Instant last;

    TokenBucket(int burst, Duration period, Clock clock) {
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1");
        }
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("period must be positive");
        }
        this.burst = burst;
        this.periodNanos = period.toNanos();
        this.clock = clock;
        this.tokens = burst;
        this.last = clock.instant();
    }

    /** Takes a token if one is there. */
    boolean tryTake() {
        refill();
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    private void refill() {
        Instant now = clock.instant();
        long elapsed = Duration.between(last, now).toNanos();
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + (double) elapsed / periodNanos);
            last = now;
        }
    }
}
