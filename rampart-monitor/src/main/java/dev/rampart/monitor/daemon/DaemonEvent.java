package dev.rampart.monitor.daemon;

import dev.rampart.monitor.ban.Ban;
import dev.rampart.monitor.detect.BanDecision;
import dev.rampart.monitor.detect.ScanDetection;
import java.time.Instant;

/**
 * What the daemon tells its {@link DaemonListener}s (alerts, dashboards): detections, bans added and
 * bans ended, problems with a source. Delivered on the daemon's thread after the effects were committed.
 */
public sealed interface DaemonEvent {

    /** A port scan, protocol scan or sweep attributed to a source (again at each higher danger level). */
    record ScanDetected(String source, ScanDetection scan) implements DaemonEvent {
    }

    /** A brute-force offender of {@code service}, as read from {@code source}. */
    record BruteForceDetected(String source, String service, BanDecision decision) implements DaemonEvent {
    }

    /** A ban that started or was extended ({@code extended}). */
    record BanAdded(Ban ban, boolean extended) implements DaemonEvent {
    }

    /** A ban that ended: {@code expired}, or {@code removed} by an admin. */
    record BanEnded(Ban ban, boolean expired, Instant at) implements DaemonEvent {
    }

    /** A ban the allowlist refused (the decision stands in the history, the kernel was not told). */
    record BanRefused(Ban ban, String allowedNetwork) implements DaemonEvent {
    }

    /** A source could not be read, a ban could not reach the kernel, ... ({@code source} names what failed). */
    record SourceError(String source, String message) implements DaemonEvent {
    }
}
