package dev.rampart.monitor.alert;

import java.util.Locale;

/** What an alert is about. Alerts of one kind are aggregated together when they come in bursts. */
public enum AlertKind {
    /** A port scan was detected ({@code dev.rampart.monitor.detect.ScanDetector}). */
    SCAN("scan", "scans"),
    /** A source was banned for brute force. */
    BRUTE_FORCE_BAN("brute-force ban", "brute-force bans"),
    /** A ban decision the allowlist refused: an allowlisted address behaved like an attacker. */
    BAN_REFUSED("refused ban", "refused bans"),
    /** The live firewall drifted from the approved state. */
    DRIFT("drift", "drift reports"),
    /** The daemon itself failed at something (a source, a ban, a reading). */
    DAEMON_ERROR("daemon error", "daemon errors");

    private final String words;
    private final String plural;

    AlertKind(String words, String plural) {
        this.words = words;
        this.plural = plural;
    }

    /** The kind in words ({@code brute-force ban}). */
    public String words() {
        return words;
    }

    /** The plural in words ({@code brute-force bans}), for aggregated summaries. */
    public String plural() {
        return plural;
    }

    /** The id in JSON, metrics and syslog: {@code scan}, {@code brute_force_ban}, {@code ban_refused}, {@code drift}, {@code daemon_error}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
