package dev.rampart.monitor.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.host.Netns;
import dev.rampart.host.ProcessRunner;
import dev.rampart.host.RootRequirement;
import dev.rampart.host.StreamingProcess;
import dev.rampart.monitor.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once across {@code kill -9}: the daemon runs as its own JVM (in a network namespace, where it
 * bans), a writer appends sshd failures — each from a distinct address, with maxretry 1, so each line is
 * exactly one ban — while the daemon is killed with SIGKILL mid-stream and started again (twice). At the
 * end: the lines committed with the checkpoint equal the lines written, every line gave one ban
 * ({@code added} in the history), none was read twice (a second read would extend an existing ban:
 * {@code extended} stays 0), and the kernel's set holds every ban.
 */
class KillNineIT {
    @TempDir
    Path dir;

    private static final int LINES = 3000;

    private StreamingProcess startDaemon(Netns ns, Path config) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        StreamingProcess p = StreamingProcess.start(ns.runner(), List.of(java, "-Xmx128m", "-cp",
                System.getProperty("java.class.path"), DaemonProcessMain.class.getName(), config.toString()));
        String line;
        while ((line = p.readLine()) != null && !line.equals("started")) {
            // start-up messages
        }
        if (line == null) {
            throw new IllegalStateException("daemon did not start: " + p.stderrTail());
        }
        Thread drain = new Thread(() -> {
            try {
                while (p.readLine() != null) {
                    // the daemon's ban messages
                }
            } catch (IOException e) {
                // killed
            }
        });
        drain.setDaemon(true);
        drain.start();
        return p;
    }

    private static String address(int i) {
        return "2001:db8:" + Integer.toHexString(i / 65536) + "::" + Integer.toHexString(i % 65536 + 1);
    }

    private static long committed(Store store, Path log) throws Exception {
        Store.StoredCheckpoint c = store.checkpoint(log.toString());
        return c == null ? 0 : c.lines();
    }

    @Test
    void noLineLostOrCountedTwiceAcrossKill9() throws Exception {
        RootRequirement.requireRoot();
        Path log = dir.resolve("auth.log");
        Files.writeString(log, "");
        Path db = dir.resolve("rampart.db");
        Path config = dir.resolve("monitor.yaml");
        Files.writeString(config, "database: " + db + "\npoll_interval: 20ms\ncheckpoint_interval: 50ms\n"
                + "sources:\n  - file: " + log + "\n    parser: sshd\n    start: beginning\n"
                + "bruteforce: {maxretry: 1, bantime: 1h, increment: false, ipv6_prefix: 128}\n"
                + "bans: {maxelem: 10000}\nmetrics: {listen: off}\n");
        AtomicInteger written = new AtomicInteger();
        try (Netns ns = Netns.create(new ProcessRunner(), "rampart-d-"); Store store = Store.open(db)) {
            StreamingProcess daemon = startDaemon(ns, config);
            Thread writer = new Thread(() -> {
                try {
                    // the lines carry the current time: a ban decided from a line older than its ban time is over
                    // before it starts and is not stored (a fixed stamp made this test fail an hour after it)
                    String stamp = java.time.format.DateTimeFormatter.ofPattern("MMM d HH:mm:ss", java.util.Locale.ROOT)
                            .format(java.time.LocalDateTime.now());
                    for (int i = 0; i < LINES; i++) {
                        Files.writeString(log, stamp + " srv sshd[" + (1000 + i) + "]: Failed password for"
                                + " invalid user u" + i + " from " + address(i) + " port 5" + i % 1000 + " ssh2\n",
                                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                        written.incrementAndGet();
                        if (i % 10 == 0) {
                            Thread.sleep(20);
                        }
                    }
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            writer.start();
            for (int kill = 0; kill < 2; kill++) {
                long threshold = (kill + 1) * LINES / 4;
                long end = System.currentTimeMillis() + 60_000;
                while (committed(store, log) < threshold && System.currentTimeMillis() < end) {
                    Thread.sleep(5);
                }
                assertThat(committed(store, log)).as("progress before kill %d", kill + 1).isGreaterThanOrEqualTo(threshold);
                assertThat(written.get()).as("killed while lines are still being written").isLessThan(LINES);
                daemon.kill();
                daemon.waitFor(5000);
                System.out.println("killed the daemon with SIGKILL after " + committed(store, log) + " committed lines, "
                        + written.get() + " written");
                daemon = startDaemon(ns, config);
            }
            writer.join(60_000);
            long end = System.currentTimeMillis() + 120_000;
            while (committed(store, log) < LINES && System.currentTimeMillis() < end) {
                Thread.sleep(50);
            }
            Thread.sleep(500);
            daemon.close();
            assertThat(written.get()).isEqualTo(LINES);
            assertThat(committed(store, log)).as("lines committed with the checkpoint").isEqualTo(LINES);
            assertThat(store.countLog("added")).as("one ban per line").isEqualTo(LINES);
            assertThat(store.countLog("extended")).as("no line read twice").isZero();
            assertThat(store.bans()).hasSize(LINES);
            String listing = ns.check("ipset", "list", "rampart-ban6", "-t").stdout();
            assertThat(listing).contains("Number of entries: " + LINES);
        }
    }
}
