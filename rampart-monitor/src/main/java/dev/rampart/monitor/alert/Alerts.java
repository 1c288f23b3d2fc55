package dev.rampart.monitor.alert;

import dev.rampart.model.net.IpAddress;
import dev.rampart.model.net.IpPrefix;
import dev.rampart.monitor.detect.BanDecision;
import dev.rampart.monitor.detect.ScanDetection;
import java.time.Duration;
import java.time.Instant;

/**
 * The alerts for the detectors' decisions, worded once so that every sink says the same thing.
 * Severity: a scan at danger level 1–2 is info, 3–5 warning; a ban is warning.
 */
public final class Alerts {
    private Alerts() {
    }

    /** The alert for a scan detection ({@code now} is used when the log lines had no time). */
    public static Alert scan(ScanDetection d, Instant now) {
        AlertSeverity sev = d.danger() >= 3 ? AlertSeverity.WARNING : AlertSeverity.INFO;
        String ports = d.lowPort() < 0 ? "" : d.lowPort() == d.highPort() ? ", port " + d.lowPort()
                : ", ports " + d.lowPort() + "-" + d.highPort();
        String summary = d.type().description() + " from " + d.source() + " (danger level " + d.danger() + ", "
                + d.packets() + " packets, " + d.ports() + " port" + (d.ports() == 1 ? "" : "s") + ", " + d.hosts()
                + " host" + (d.hosts() == 1 ? "" : "s") + ports + ")";
        String details = "type: " + d.type().description() + " (" + d.type().tool() + ")\n"
                + "first probe: " + (d.first() == null ? "unknown" : d.first()) + "\n"
                + "last probe: " + (d.last() == null ? "unknown" : d.last()) + "\n";
        return Alert.of(AlertKind.SCAN, sev, summary, details, d.last() != null ? d.last() : now, d.source());
    }

    /**
     * The alert for a ban: {@code service} is the jail ({@code sshd}, {@code nginx-http-auth}, ...),
     * {@code evidence} a few of the log lines that counted (may be empty).
     */
    public static Alert ban(BanDecision b, String service, String evidence) {
        IpPrefix t = b.target();
        boolean single = t.length() == t.family().bits();
        String target = single ? t.addressText() : t.toString();
        String summary = "banned " + target + " for " + words(b.duration()) + " (" + service + ": " + b.failures()
                + " failure" + (b.failures() == 1 ? "" : "s") + (b.banNumber() > 1 ? ", ban #" + b.banNumber() : "") + ")";
        String details = "until: " + b.until() + "\n" + (evidence == null ? "" : evidence);
        IpAddress source = single ? IpAddress.parse(t.addressText()) : null;
        return Alert.of(AlertKind.BRUTE_FORCE_BAN, AlertSeverity.WARNING, summary, details, b.at(), source);
    }

    /**
     * The alert for a ban the allowlist refused: {@code target} (an address or network) would have been
     * banned by {@code origin} for {@code reason}, but shares addresses with the allowlisted
     * {@code allowedBy}. A warning: an address the admin trusts behaves like an attacker (a compromised
     * host, or monitoring that logs in with a wrong password).
     */
    public static Alert banRefused(IpPrefix target, String origin, String reason, String allowedBy, Instant time) {
        boolean single = target.length() == target.family().bits();
        String t = single ? target.addressText() : target.toString();
        String summary = "not banning " + t + " (" + origin + ": " + reason + "): allowlisted by " + allowedBy;
        IpAddress source = single ? IpAddress.parse(t) : null;
        return Alert.of(AlertKind.BAN_REFUSED, AlertSeverity.WARNING, summary.replaceAll("[\\r\\n]+", " "),
                "allowlist entry: " + allowedBy + "\n", time, source);
    }

    /** The alert for a failure of the daemon itself ({@code what} failed, {@code error} says how). */
    public static Alert daemonError(String what, String error, Instant now) {
        String line = (what + ": " + error).replaceAll("[\\r\\n]+", " ");
        return Alert.of(AlertKind.DAEMON_ERROR, AlertSeverity.CRITICAL, line, error, now, null);
    }

    /** {@code 10 min}, {@code 2 h}, {@code 7 d}, {@code 45 s}. */
    static String words(Duration d) {
        long s = d.getSeconds();
        if (s % 86_400 == 0 && s > 0) {
            return s / 86_400 + " d";
        }
        if (s % 3600 == 0 && s > 0) {
            return s / 3600 + " h";
        }
        if (s % 60 == 0 && s > 0) {
            return s / 60 + " min";
        }
        return s + " s";
    }
}
