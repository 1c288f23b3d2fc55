package dev.rampart.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.cli.Main;
import dev.rampart.host.ProcessRunner;
import dev.rampart.host.StreamingProcess;
import dev.rampart.monitor.store.Store;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rampart monitor} as a real process stopped with SIGTERM: the lines it read are committed on the
 * way out although the checkpoint interval (1 h here) never came, and the exit is clean. Bans are off, so
 * no root is needed.
 */
class MonitorStopTest {
    @TempDir
    Path dir;

    @Test
    void sigtermCommitsTheLastCheckpoint() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = dir.resolve("auth.log");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            sb.append("Nov 22 05:20:00 srv sshd[1").append(i).append("]: Failed password for root from 192.0.2.")
                    .append(i % 200 + 1).append(" port 4").append(i).append(" ssh2\n");
        }
        Files.writeString(log, sb.toString());
        Path db = dir.resolve("r.db");
        Path config = dir.resolve("monitor.yaml");
        Files.writeString(config, "database: " + db + "\ncheckpoint_interval: 1h\nsources:\n  - file: " + log
                + "\n    start: beginning\nbruteforce: {maxretry: 1000}\nbans: {enabled: false}\n"
                + "metrics: {listen: 127.0.0.1:" + port + "}\n"
                + "counters: {enabled: false}\n"); // scrapes would run iptables-save on the build host
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        StreamingProcess p = StreamingProcess.start(new ProcessRunner(), List.of(java, "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "monitor", "--config", config.toString()));
        int status;
        try {
            String body = "";
            long end = System.currentTimeMillis() + 30_000;
            while (!body.contains("rampart_log_lines_read_total{source=\"" + log + "\"} 500.0")
                    && System.currentTimeMillis() < end) {
                Thread.sleep(100);
                try {
                    body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
                } catch (java.io.IOException notYet) {
                    body = "";
                }
            }
            assertThat(body).contains("rampart_log_lines_read_total{source=\"" + log + "\"} 500.0");
            try (Store s = Store.open(db)) {
                assertThat(s.checkpoint(log.toString())).as("nothing committed before the stop").isNull();
            }
        } finally {
            p.close(); // SIGTERM
            status = p.waitFor(10_000);
        }
        try (Store s = Store.open(db)) {
            assertThat(s.checkpoint(log.toString())).as("committed on the way out; stderr: %s", p.stderrTail())
                    .isNotNull();
        }
        assertThat(p.stderrTail()).as("status %d", status).contains("rampart monitor: stopped, checkpoints committed");
        // 143 = 128 + SIGTERM: the JVM's status after a signal-initiated shutdown; systemd counts it as clean
        assertThat(status).isEqualTo(143);
        try (Store s = Store.open(db)) {
            assertThat(s.checkpoint(log.toString()).lines()).isEqualTo(500);
        }
    }

    /**
     * Alerts held by the throttle when SIGTERM comes go out on the way out: five brute-force bans, the first
     * alerted at once, the other four held for the 1 h window and sent as one summary during the stop.
     */
    @Test
    void sigtermSendsTheHeldAlerts() throws Exception {
        List<String> bodies = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        com.sun.net.httpserver.HttpServer hook = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        hook.start();
        try {
            Path log = dir.resolve("auth.log");
            StringBuilder sb = new StringBuilder();
            String now = java.time.format.DateTimeFormatter.ofPattern("MMM d HH:mm:ss", java.util.Locale.ROOT)
                    .format(java.time.LocalDateTime.now());
            for (int i = 0; i < 10; i++) {
                sb.append(now).append(" srv sshd[1").append(i).append("]: Failed password for root from 192.0.2.")
                        .append(i % 5 + 1).append(" port 4").append(i).append(" ssh2\n");
            }
            Files.writeString(log, sb.toString());
            Path db = dir.resolve("r.db");
            Path config = dir.resolve("monitor.yaml");
            Files.writeString(config, "database: " + db + "\nsources:\n  - file: " + log + "\n    start: beginning\n"
                    + "bruteforce: {maxretry: 2}\nbans: {enabled: false}\nallowlist: {local_addresses: false}\n"
                    + "metrics: {listen: off}\ncounters: {enabled: false}\n"
                    + "alerts:\n  window: 1h\n  webhook: {url: \"http://127.0.0.1:" + hook.getAddress().getPort()
                    + "/hook\"}\n");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            StreamingProcess p = StreamingProcess.start(new ProcessRunner(), List.of(java, "-cp",
                    System.getProperty("java.class.path"), Main.class.getName(), "monitor", "--config", config.toString()));
            int status;
            try {
                long end = System.currentTimeMillis() + 30_000;
                while (countBans(db) < 5 && System.currentTimeMillis() < end) {
                    Thread.sleep(100);
                }
                assertThat(countBans(db)).as("stderr: %s", p.stderrTail()).isEqualTo(5);
                Thread.sleep(500);
                assertThat(bodies).as("one alert, four held").hasSize(1);
            } finally {
                p.close(); // SIGTERM
                status = p.waitFor(40_000);
            }
            assertThat(status).as("stderr: %s", p.stderrTail()).isEqualTo(143);
            assertThat(bodies).hasSize(2);
            assertThat(bodies.get(1)).contains("\"summary\":\"4 more brute-force bans in the last ")
                    .contains("\"aggregated\":4");
        } finally {
            hook.stop(0);
        }
    }

    private static int countBans(Path db) throws java.sql.SQLException {
        if (!Files.exists(db)) {
            return 0;
        }
        try (Store s = Store.open(db)) {
            return s.bans().size();
        }
    }
}
