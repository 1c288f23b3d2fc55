package dev.rampart.monitor.daemon;

import dev.rampart.model.net.IpPrefix;
import dev.rampart.monitor.alert.AlertSettings;
import dev.rampart.monitor.ban.BanSettings;
import dev.rampart.monitor.counters.CounterSettings;
import dev.rampart.monitor.detect.BruteForceSettings;
import dev.rampart.monitor.detect.ScanSettings;
import dev.rampart.monitor.drift.DriftSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code /etc/rampart/monitor.yaml}, checked (see {@link ConfigLoader}; every key and its default in
 * {@code docs/monitor.md}).
 *
 * @param database           the SQLite store ({@code /var/lib/rampart/rampart.db})
 * @param pollInterval       how often files are checked for new lines and rotation (100 ms)
 * @param checkpointInterval longest time between two checkpoint commits while lines arrive (1 s); a ban
 *                           commits at once
 * @param sources            what is followed
 * @param services           brute-force settings per service (sshd, nginx, apache, postfix, dovecot)
 * @param scan               the scan detector's settings
 * @param scanBan            whether and how long scanners are banned
 * @param bans               how bans reach the kernel
 * @param allowlist          never banned
 * @param metrics            where metrics are served (null: not served)
 * @param alerts             the {@code alerts:} section, checked ({@link AlertSettings#NONE} when absent: no sink)
 * @param drift              the {@code drift:} section, checked; null when absent (the daemon checks drift only
 *                           when the section is there, see docs/drift.md)
 * @param counters           the {@code counters:} section, checked ({@link CounterSettings#DEFAULTS} when absent)
 */
public record MonitorConfig(Path database, Duration pollInterval, Duration checkpointInterval,
                            List<SourceConfig> sources, Map<String, ServiceSettings> services, ScanSettings scan,
                            ScanBan scanBan, BanSettings bans, AllowlistSettings allowlist, Listen metrics,
                            AlertSettings alerts, DriftSettings drift,
                            CounterSettings counters) {

    /** Where the database lives unless configured. */
    public static final Path DEFAULT_DATABASE = Path.of("/var/lib/rampart/rampart.db");
    /** The services with a brute-force detector. */
    public static final List<String> SERVICES = List.of("sshd", "nginx", "apache", "postfix", "dovecot");

    public MonitorConfig {
        sources = List.copyOf(sources);
        services = Map.copyOf(services);
    }

    /** Brute force of one service: on or off, and its settings. */
    public record ServiceSettings(boolean enabled, BruteForceSettings bruteForce) {
    }

    /** Scanners reaching danger level {@code danger} (1..5; 0 = never) are banned for {@code time}. */
    public record ScanBan(int danger, Duration time) {
    }

    /** Configured networks, and whether the host's own addresses are added at start. */
    public record AllowlistSettings(List<IpPrefix> networks, boolean localAddresses) {
        public AllowlistSettings {
            networks = List.copyOf(networks);
        }
    }

    /** A TCP listening address. */
    public record Listen(String host, int port) {
    }
}
