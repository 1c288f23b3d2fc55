package dev.rampart.monitor.daemon;

import dev.rampart.model.net.IpPrefix;
import dev.rampart.monitor.alert.Alert;
import dev.rampart.monitor.alert.Alerts;
import dev.rampart.monitor.ban.Ban;
import dev.rampart.monitor.detect.BanDecision;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Turns the daemon's events into alerts (worded by {@link Alerts}) and hands them to {@code sink} (the
 * {@link dev.rampart.monitor.alert.AlertDispatcher}, which throttles per sink):
 *
 * <ul>
 *   <li>{@link DaemonEvent.ScanDetected}: a {@code scan} alert (again at each higher danger level);</li>
 *   <li>{@link DaemonEvent.BanAdded} of a brute-force ban (origin = a service): a {@code brute_force_ban}
 *       alert, sent when the ban is committed — so a decision the allowlist refused, or one about old lines
 *       whose ban is already over, never alerts as a ban. The failure count comes from the
 *       {@link DaemonEvent.BruteForceDetected} that preceded it; the length is the ban's own (the store's
 *       history may have made it longer than the detector's decision). Bans of scanners (origin
 *       {@code scan}) are covered by their scan alert;</li>
 *   <li>{@link DaemonEvent.BanRefused}: a {@code ban_refused} alert (an allowlisted address behaves like an
 *       attacker);</li>
 *   <li>{@link DaemonEvent.SourceError}: a {@code daemon_error} alert;</li>
 *   <li>{@link DaemonEvent.BanEnded}: nothing (a ban ending is the normal course).</li>
 * </ul>
 *
 * Runs on the daemon thread, except {@code SourceError}s of periodic tasks, which come from a task thread
 * and touch no state here; {@code sink} must be thread-safe and must not block.
 */
final class EventAlerts implements DaemonListener {
    /** Detections remembered until their ban is committed; more means lines whose bans never came. */
    private static final int MAX_PENDING = 10_000;

    private final Consumer<Alert> sink;
    private final Clock clock;
    private final Map<IpPrefix, DaemonEvent.BruteForceDetected> detected = new LinkedHashMap<>();

    EventAlerts(Consumer<Alert> sink, Clock clock) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void onEvent(DaemonEvent event) {
        if (event instanceof DaemonEvent.ScanDetected s) {
            sink.accept(Alerts.scan(s.scan(), clock.instant()));
        } else if (event instanceof DaemonEvent.BruteForceDetected b) {
            if (detected.size() >= MAX_PENDING) {
                detected.clear();
            }
            detected.put(b.decision().target(), b);
        } else if (event instanceof DaemonEvent.BanAdded a) {
            banAdded(a.ban());
        } else if (event instanceof DaemonEvent.BanRefused r) {
            detected.remove(r.ban().target());
            sink.accept(Alerts.banRefused(r.ban().target(), r.ban().origin(), r.ban().reason(), r.allowedNetwork(),
                    r.ban().added()));
        } else if (event instanceof DaemonEvent.SourceError e) {
            sink.accept(Alerts.daemonError(e.source(), e.message(), clock.instant()));
        } else if (event instanceof DaemonEvent.BanEnded) {
            return; // the normal end of a ban: no alert
        }
    }

    private void banAdded(Ban ban) {
        DaemonEvent.BruteForceDetected d = detected.remove(ban.target());
        if (ban.origin().equals("scan") || ban.expires() == null) {
            return; // scans alert by themselves; a ban without end is an admin's (rampart bans add)
        }
        int failures = d == null ? 0 : d.decision().failures();
        BanDecision decision = new BanDecision(ban.target(), ban.added(), Duration.between(ban.added(), ban.expires()),
                failures, ban.banNumber());
        String evidence = "reason: " + ban.reason() + "\n" + (d == null ? "" : "read from: " + d.source() + "\n");
        sink.accept(Alerts.ban(decision, ban.origin(), evidence));
    }
}
