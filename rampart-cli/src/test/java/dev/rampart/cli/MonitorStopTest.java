package dev.rampart.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
}
