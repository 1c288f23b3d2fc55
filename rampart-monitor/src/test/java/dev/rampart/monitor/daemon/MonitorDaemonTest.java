package dev.rampart.monitor.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.host.ProcessRunner;
import dev.rampart.monitor.ban.BanTargets;
import dev.rampart.monitor.metrics.DaemonMetrics;
import dev.rampart.monitor.store.Store;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon without the kernel ({@code bans.enabled: false}): what it decides, stores and reports, from
 * files and from the journal (recorded entries replayed by {@code fake-journalctl.py}).
 */
class MonitorDaemonTest {
    @TempDir
    Path dir;

    private static final DateTimeFormatter SYSLOG = DateTimeFormatter.ofPattern("MMM d HH:mm:ss", Locale.ROOT);

    private MonitorConfig config(String sources, String extra) {
        String yaml = "database: " + dir.resolve("r.db") + "\npoll_interval: 20ms\ncheckpoint_interval: 50ms\n"
                + "sources:\n" + sources + "bans: {enabled: false}\n"
                + (extra.contains("allowlist:") ? "" : "allowlist: {local_addresses: false}\n")
                + "metrics: {listen: off}\n" + extra;
        ConfigLoader.Result r = ConfigLoader.load("t.yaml", yaml);
        assertThat(r.diagnostics()).isEmpty();
        return r.config();
    }

    private static final class Running implements AutoCloseable {
        final MonitorDaemon daemon;
        final Store store;
        final DaemonMetrics metrics = new DaemonMetrics(new PrometheusRegistry());
        final List<DaemonEvent> events = Collections.synchronizedList(new ArrayList<>());
        final Thread thread;

        Running(MonitorConfig c) throws Exception {
            store = Store.open(c.database());
            daemon = new MonitorDaemon(c, new ProcessRunner(), store, metrics, Clock.systemUTC(), null);
            daemon.addListener(events::add);
            daemon.start();
            thread = new Thread(daemon::run);
            thread.start();
        }

        String metricsText() {
            return DaemonMetrics.text(metrics.registry());
        }

        @Override
        public void close() throws Exception {
            daemon.stop();
            assertThat(daemon.awaitStopped(10_000)).isTrue();
            daemon.close();
            store.close();
        }
    }

