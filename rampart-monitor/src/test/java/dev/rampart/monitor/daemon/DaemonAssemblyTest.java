package dev.rampart.monitor.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.rampart.host.ProcessRunner;
import dev.rampart.model.Family;
import dev.rampart.monitor.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole daemon as {@code rampart monitor} assembles it ({@link DaemonAssembly}), without the kernel:
 * brute-force lines appended to a log file become bans in the store and alerts on a real webhook (an
 * HTTP server on 127.0.0.1), a flood of bans becomes one alert and one summary, held alerts go out at
 * shutdown, and the daemon's {@code /metrics} serves the alert, drift and rule counter metrics (the rule
 * counters read from a recorded {@code iptables-save -c} text). Bans are off ({@code bans.enabled: false}):
 * the kernel side is {@code MonitorDaemonIT}'s and {@code DaemonAssemblyIT}'s.
 */
class DaemonAssemblyTest {
    /** What {@code iptables-save -c} printed for a small host firewall. */
    static final String SAVED = """
            *filter
            :INPUT DROP [120:7200]
            :FORWARD DROP [0:0]
            :OUTPUT ACCEPT [900:54000]
            :ssh - [0:0]
            [10:600] -A INPUT -i lo -j ACCEPT
            [5:300] -A INPUT -p tcp -m tcp --dport 22 -m comment --comment "admin ssh" -j ssh
            [3:180] -A ssh -s 198.51.100.0/24 -j ACCEPT
            [4:240] -A ssh -j DROP
            COMMIT
            """;
    private static final DateTimeFormatter SYSLOG = DateTimeFormatter.ofPattern("MMM d HH:mm:ss", Locale.ROOT);

    @TempDir
    Path dir;

    HttpServer webhook;
    final List<JsonNode> alerts = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger counterReadings = new AtomicInteger();
    /** When set, the recorded iptables-save fails with this message. */
    volatile String counterFailure;
    Path log;

