package dev.rampart.monitor.alert;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Decides, for one sink, which alerts go out now, which are folded into a later summary, and when the
 * summaries go out. Pure logic over a {@link Clock}; thread-safe.
 *
 * <p>Rules, per alert kind:
 * <ol>
 *   <li>The first alert of a kind goes out at once (if the sink's {@link TokenBucket} has a token) and
 *       opens an aggregation window of {@code window}.</li>
 *   <li>Alerts of that kind inside the window are held: counted, the first {@value #SAMPLES} kept for the
 *       summary's details.</li>
 *   <li>When the window has ended, {@link #due()} turns what was held into one summary ("37 more
 *       brute-force bans in the last 5 min") that goes out (if a token is there) and opens a new window; a
 *       single held alert goes out as itself.</li>
 *   <li>An alert or summary that finds no token is not dropped: it stays held and goes out with the next
 *       summary of its kind.</li>
 * </ol>
 * Every alert that does not go out by itself is reported to the caller as suppressed (with the reason),
 * for {@code rampart_alerts_suppressed_total}; its count is in a summary that does go out. Nothing is
 * dropped, except by {@link #drain()}'s caller deciding so at shutdown.
 */
public final class AlertThrottle {
    /** Alerts kept per summary to show in its details. */
    public static final int SAMPLES = 20;

    /** Why an alert did not go out by itself. */
    public enum Reason {
        /** Inside the aggregation window of its kind. */
        AGGREGATED,
        /** The sink's rate limit had no token. */
        RATE_LIMITED;

        /** {@code aggregated} or {@code rate_limited}. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * What {@link #offer} decided.
     *
     * @param send       the alert to send now, or null
     * @param suppressed why it is held, or null when it is sent
     */
    public record Decision(Alert send, Reason suppressed) {
    }

    private static final class Held {
        Instant windowEnd;
        int count;
        AlertSeverity maxSeverity = AlertSeverity.INFO;
        final List<Alert> samples = new ArrayList<>();
    }

    private final Duration window;
    private final TokenBucket bucket;
    private final Clock clock;
    private final Map<AlertKind, Held> kinds = new EnumMap<>(AlertKind.class);

    /**
     * @param window aggregation window per kind
     * @param burst  token bucket size
     * @param period time to gain one token
     */
    public AlertThrottle(Duration window, int burst, Duration period, Clock clock) {
        this.window = window;
        this.bucket = new TokenBucket(burst, period, clock);
        this.clock = clock;
        for (AlertKind k : AlertKind.values()) {
            kinds.put(k, new Held());
        }
    }

    /** Decides about {@code alert}. */
    public synchronized Decision offer(Alert alert) {
        Instant now = clock.instant();
        Held h = kinds.get(alert.kind());
        boolean windowOpen = h.windowEnd != null && now.isBefore(h.windowEnd);
        if (!windowOpen && h.count == 0) {
            if (bucket.tryTake()) {
                h.windowEnd = now.plus(window);
                return new Decision(alert, null);
            }
            hold(h, alert);
            return new Decision(null, Reason.RATE_LIMITED);
        }
        hold(h, alert);
        return new Decision(null, windowOpen ? Reason.AGGREGATED : Reason.RATE_LIMITED);
    }

    private static void hold(Held h, Alert a) {
        h.count += Math.max(1, a.aggregated());
        if (a.severity().compareTo(h.maxSeverity) > 0) {
            h.maxSeverity = a.severity();
        }
        if (h.samples.size() < SAMPLES) {
            h.samples.add(a);
        }
    }

    /** The summaries whose window has ended and that find a token; call it every few seconds. */
    public synchronized List<Alert> due() {
        Instant now = clock.instant();
        List<Alert> out = new ArrayList<>();
        for (Map.Entry<AlertKind, Held> e : kinds.entrySet()) {
            Held h = e.getValue();
            if (h.count > 0 && (h.windowEnd == null || !now.isBefore(h.windowEnd)) && bucket.tryTake()) {
                Instant opened = h.windowEnd == null ? now : h.windowEnd.minus(window);
                out.add(summary(e.getKey(), h, now, opened));
                h.windowEnd = now.plus(window);
            }
        }
        return out;
    }

    /** Everything held, as summaries, regardless of windows and tokens (at shutdown). */
    public synchronized List<Alert> drain() {
        Instant now = clock.instant();
        List<Alert> out = new ArrayList<>();
        for (Map.Entry<AlertKind, Held> e : kinds.entrySet()) {
            Held h = e.getValue();
            if (h.count > 0) {
                Instant opened = h.windowEnd == null ? now : h.windowEnd.minus(window);
                out.add(summary(e.getKey(), h, now, opened));
            }
        }
        return out;
    }

    /** Alerts held, over all kinds. */
    public synchronized int held() {
        return kinds.values().stream().mapToInt(h -> h.count).sum();
    }

    private static Alert summary(AlertKind kind, Held h, Instant now, Instant opened) {
        Alert result;
        if (h.count == 1 && h.samples.size() == 1 && h.samples.get(0).aggregated() == 0) {
            result = h.samples.get(0);
        } else {
            Duration span = Duration.between(opened.isBefore(now) ? opened : now, now);
            String summary = h.count + " more " + (h.count == 1 ? kind.words() : kind.plural()) + " in the last "
                    + words(span);
            StringBuilder details = new StringBuilder();
            for (Alert a : h.samples) {
                details.append(a.time()).append(' ').append(a.severity().id()).append(": ").append(a.summary()).append('\n');
            }
            int shown = h.samples.stream().mapToInt(a -> Math.max(1, a.aggregated())).sum();
            if (h.count > shown) {
                details.append("... and ").append(h.count - shown).append(" more\n");
            }
            var source = h.samples.stream().map(Alert::source).distinct().count() == 1 ? h.samples.get(0).source() : null;
            result = new Alert(kind, h.maxSeverity, summary, details.toString(), now, source, h.count);
        }
        h.count = 0;
        h.samples.clear();
        h.maxSeverity = AlertSeverity.INFO;
        return result;
    }

    /** {@code 5 min}, {@code 40 s}, {@code 2 h}: the span rounded to its largest unit. */
    static String words(Duration d) {
        long s = Math.max(1, (d.toMillis() + 500) / 1000);
        if (s < 120) {
            return s + " s";
        }
        if (s < 2 * 3600) {
            return (s + 30) / 60 + " min";
        }
        return (s + 1800) / 3600 + " h";
    }
}