    private static void await(String what, BooleanSupplier c) throws InterruptedException {
        long end = System.currentTimeMillis() + 15_000;
        while (!c.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private static String now() {
        return SYSLOG.format(LocalDateTime.now());
    }

    @Test
    void scannersAreDetectedAndBannedFromTheConfiguredDangerLevel() throws Exception {
        Path kern = dir.resolve("kern.log");
        StringBuilder sb = new StringBuilder();
        for (int port = 20; port < 40; port++) {
            sb.append(now()).append(" fw kernel: [12345.678901] DROP IN=eth0 OUT= MAC=52:54:00:12:34:56:52:54:00:65:43:21:08:00")
                    .append(" SRC=203.0.113.66 DST=198.18.0.1 LEN=44 TOS=0x00 PREC=0x00 TTL=49 ID=1 PROTO=TCP SPT=41000 DPT=")
                    .append(port).append(" WINDOW=1024 RES=0x00 SYN URGP=0\n");
        }
        Files.writeString(kern, sb.toString());
        MonitorConfig c = config("  - file: " + kern + "\n    parser: kernel\n    start: beginning\n",
                "scan: {ban_danger: 2, ban_time: 30m}\n");
        try (Running d = new Running(c)) {
            await("the scan ban", () -> {
                try {
                    return d.store.ban("203.0.113.66") != null;
                } catch (java.sql.SQLException e) {
                    return false;
                }
            });
            assertThat(d.store.ban("203.0.113.66").origin()).isEqualTo("scan");
            assertThat(d.store.ban("203.0.113.66").reason()).contains("SYN").contains("danger 2");
            assertThat(d.events).filteredOn(e -> e instanceof DaemonEvent.ScanDetected).hasSizeGreaterThanOrEqualTo(2);
            await("all lines", () -> d.metricsText().contains("rampart_log_lines_read_total{source=\"" + kern + "\"} 20.0"));
            assertThat(d.metricsText()).contains("rampart_detections_total{detector=\"scan\",type=\"syn\"} 2.0");
        }
    }

    @Test
    void journalResumesAfterItsCursorAcrossADaemonRestart() throws Exception {
        Path rec = dir.resolve("journal.json");
        Files.copy(Path.of("src/test/resources/journal/sshd-and-kernel.json"), rec);
        String source = "  - journal: true\n    start: beginning\n    command: [python3, "
                + Path.of("src/test/resources/journal/fake-journalctl.py").toAbsolutePath() + ", " + rec + "]\n";
        MonitorConfig c = config(source, "bruteforce: {maxretry: 100}\n");
        try (Running d = new Running(c)) {
            await("11 entries committed", () -> lines(d.store) == 11);
        }
        // three more entries while the daemon is stopped; only they are read after the restart
        List<String> lines = Files.readAllLines(rec);
        StringBuilder more = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            more.append(lines.get(i).replace("i=1a0" + i + ";", "i=1c0" + i + ";")).append('\n');
        }
        Files.writeString(rec, more.toString(), StandardOpenOption.APPEND);
        try (Running d = new Running(c)) {
            await("14 entries committed", () -> lines(d.store) == 14);
            Thread.sleep(300);
            assertThat(lines(d.store)).isEqualTo(14);
            assertThat(d.metricsText()).contains("rampart_log_lines_read_total{source=\"journal\"} 3.0");
            assertThat(((dev.rampart.monitor.source.Checkpoint.JournalCheckpoint) d.store.checkpoint("journal")
                    .checkpoint()).cursor()).contains("i=1c02;");
        }
    }

    private static long lines(Store s) {
        try {
            Store.StoredCheckpoint c = s.checkpoint("journal");
            return c == null ? 0 : c.lines();
        } catch (java.sql.SQLException e) {
            return -1;
        }
    }

    @Test
    void bruteForceFromAFileIsStoredAndAllowlistAndNamesAreRespected() throws Exception {
        Path auth = dir.resolve("auth.log");
        Files.writeString(auth, "");
        MonitorConfig c = config("  - file: " + auth + "\n    start: beginning\n",
                "bruteforce: {maxretry: 2, bantime: 20m}\nallowlist: {networks: [198.51.100.0/24], local_addresses: false}\n");
        try (Running d = new Running(c)) {
            StringBuilder sb = new StringBuilder();
            for (String who : List.of("203.0.113.5", "198.51.100.9", "attacker.example")) {
                for (int i = 0; i < 2; i++) {
                    sb.append(now()).append(" srv sshd[77").append(i).append("]: Failed password for root from ")
                            .append(who).append(" port 4000").append(i).append(" ssh2\n");
                }
            }
            // an injected address in the user name never counts
            sb.append(now()).append(" srv sshd[800]: Invalid user x from 192.0.2.7 port 22 from 192.0.2.99 port 5 ssh2\n");
            Files.writeString(auth, sb.toString(), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            await("the refusal", () -> d.events.stream().anyMatch(e -> e instanceof DaemonEvent.BanRefused));
            await("the ban", () -> d.events.stream().anyMatch(e -> e instanceof DaemonEvent.BanAdded));
            await("all lines", () -> d.metricsText().contains("rampart_log_lines_read_total{source=\"" + auth + "\"} 7.0"));
            assertThat(d.store.bans()).extracting(b -> BanTargets.format(b.target())).containsExactly("203.0.113.5");
            Duration len = Duration.between(d.store.ban("203.0.113.5").added(), d.store.ban("203.0.113.5").expires());
            assertThat(len).isEqualTo(Duration.ofMinutes(20));
            assertThat(d.metricsText()).contains("rampart_bans_refused_total 1.0")
                    .contains("rampart_bans_active{family=\"ipv4\"} 1.0");
        }
    }

    @Test
    void repeatOffendersGetLongerBansAlsoAfterARestart() throws Exception {
        Path auth = dir.resolve("auth.log");
        Files.writeString(auth, "");
        MonitorConfig c = config("  - file: " + auth + "\n    start: beginning\n",
                "bruteforce: {maxretry: 2, bantime: 20m}\n");
        java.time.Instant now = java.time.Instant.now();
        // banned once before, by a previous run of the daemon: the history is in the store
        try (Store s = Store.open(c.database())) {
            s.transaction(tx -> {
                tx.upsertBan(new dev.rampart.monitor.ban.Ban(BanTargets.parse("203.0.113.5"), now.minusSeconds(7200),
                        now.minusSeconds(6000), "sshd", "earlier", 1));
                return null;
            });
        }
        try (Running d = new Running(c)) {
            assertThat(d.store.bans()).isEmpty(); // that ban expired while stopped
            Files.writeString(auth, now() + " srv sshd[1]: Failed password for root from 203.0.113.5 port 1 ssh2\n"
                    + now() + " srv sshd[2]: Failed password for root from 203.0.113.5 port 2 ssh2\n");
            await("the ban", () -> d.events.stream().anyMatch(e -> e instanceof DaemonEvent.BanAdded));
            dev.rampart.monitor.ban.Ban b = d.store.ban("203.0.113.5");
            assertThat(Duration.between(b.added(), b.expires())).as("second ban: bantime x 2").isEqualTo(
                    Duration.ofMinutes(40));
            assertThat(b.banNumber()).isEqualTo(2);
        }
    }

    @Test
    void ipv6OffendersAreBannedPerSlash64WhenConfigured() throws Exception {
        Path auth = dir.resolve("auth.log");
        Files.writeString(auth, "");
        MonitorConfig c = config("  - file: " + auth + "\n    start: beginning\n",
                "bruteforce: {maxretry: 3, ipv6_prefix: 64}\n");
        try (Running d = new Running(c)) {
            StringBuilder sb = new StringBuilder();
            for (String a : List.of("2001:db8:1:2::a", "2001:db8:1:2:ffff::1", "2001:db8:1:2::9")) {
                sb.append(now()).append(" srv sshd[3]: Failed password for root from ").append(a).append(" port 7 ssh2\n");
            }
            Files.writeString(auth, sb.toString());
            await("the ban", () -> d.events.stream().anyMatch(e -> e instanceof DaemonEvent.BanAdded));
            assertThat(d.store.bans()).extracting(b -> BanTargets.format(b.target())).containsExactly("2001:db8:1:2::/64");
            assertThat(d.metricsText()).contains("rampart_bans_active{family=\"ipv6\"} 1.0");
        }
    }

    @Test
    void bansWrittenByAnotherProcessAreSeenAndNeverUndone() throws Exception {
        MonitorConfig c = config("", "");
        try (Running d = new Running(c); Store cli = Store.open(c.database())) {
            java.time.Instant now = java.time.Instant.now();
            // what 'rampart bans add' does while the daemon runs: its own connection to the database
            cli.transaction(tx -> tx.upsertBan(new dev.rampart.monitor.ban.Ban(BanTargets.parse("192.0.2.200"), now,
                    now.plusSeconds(3600), "manual", "by hand", 1)));
            await("the gauge", () -> d.metricsText().contains("rampart_bans_active{family=\"ipv4\"} 1.0"));
            assertThat(d.store.ban("192.0.2.200")).isNotNull();
            cli.transaction(tx -> tx.deleteBan("192.0.2.200", "removed", java.time.Instant.now()));
            await("the gauge", () -> d.metricsText().contains("rampart_bans_active{family=\"ipv4\"} 0.0"));
            Thread.sleep(1200);
            assertThat(d.store.ban("192.0.2.200")).isNull();
            assertThat(d.store.countLog("removed")).isEqualTo(1);
        }
    }

    @Test
    void bansThatExpiredWhileStoppedAreDroppedAtStart() throws Exception {
        MonitorConfig c = config("", "");
        java.time.Instant now = java.time.Instant.now();
        try (Store s = Store.open(c.database())) {
            s.transaction(tx -> {
                tx.upsertBan(new dev.rampart.monitor.ban.Ban(BanTargets.parse("192.0.2.1"), now.minusSeconds(7200),
                        now.minusSeconds(60), "sshd", "old", 1));
                tx.upsertBan(new dev.rampart.monitor.ban.Ban(BanTargets.parse("192.0.2.2"), now.minusSeconds(60),
                        now.plusSeconds(3600), "sshd", "current", 1));
                return null;
            });
        }
        try (Running d = new Running(c)) {
            assertThat(d.store.bans()).extracting(b -> BanTargets.format(b.target())).containsExactly("192.0.2.2");
            assertThat(d.store.countLog("expired")).isEqualTo(1);
            assertThat(d.metricsText()).contains("rampart_bans_ended_total{reason=\"expired\"} 1.0")
                    .contains("rampart_bans_active{family=\"ipv4\"} 1.0");
        }
    }

    @Test
    void periodicTasksRunAndTheirFailuresBecomeEvents() throws Exception {
        MonitorConfig c = config("", "");
        try (Running d = new Running(c)) {
            AtomicInteger runs = new AtomicInteger();
            d.daemon.addPeriodicTask("drift", Duration.ofMillis(50), () -> {
                if (runs.incrementAndGet() == 2) {
                    throw new IllegalStateException("iptables-save failed");
                }
            });
            await("four runs", () -> runs.get() >= 4);
            assertThat(d.events).anyMatch(e -> e instanceof DaemonEvent.SourceError s && s.source().equals("drift")
                    && s.message().equals("iptables-save failed"));
        }
    }
}