    @BeforeEach
    void webhook() throws IOException {
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hook", ex -> {
            alerts.add(new ObjectMapper().readTree(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        webhook.start();
        log = dir.resolve("auth.log");
        Files.writeString(log, "");
    }

    @AfterEach
    void stopWebhook() {
        webhook.stop(0);
    }

    private MonitorConfig config(String window, String extra) {
        return config(window, "", extra);
    }

    private MonitorConfig config(String window, String moreSources, String extra) {
        String yaml = "database: " + dir.resolve("r.db") + "\npoll_interval: 20ms\ncheckpoint_interval: 50ms\n"
                + "sources:\n  - file: " + log + "\n    parser: sshd\n    start: beginning\n" + moreSources
                + "bruteforce: {maxretry: 3, bantime: 10m, increment: false}\n"
                + "bans: {enabled: false}\n"
                + (extra.contains("allowlist:") ? "" : "allowlist: {local_addresses: false}\n")
                + "metrics: {listen: 127.0.0.1:0}\n"
                + "alerts:\n  window: " + window + "\n  burst: 10\n  per: 1m\n"
                + "  webhook: {url: \"http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook\", retries: 0}\n"
                + (extra.contains("counters:") ? "" : "counters: {families: [4]}\n") + extra;
        ConfigLoader.Result r = ConfigLoader.load("monitor.yaml", yaml);
        assertThat(r.diagnostics()).isEmpty();
        return r.config();
    }

    /** The assembled daemon on its own thread; {@link #close()} stops it as SIGTERM does. */
    private final class Running implements AutoCloseable {
        final DaemonAssembly daemon;
        final Store store;
        final Thread thread;
        boolean closed;

        Running(MonitorConfig c) throws Exception {
            store = Store.open(c.database());
            DaemonAssembly.Hooks hooks = new DaemonAssembly.Hooks(null, (family, table) -> {
                assertThat(family).isEqualTo(Family.IPV4);
                counterReadings.incrementAndGet();
                if (counterFailure != null) {
                    throw new IllegalStateException(counterFailure);
                }
                return SAVED;
            });
            daemon = new DaemonAssembly(c, new ProcessRunner(), store, Clock.systemUTC(), System.out, hooks,
                    Duration.ofSeconds(10));
            daemon.start();
            thread = new Thread(daemon::run, "daemon");
            thread.start();
        }

        String scrape() {
            try {
                return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + daemon.daemon().metricsPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        int bans() {
            try {
                return store.bans().size();
            } catch (SQLException e) {
                return -1;
            }
        }

        @Override
        public void close() throws Exception {
            if (closed) {
                return;
            }
            closed = true;
            daemon.stop();
            assertThat(daemon.awaitStopped(10_000)).isTrue();
            daemon.close();
            store.close();
        }
    }

    private void failures(String addr, int n) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(SYSLOG.format(LocalDateTime.now())).append(" srv sshd[").append(100 + i)
                    .append("]: Failed password for invalid user admin from ").append(addr).append(" port ")
                    .append(40000 + i).append(" ssh2\n");
        }
        Files.writeString(log, sb.toString(), StandardOpenOption.APPEND);
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

    private List<JsonNode> alertsOf(String kind) {
        synchronized (alerts) {
            return alerts.stream().filter(a -> a.get("kind").asText().equals(kind)).toList();
        }
    }

    @Test
    void bruteForceLinesBecomeABanAWebhookAlertAndMetrics() throws Exception {
        try (Running d = new Running(config("5m", ""))) {
            failures("203.0.113.9", 3);
            await("the ban", () -> d.bans() == 1);
            await("the webhook alert", () -> alertsOf("brute_force_ban").size() == 1);
            JsonNode a = alertsOf("brute_force_ban").get(0);
            assertThat(a.get("summary").asText()).isEqualTo("banned 203.0.113.9 for 10 min (sshd: 3 failures)");
            assertThat(a.get("source").asText()).isEqualTo("203.0.113.9");
            assertThat(a.get("severity").asText()).isEqualTo("warning");
            assertThat(a.get("details").asText()).contains("reason: 3 failures within 10m").contains("read from: " + log);
            assertThat(a.get("aggregated").asInt()).isZero();

            await("the send to be counted", () -> d.scrape().contains(
                    "rampart_alert_sends_total{result=\"ok\",sink=\"webhook\"} 1.0"));
            String m = d.scrape();
            assertThat(m).contains("rampart_bans_added_total{origin=\"sshd\"} 1.0")
                    // the kernel's counters, read through the collector registered on the daemon's registry
                    .contains("rampart_rule_packets_total{chain=\"INPUT\",comment=\"admin ssh\",family=\"ipv4\",rule=\"2\","
                            + "table=\"filter\"} 5.0")
                    .contains("rampart_rule_bytes_total{chain=\"ssh\",comment=\"\",family=\"ipv4\",rule=\"2\","
                            + "table=\"filter\"} 240.0")
                    .contains("rampart_policy_packets_total{chain=\"INPUT\",family=\"ipv4\",table=\"filter\"} 120.0")
                    .contains("rampart_rule_counters_rules 4.0")
                    .contains("# TYPE rampart_rule_counters_sample_errors_total counter");
            // on_scrape: scrapes within max_age (15 s) share one reading
            assertThat(counterReadings.get()).isEqualTo(1);
            // no drift: section absent
            assertThat(m).doesNotContain("rampart_drift_checks_total");
        }
    }

    @Test
    void aFloodOfBansIsOneAlertAndOneSummaryNotOneCallPerBan() throws Exception {
        int offenders = 40;
        try (Running d = new Running(config("2s", ""))) {
            // a periodic task that takes long (a drift check on a big ruleset) must not hold the summaries back
            d.daemon.daemon().addPeriodicTask("slow", Duration.ZERO, Duration.ofMinutes(1), () -> {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            for (int i = 1; i <= offenders; i++) {
                failures("192.0.2." + i, 3);
            }
            await("every ban", () -> d.bans() == offenders);
            long bannedAt = System.nanoTime();
            await("the summary", () -> alertsOf("brute_force_ban").size() == 2);
            assertThat(Duration.ofNanos(System.nanoTime() - bannedAt)).as("summary after the 2 s window, not after the"
                    + " slow task").isLessThan(Duration.ofSeconds(6));
            Thread.sleep(3_000); // a further window: nothing more is due
            List<JsonNode> sent = alertsOf("brute_force_ban");
            assertThat(alerts).as("webhook calls").hasSize(2);
            assertThat(sent.get(0).get("aggregated").asInt()).isZero();
            assertThat(sent.get(1).get("aggregated").asInt()).isEqualTo(offenders - 1);
            // the summary goes out at the first tick (every second) after the 2 s window
            assertThat(sent.get(1).get("summary").asText()).matches((offenders - 1)
                    + " more brute-force bans in the last [23] s");
            assertThat(sent.get(1).get("details").asText()).contains("banned 192.0.2.").contains("... and 19 more");
            String m = d.scrape();
            assertThat(m).contains("rampart_alert_sends_total{result=\"ok\",sink=\"webhook\"} 2.0")
                    .contains("rampart_alerts_suppressed_total{kind=\"brute_force_ban\",reason=\"aggregated\","
                            + "sink=\"webhook\"} " + (offenders - 1) + ".0")
                    .contains("rampart_bans_added_total{origin=\"sshd\"} " + offenders + ".0");
        }
    }

    @Test
    void alertsHeldWhenTheDaemonStopsGoOutAsASummary() throws Exception {
        Running d = new Running(config("1h", ""));
        try {
            for (int i = 1; i <= 5; i++) {
                failures("198.51.100." + i, 3);
            }
            await("every ban", () -> d.bans() == 5);
            await("the first alert", () -> alertsOf("brute_force_ban").size() == 1);
            Thread.sleep(500);
            assertThat(alertsOf("brute_force_ban")).as("the rest is held for the 1 h window").hasSize(1);
        } finally {
            d.close(); // as on SIGTERM
        }
        List<JsonNode> sent = alertsOf("brute_force_ban");
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).get("aggregated").asInt()).isEqualTo(4);
    }

    @Test
    void scheduleModeReadsTheCountersWithoutScrapesAndDisabledCountersAreNotServed() throws Exception {
        try (Running d = new Running(config("5m", "counters: {mode: schedule, max_age: 1s, families: [4]}\n"))) {
            await("three readings by the daemon's schedule", () -> counterReadings.get() >= 3);
            int before = counterReadings.get();
            String m = d.scrape();
            assertThat(m).contains("rampart_rule_counters_rules 4.0");
            assertThat(counterReadings.get()).as("a scrape serves the last reading").isLessThanOrEqualTo(before + 1);
        }
        counterReadings.set(0);
        try (Running d = new Running(config("5m", "counters: {enabled: false}\n"))) {
            assertThat(d.scrape()).contains("rampart_bans_active{family=\"ipv4\"} 0.0").doesNotContain("rampart_rule_");
            Thread.sleep(1_500);
            assertThat(counterReadings.get()).isZero();
        }
    }

    @Test
    void aPortScanInTheKernelLogIsAScanAlert() throws Exception {
        Path kern = dir.resolve("kern.log");
        StringBuilder sb = new StringBuilder();
        for (int port = 20; port < 40; port++) {
            sb.append(SYSLOG.format(LocalDateTime.now())).append(" fw kernel: [12345.678901] DROP IN=eth0 OUT= ")
                    .append("MAC=52:54:00:12:34:56:52:54:00:65:43:21:08:00 SRC=203.0.113.66 DST=198.18.0.1 LEN=44 TOS=0x00")
                    .append(" PREC=0x00 TTL=49 ID=1 PROTO=TCP SPT=41000 DPT=").append(port)
                    .append(" WINDOW=1024 RES=0x00 SYN URGP=0\n");
        }
        Files.writeString(kern, sb.toString());
        String source = "  - file: " + kern + "\n    parser: kernel\n    start: beginning\n";
        try (Running d = new Running(config("5m", source, ""))) {
            await("the scan alert", () -> alertsOf("scan").size() == 1);
            JsonNode a = alertsOf("scan").get(0);
            assertThat(a.get("source").asText()).isEqualTo("203.0.113.66");
            assertThat(a.get("summary").asText()).contains("SYN").contains("from 203.0.113.66 (danger level 1");
            assertThat(a.get("severity").asText()).isEqualTo("info");
            // the scan reaches danger level 2 too (15 packets): a second scan alert, held by the 5 min window
            await("the held alert", () -> d.scrape().contains("rampart_alerts_suppressed_total{kind=\"scan\","
                    + "reason=\"aggregated\",sink=\"webhook\"} 1.0"));
            assertThat(alertsOf("scan")).hasSize(1);
            assertThat(d.bans()).as("scan.ban_danger 0: scans are not banned").isZero();
        }
    }

    @Test
    void aFailingCounterReadingIsAlertedOnceNotAtEveryScrape() throws Exception {
        counterFailure = "iptables-save: Permission denied (you must be root)";
        try (Running d = new Running(config("5m", "counters: {max_age: 1s, families: [4]}\n"))) {
            assertThat(d.scrape()).contains("rampart_rule_counters_sample_errors_total 1.0")
                    .doesNotContain("rampart_rule_packets_total{");
            await("the daemon error alert", () -> alertsOf("daemon_error").size() == 1);
            assertThat(alertsOf("daemon_error").get(0).get("summary").asText())
                    .isEqualTo("counters: reading the rule counters failed: iptables-save: Permission denied (you must"
                            + " be root)");
            for (int i = 0; i < 4; i++) {
                Thread.sleep(2_000);
                d.scrape(); // further failed readings (after the collector's backoff): the same failure
            }
            assertThat(counterReadings.get()).isGreaterThan(1);
            assertThat(alertsOf("daemon_error")).hasSize(1);
        }
    }

    @Test
    void refusedBansAndDriftWithoutApprovedStateAlert() throws Exception {
        String extra = "allowlist: {networks: [203.0.113.0/24], local_addresses: false}\n"
                + "drift: {interval: 1h}\n";
        try (Running d = new Running(config("5m", extra))) {
            // the first drift check runs at start; no drift.approved and no history: it fails and says why
            await("the drift error alert", () -> alertsOf("daemon_error").size() == 1);
            assertThat(alertsOf("daemon_error").get(0).get("summary").asText())
                    .contains("no approved state: set drift.approved");
            failures("203.0.113.50", 3);
            await("the refusal alert", () -> alertsOf("ban_refused").size() == 1);
            assertThat(alertsOf("ban_refused").get(0).get("summary").asText())
                    .isEqualTo("not banning 203.0.113.50 (sshd: 3 failures within 10m): allowlisted by 203.0.113.0/24");
            assertThat(d.bans()).isZero();
            assertThat(alertsOf("brute_force_ban")).isEmpty();
            assertThat(d.scrape()).contains("rampart_drift_checks_total{result=\"error\"} 1.0")
                    .contains("rampart_bans_refused_total 1.0");
        }
    }
}
