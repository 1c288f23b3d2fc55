package dev.rampart.monitor.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.host.ProcessRunner;
import dev.rampart.host.StreamingProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory under a flood of distinct sources, through the whole daemon: a child JVM with a capped heap
 * ({@value #HEAP}) follows a "journal" ({@link FloodJournalMain}) of {@code rampart.flood.sources}
 * (default 1,000,000; docs/monitor.md records a 10,000,000 run) sshd failures, each from a distinct
 * source. The daemon must read them all without running out of heap, its brute-force detector must stay
 * at its bound and count the rest as evictions (the metric), and the largest heap after a GC (from the
 * child's GC log) is printed. No root needed: bans are off.
 */
class FloodIT {
    static final String HEAP = "-Xmx96m";
    private static final int MAX_TRACKED = 100_000;

    @TempDir
    Path dir;

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static double metric(String text, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " ([0-9.E+]+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    @Test
    void heapStaysUnderTheCapAndEvictionsAreCounted() throws Exception {
        long sources = Long.getLong("rampart.flood.sources", 1_000_000L);
        int port = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        Path config = dir.resolve("monitor.yaml");
        Files.writeString(config, "database: " + dir.resolve("r.db") + "\nsources:\n  - journal: true\n"
                + "    start: beginning\n    command: [" + java + ", -Xmx64m, -cp, '" + cp + "', "
                + FloodJournalMain.class.getName() + ", '" + sources + "']\n"
                + "bruteforce: {max_tracked: " + MAX_TRACKED + "}\nbans: {enabled: false}\n"
                + "allowlist: {local_addresses: false}\nmetrics: {listen: 127.0.0.1:" + port + "}\n");
        Path gc = dir.resolve("gc.log");
        HttpClient http = HttpClient.newHttpClient();
        String text = "";
        long t0 = System.nanoTime();
        try (StreamingProcess daemon = StreamingProcess.start(new ProcessRunner(), List.of(java, HEAP,
                "-Xlog:gc:file=" + gc, "-cp", cp, DaemonProcessMain.class.getName(), config.toString()))) {
            Thread drain = new Thread(() -> {
                try {
                    while (daemon.readLine() != null) {
                        // start-up messages
                    }
                } catch (IOException e) {
                    // ended
                }
            });
            drain.setDaemon(true);
            drain.start();
            long end = System.currentTimeMillis() + 600_000;
            while (System.currentTimeMillis() < end) {
                Thread.sleep(500);
                assertThat(daemon.isAlive()).as("daemon alive (no OutOfMemoryError): %s", daemon.stderrTail()).isTrue();
                try {
                    text = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                } catch (IOException e) {
                    continue; // not listening yet
                }
                if (metric(text, "rampart_log_lines_read_total{source=\"journal\"}") >= sources) {
                    break;
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(metric(text, "rampart_log_lines_read_total{source=\"journal\"}")).isEqualTo((double) sources);
        assertThat(metric(text, "rampart_detector_tracked_sources{detector=\"bruteforce-sshd\"}"))
                .isEqualTo((double) MAX_TRACKED);
        assertThat(metric(text, "rampart_detector_evictions_total{detector=\"bruteforce-sshd\"}"))
                .isEqualTo((double) (sources - MAX_TRACKED));
        long peakKb = 0;
        Matcher m = Pattern.compile("->(\\d+)M\\(").matcher(Files.readString(gc));
        while (m.find()) {
            peakKb = Math.max(peakKb, Long.parseLong(m.group(1)) * 1024);
        }
        String summary = String.format(Locale.ROOT, "flood: %,d distinct sources through the daemon in %.1f s"
                + " (%s): largest heap after GC %,d KB; sshd detector tracked %,d, evictions %,d", sources, seconds, HEAP,
                peakKb, MAX_TRACKED, sources - MAX_TRACKED);
        System.out.println(summary);
        Files.writeString(Path.of("target/flood.txt"), summary + "\n");
    }
}
