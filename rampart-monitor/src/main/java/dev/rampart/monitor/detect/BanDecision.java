package dev.rampart.monitor.detect;

import dev.rampart.model.net.IpPrefix;
import java.time.Instant;
import java.time.Duration;

/**
 * The decision to ban {@code target} (the offending address as a /32 or /128, or its IPv6 /64 when
 * aggregated) from {@code at} for {@code duration}, because it failed {@code failures} times within
 * findtime; {@code banNumber} is 1 for a first ban, 2 for the next, ... (the increment's count + 1).
 */
public record BanDecision(IpPrefix target, Instant at, Duration duration, int failures, int banNumber) {

    /** When the ban ends. */
    public Instant until() {
        return at.plus(duration);
    }
}
