package dev.rampart.monitor.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.rampart.host.LiveRuleset;
import dev.rampart.host.Netns;
import dev.rampart.host.ProcessRunner;
import dev.rampart.host.RootRequirement;
import dev.rampart.model.Family;
import dev.rampart.monitor.store.Store;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The assembled daemon against the kernel of a throwaway network namespace (its ipset, iptables-save
 * and the drift check's save commands run with {@code ip netns exec}): a brute-force offender ends up in
 * the kernel's ban set and on the webhook; the rule counters of the namespace's ruleset are served on
 * {@code /metrics}; a rule inserted with {@code ip netns exec NS iptables -I INPUT ...} while the daemon
 * runs becomes a critical drift alert at the next periodic check, while the daemon's own ban rule is no
 * drift ({@code rampart-bans} is expected by default).
 */
class DaemonAssemblyIT {
    static final String APPROVED = """
            *filter
            :INPUT DROP [0:0]
            :FORWARD DROP [0:0]
            :OUTPUT ACCEPT [0:0]
            -A INPUT -i lo -j ACCEPT
            -A INPUT -p tcp -m tcp --dport 22 -m comment --comment "ssh" -j ACCEPT
            COMMIT
            """;
    private static final DateTimeFormatter SYSLOG = DateTimeFormatter.ofPattern("MMM d HH:mm:ss", Locale.ROOT);

    @TempDir
    Path dir;

    HttpServer webhook;
    final List<JsonNode> alerts = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void webhook() throws IOException {
        RootRequirement.requireRoot();
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hook", ex -> {
            alerts.add(new ObjectMapper().readTree(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        webhook.start();
    }

    @AfterEach
    void stopWebhook() {
        if (webhook != null) {
            webhook.stop(0);
        }
    }

    private List<JsonNode> alertsOf(String kind) {
        synchronized (alerts) {
            return alerts.stream().filter(a -> a.get("kind").asText().equals(kind)).toList();
        }
    }

    private static void await(String what, long millis, BooleanSupplier c) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (!c.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private static String scrape(int port) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    @Test
    void bansAlertsRuleCountersAndADriftAlertFromTheKernel() throws Exception {
        Path approved = Files.createDirectories(dir.resolve("approved"));
        Files.writeString(approved.resolve("rules.v4"), APPROVED);
        Path log = dir.resolve("auth.log");
        Files.writeString(log, "");
        String yaml = "database: " + dir.resolve("r.db") + "\npoll_interval: 50ms\n"
                + "sources:\n  - file: " + log + "\n    parser: sshd\n    start: beginning\n"
                + "bruteforce: {maxretry: 3, bantime: 10m, increment: false}\n"
                + "allowlist: {local_addresses: false}\n"
                + "metrics: {listen: 127.0.0.1:0}\n"
                + "alerts:\n  webhook: {url: \"http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook\"}\n"
                + "drift: {interval: 10s, approved: " + approved + "}\n"
                + "counters: {tables: [filter], families: [4]}\n";
        ConfigLoader.Result r = ConfigLoader.load("monitor.yaml", yaml);
        assertThat(r.diagnostics()).isEmpty();
        MonitorConfig c = r.config();
        try (Netns ns = Netns.create(new ProcessRunner(), "rampart-x-")) {
            new LiveRuleset(ns.runner()).load(Family.IPV4, APPROVED, false);
            try (Store store = Store.open(c.database())) {
                DaemonAssembly d = new DaemonAssembly(c, ns.runner(), store, Clock.systemUTC(), System.out,
                        DaemonAssembly.Hooks.NONE, Duration.ofSeconds(10));
                d.start();
                Thread loop = new Thread(d::run, "daemon");
                loop.start();
                try {
                    int port = d.daemon().metricsPort();
                    // the first drift check runs at start: the daemon's own ban rule is expected, no drift
                    await("the first drift check", 15_000, () -> scrape(port)
                            .contains("rampart_drift_checks_total{result=\"ok\"} 1.0"));
                    String m = scrape(port);
                    assertThat(m).contains("rampart_drift 0.0")
                            .contains("rampart_rule_packets_total{chain=\"INPUT\",comment=\"ssh\",family=\"ipv4\","
                                    + "rule=\"3\",table=\"filter\"} 0.0")
                            .contains("rampart_rule_packets_total{chain=\"INPUT\",comment=\"rampart: banned sources\","
                                    + "family=\"ipv4\",rule=\"1\",table=\"filter\"} 0.0")
                            .contains("rampart_policy_packets_total{chain=\"INPUT\",family=\"ipv4\",table=\"filter\"}");

                    // a brute-force offender: banned in the kernel's set, and a webhook alert
                    StringBuilder sb = new StringBuilder();
                    for (int i = 0; i < 3; i++) {
                        sb.append(SYSLOG.format(LocalDateTime.now())).append(" srv sshd[4").append(i)
                                .append("]: Failed password for root from 203.0.113.77 port 5000").append(i)
                                .append(" ssh2\n");
                    }
                    Files.writeString(log, sb.toString(), StandardOpenOption.APPEND);
                    await("the kernel ban", 10_000, () -> ns.exec("ipset", "test", "rampart-ban4", "203.0.113.77")
                            .succeeded());
                    await("the ban alert", 10_000, () -> alertsOf("brute_force_ban").size() == 1);
                    assertThat(alertsOf("brute_force_ban").get(0).get("source").asText()).isEqualTo("203.0.113.77");

                    // someone opens telnet by hand: the next periodic check alerts, critical (packets change fate)
                    ns.check("iptables", "-I", "INPUT", "2", "-p", "tcp", "--dport", "23", "-j", "ACCEPT");
                    await("the drift alert", 25_000, () -> alertsOf("drift").size() == 1);
                    JsonNode drift = alertsOf("drift").get(0);
                    assertThat(drift.get("severity").asText()).isEqualTo("critical");
                    assertThat(drift.get("details").asText()).contains("--dport 23").contains(approved.toString());
                    await("the drift gauge", 5_000, () -> scrape(port).contains("rampart_drift 1.0"));
                    assertThat(scrape(port)).contains("rampart_drift_checks_total{result=\"drift\"} 1.0")
                            .contains("rampart_alert_sends_total{result=\"ok\",sink=\"webhook\"} 2.0");
                    assertThat(alertsOf("daemon_error")).isEmpty();
                } finally {
                    d.stop();
                    assertThat(d.awaitStopped(10_000)).isTrue();
                    d.close();
                }
            }
        }
    }
}
