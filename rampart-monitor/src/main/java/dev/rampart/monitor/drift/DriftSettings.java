package dev.rampart.monitor.drift;

import dev.rampart.monitor.settings.SectionReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The {@code drift:} section of {@code /etc/rampart/monitor.yaml}.
 *
 * <pre>
 * drift:
 *   enabled: true
 *   interval: 5m            # how often the daemon compares the live firewall with the approved state
 *   approved: /etc/rampart/approved   # directory with rules.v4, rules.v6, ipsets (absent: the apply history)
 *   expect: [rampart-bans, docker, "chain:CUSTOM-*"]
 *   timeout: 60s            # per iptables-save / ipset save call
 *   semantic_max_rules: 50000   # packet comparison of a drifted family only up to this many rules
 * </pre>
 *
 * @param enabled  whether the daemon checks at all
 * @param interval time between two checks (at least 10 s)
 * @param approved the approved-state directory ({@link ApprovedFiles#directory}), or null for the apply history
 * @param expect   the expected changes (presets and patterns); default {@code rampart-bans}
 * @param timeout  longest time one save command may take
 * @param semanticMaxRules above this many rules (approved and live together, expected parts removed) a
 *                 drifted family gets only the structural differences, not the packet comparison
 */
public record DriftSettings(boolean enabled, Duration interval, Path approved, ExpectedChanges expect,
                            Duration timeout, int semanticMaxRules) {

    /** Default time between checks: 5 minutes. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);
    /** Default expected changes: the monitor's own ban sets. */
    public static final List<String> DEFAULT_EXPECT = List.of("rampart-bans");
    /** Default timeout per save command: 60 seconds (a 320k-rule ruleset saves in a few seconds). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /** The defaults (enabled, every 5 min, history, {@code rampart-bans}). */
    public static final DriftSettings DEFAULTS = new DriftSettings(true, DEFAULT_INTERVAL, null,
            ExpectedChanges.parse(DEFAULT_EXPECT), DEFAULT_TIMEOUT, DriftCheck.DEFAULT_SEMANTIC_MAX_RULES);

    /** Reads the section (problems go to the reader's diagnostics; bad values keep their defaults). */
    public static DriftSettings read(SectionReader r) {
        boolean enabled = r.bool("enabled", true);
        Duration interval = r.duration("interval", DEFAULT_INTERVAL, Duration.ofSeconds(10), Duration.ofDays(1));
        String approved = r.string("approved", null);
        List<String> words = r.strings("expect", DEFAULT_EXPECT);
        ExpectedChanges expect = ExpectedChanges.parse(DEFAULT_EXPECT);
        try {
            expect = ExpectedChanges.parse(words);
        } catch (IllegalArgumentException e) {
            r.problem("expect", e.getMessage(), "presets: " + String.join(", ", ExpectedChanges.PRESETS.keySet().stream().sorted().toList()));
        }
        Duration timeout = r.duration("timeout", DEFAULT_TIMEOUT, Duration.ofSeconds(1), Duration.ofMinutes(30));
        int semantic = (int) r.integer("semantic_max_rules", DriftCheck.DEFAULT_SEMANTIC_MAX_RULES, 0, 10_000_000);
        r.finish();
        return new DriftSettings(enabled, interval, approved == null ? null : Path.of(approved), expect, timeout,
                semantic);
    }
}
