package dev.rampart.monitor.detect;

import dev.rampart.model.Family;
import dev.rampart.model.net.IpAddress;
import dev.rampart.model.net.IpPrefix;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decides bans from authentication failures the way fail2ban does for one jail: a source that fails
 * {@code maxRetry} times within {@code findTime} is banned for {@code banTime}, longer each time it comes
 * back (bantime.increment). IPv6 sources are counted per {@link BruteForceSettings#ipv6Prefix()} (a /64 by
 * default: one host owns a whole /64 and can walk through it).
 *
 * <p>Pure: it is fed failures with their log time ({@link #failure}) and answers with a decision; it never
 * touches the firewall. State is bounded: failure windows and past offenders are each kept for at most
 * {@link BruteForceSettings#maxTracked()} keys, the least recently active evicted first and counted
 * ({@link #evictions()}); each window holds at most {@code maxRetry} times. Not thread-safe.
 *
 * <p>Design: each key keeps a ring of its last {@code maxRetry} failure times; a failure is a ban when the
 * ring is full and its times span at most {@code findTime} (the span, not "now minus oldest", so lines read
 * out of order never make a ban out of failures days apart). After a ban the
 * ring is cleared and the key's ban count remembered for {@code offenderMemory}.
 */
public final class BruteForceDetector {
    private final BruteForceSettings settings;
    private final Map<IpPrefix, long[]> windows;
    private final Map<IpPrefix, Offender> offenders;
    private long evictions;

    private record Offender(int bans, long lastBanEpochSecond) {
    }

    public BruteForceDetector(BruteForceSettings settings) {
        this.settings = settings;
        this.windows = bounded();
        this.offenders = bounded();
    }

    private <V> Map<IpPrefix, V> bounded() {
        return new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<IpPrefix, V> eldest) {
                if (size() > settings.maxTracked()) {
                    evictions++;
                    return true;
                }
                return false;
            }
        };
    }

    public BruteForceSettings settings() {
        return settings;
    }

    /** Keys evicted from either table because {@code maxTracked} was reached. */
    public long evictions() {
        return evictions;
    }

    /** Keys with failures being counted now. */
    public int trackedSources() {
        return windows.size();
    }

    /** Past offenders remembered now. */
    public int trackedOffenders() {
        return offenders.size();
    }

    /** The key {@code addr} is counted under: itself, or its IPv6 prefix. */
    public IpPrefix keyOf(IpAddress addr) {
        if (addr.family() == Family.IPV6 && settings.ipv6Prefix() < 128) {
            IpAddress net = addr.masked(settings.ipv6Prefix());
            int bits = settings.ipv6Prefix();
            long mh = bits >= 64 ? -1L : -1L << (64 - bits);
            long ml = bits <= 64 ? 0 : -1L << (128 - bits);
            return new IpPrefix(Family.IPV6, net.hi(), net.lo(), mh, ml);
        }
        return addr.asPrefix();
    }

    /** Counts a failure of {@code addr} at {@code time}; returns the ban it causes, or null. */
    public BanDecision failure(IpAddress addr, Instant time) {
        IpPrefix key = keyOf(addr);
        long now = time.getEpochSecond();
        int n = settings.maxRetry();
        long[] ring = windows.get(key);
        if (ring == null) {
            // slot 0 = count of failures stored (<= n), slots 1..n = times, oldest overwritten
            ring = new long[n + 2];
            windows.put(key, ring);
        }
        int count = (int) ring[0];
        int next = (int) ring[n + 1];
        ring[1 + next] = now;
        ring[n + 1] = (next + 1) % n;
        count = Math.min(count + 1, n);
        ring[0] = count;
        if (count < n) {
            return null;
        }
        // the last maxRetry failures must lie within findTime of each other (also when lines come out of order)
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 1; i <= n; i++) {
            min = Math.min(min, ring[i]);
            max = Math.max(max, ring[i]);
        }
        if (max - min > settings.findTime().getSeconds()) {
            return null;
        }
        windows.remove(key);
        Offender past = offenders.get(key);
        int previous = past != null && now - past.lastBanEpochSecond() <= settings.offenderMemory().getSeconds()
                ? past.bans() : 0;
        offenders.put(key, new Offender(previous + 1, now));
        return new BanDecision(key, time, settings.banDuration(previous), n, previous + 1);
    }
}
