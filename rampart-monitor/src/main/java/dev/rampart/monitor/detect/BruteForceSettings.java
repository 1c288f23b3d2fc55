package dev.rampart.monitor.detect;

import java.time.Duration;
import java.util.List;

/**
 * Settings of a {@link BruteForceDetector} (one per service, {@code bruteforce:} in
 * {@code /etc/rampart/monitor.yaml}; defaults in {@link #DEFAULTS}, documented in {@code docs/monitor.md}),
 * with fail2ban's names and defaults.
 *
 * @param findTime      failures count within this window (fail2ban {@code findtime}, default 10 minutes)
 * @param maxRetry      failures within {@code findTime} that cause a ban (fail2ban {@code maxretry}, default 5)
 * @param banTime       the first ban's duration (fail2ban {@code bantime}, default 10 minutes)
 * @param increment     whether repeat offenders get longer bans (fail2ban {@code bantime.increment}, default on)
 * @param multipliers   ban time multipliers by previous ban count (fail2ban {@code bantime.multipliers}; empty
 *                      = fail2ban's default formula {@code banTime * 2^count * factor})
 * @param factor        fail2ban {@code bantime.factor} (default 1) for the formula
 * @param maxBanTime    the longest ban (fail2ban {@code bantime.maxtime}, default 1 week)
 * @param offenderMemory how long a past ban is remembered for the increment (default 1 week; fail2ban keeps
 *                      it in its database for {@code dbpurgeage}, default 1 day, or longer with recidive)
 * @param ipv6Prefix    IPv6 offenders are counted and banned per this prefix length (default 64; 128 = per
 *                      address)
 * @param maxTracked    addresses (or IPv6 prefixes) tracked at most, failures and offenders each; the least
 *                      recently active is evicted first (default 100,000)
 */
public record BruteForceSettings(Duration findTime, int maxRetry, Duration banTime, boolean increment,
                                 List<Integer> multipliers, double factor, Duration maxBanTime, Duration offenderMemory,
                                 int ipv6Prefix, int maxTracked) {

    public static final BruteForceSettings DEFAULTS = new BruteForceSettings(Duration.ofMinutes(10), 5,
            Duration.ofMinutes(10), true, List.of(), 1.0, Duration.ofDays(7), Duration.ofDays(7), 64, 100_000);

    public BruteForceSettings {
        if (maxRetry < 1 || maxTracked < 1) {
            throw new IllegalArgumentException("maxRetry and maxTracked must be positive");
        }
        if (ipv6Prefix < 1 || ipv6Prefix > 128) {
            throw new IllegalArgumentException("ipv6Prefix must be 1..128");
        }
        multipliers = List.copyOf(multipliers);
    }

    /** Copy with another maxRetry. */
    public BruteForceSettings withMaxRetry(int n) {
        return new BruteForceSettings(findTime, n, banTime, increment, multipliers, factor, maxBanTime, offenderMemory,
                ipv6Prefix, maxTracked);
    }

    /** Copy with another bound on tracked addresses. */
    public BruteForceSettings withMaxTracked(int n) {
        return new BruteForceSettings(findTime, maxRetry, banTime, increment, multipliers, factor, maxBanTime,
                offenderMemory, ipv6Prefix, n);
    }

    /** Copy with another IPv6 aggregation prefix. */
    public BruteForceSettings withIpv6Prefix(int bits) {
        return new BruteForceSettings(findTime, maxRetry, banTime, increment, multipliers, factor, maxBanTime,
                offenderMemory, bits, maxTracked);
    }

    /**
     * The duration of a ban for an offender banned {@code previousBans} times before (fail2ban's
     * bantime.increment: {@code banTime * multipliers[min(n, last)]} or {@code banTime * 2^min(n, 20) * factor}),
     * never longer than {@code maxBanTime}.
     */
    public Duration banDuration(int previousBans) {
        if (!increment || previousBans <= 0) {
            return banTime.compareTo(maxBanTime) > 0 ? maxBanTime : banTime;
        }
        double mult = multipliers.isEmpty() ? Math.pow(2, Math.min(previousBans, 20)) * factor
                : multipliers.get(Math.min(previousBans, multipliers.size() - 1));
        double seconds = banTime.getSeconds() * mult;
        if (seconds >= maxBanTime.getSeconds()) {
            return maxBanTime;
        }
        return Duration.ofSeconds((long) seconds);
    }
}
