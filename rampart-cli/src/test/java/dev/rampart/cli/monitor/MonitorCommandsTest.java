package dev.rampart.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code rampart monitor}, {@code bans} and {@code metrics} without the kernel: configurations with
 * {@code bans.enabled: false}, so nothing here touches an ipset (the kernel path is {@code BansCommandIT},
 * inside a network namespace).
 */
class MonitorCommandsTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private Path config(String extra) throws IOException {
        Path c = dir.resolve("monitor.yaml");
        Files.writeString(c, "database: " + dir.resolve("rampart.db") + "\nbans: {enabled: false}\n"
                + "allowlist: {networks: [198.51.100.0/24], local_addresses: false}\n"
                // the rule counters would run iptables-save on the build host (MetricsCommandIT reads them in a namespace)
                + (extra.contains("counters:") ? "" : "counters: {enabled: false}\n") + extra);
        return c;
    }

    @Test
    void monitorReportsEveryConfigurationProblemAndExits3() throws IOException {
        Path c = dir.resolve("bad.yaml");
        Files.writeString(c, "sources:\n  - file: /var/log/auth.log\n    parsr: sshd\nbans: {maxelem: lots}\n");
        Run r = run("monitor", "--config", c.toString());
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains(c + ":3:5: error[E602]: unknown key 'parsr' in a source")
                .contains("did you mean 'parser'?")
                .contains(c + ":4:17: error[E302]: bans.maxelem must be a whole number");
    }

    @Test
    void aNamedConfigurationThatIsMissingIsAUsageError() {
        Run r = run("bans", "list", "--config", dir.resolve("nope.yaml").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("cannot read").contains("nope.yaml");
    }

    @Test
    void addListDelAndTheHistory() throws IOException {
        String c = config("").toString();
        assertThat(run("bans", "list", "--config", c).out()).contains("no bans");
        Run add = run("bans", "add", "203.0.113.9", "--time", "2h", "--reason", "seen in the web log", "--config", c);
        assertThat(add.code()).as(add.err()).isZero();
        assertThat(add.out()).startsWith("banned 203.0.113.9 until ");
        assertThat(run("bans", "add", "2001:db8:5::1/64", "--time", "0", "--config", c).code()).isZero();
        Run list = run("bans", "list", "--config", c);
        assertThat(list.out()).contains("203.0.113.9").containsPattern("203.0.113.9 +(1h59m|2h0m) +manual").contains("seen in the web log")
                .contains("2001:db8:5::/64").contains("permanent");
        Run json = run("bans", "list", "--format", "json", "--config", c);
        assertThat(json.out()).contains("\"target\" : \"203.0.113.9\"").contains("\"expires\" : null");
        assertThat(run("bans", "del", "203.0.113.9", "--config", c).code()).isZero();
        Run again = run("bans", "del", "203.0.113.9", "--config", c);
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.out()).contains("was not banned");
        Run metrics = run("metrics", "--config", c);
        assertThat(metrics.code()).isZero();
        assertThat(metrics.out()).contains("# TYPE rampart_bans_active gauge")
                .contains("rampart_bans_active{family=\"ipv4\"} 0.0")
                .contains("rampart_bans_active{family=\"ipv6\"} 1.0")
                .contains("rampart_ban_history_events_total{event=\"added\"} 2.0")
                .contains("rampart_ban_history_events_total{event=\"removed\"} 1.0");
    }

    @Test
    void theAllowlistRefusesUnlessForcedAndLoopbackNever() throws IOException {
        String c = config("").toString();
        Run refused = run("bans", "add", "198.51.100.7", "--config", c);
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("refusing to ban 198.51.100.7: it is allowlisted by 198.51.100.0/24")
                .contains("--force");
        assertThat(run("bans", "add", "198.51.0.0/16", "--config", c).code()).as("a network holding an allowed one")
                .isEqualTo(2);
        assertThat(run("bans", "add", "198.51.100.7", "--force", "--config", c).code()).isZero();
        Run loop = run("bans", "add", "127.0.0.1", "--force", "--config", c);
        assertThat(loop.code()).isEqualTo(2);
        assertThat(loop.err()).contains("loopback");
        assertThat(run("bans", "add", "not-an-address", "--config", c).code()).isEqualTo(2);
    }

    @Test
    void rootMovesTheDefaultPaths() throws IOException {
        Files.createDirectories(dir.resolve("etc/rampart"));
        Files.writeString(dir.resolve("etc/rampart/monitor.yaml"), "bans: {enabled: false}\n"
                + "allowlist: {local_addresses: false}\n");
        assertThat(run("bans", "add", "192.0.2.44", "--root", dir.toString()).code()).isZero();
        assertThat(Files.exists(dir.resolve("var/lib/rampart/rampart.db"))).isTrue();
        assertThat(run("bans", "list", "--root", dir.toString()).out()).contains("192.0.2.44");
    }

    @Test
    void checkConfigReportsEveryProblemOfEverySectionOrSaysValid() throws IOException {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "bruteforce: {maxretry: 0}\nalerts:\n  webhook: {url: https://hooks.example.org/x,"
                + " retries: lots}\ndrift: {intervall: 5m}\ncounters: {max_age: 0s}\n");
        Run r = run("monitor", "--check-config", "--config", bad.toString());
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains(bad + ":1:24: error[E302]: bruteforce.maxretry must be a whole number from 1")
                .contains(bad + ":3:56: error[E603]: 'retries' must be a whole number, not 'lots'")
                .contains(bad + ":4:9: error[E602]: unknown key 'intervall'").contains("did you mean 'interval'?")
                .contains(bad + ":5:21: error[E302]: 'max_age' must be between 1s and 1h, not 0s");
        Run ok = run("monitor", "--check-config", "--config", config("alerts: {window: 10m}\ndrift: {interval: 1h}\n")
                .toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("monitor.yaml: valid");
        assertThat(Files.exists(dir.resolve("rampart.db"))).as("nothing started").isFalse();
        Run absent = run("monitor", "--check-config", "--root", dir.resolve("empty").toString());
        assertThat(absent.code()).isZero();
        assertThat(absent.out()).contains("etc/rampart/monitor.yaml: absent, every default");
    }

    @Test
    void metricsShowTheCommittedLinesAndTheBacklogOfAStoppedDaemon() throws Exception {
        String c = config("").toString();
        Path log = dir.resolve("auth.log");
        Files.writeString(log, "line one\nline two\n");
        long inode = ((Number) Files.getAttribute(log, "unix:ino")).longValue();
        try (var store = dev.rampart.monitor.store.Store.open(dir.resolve("rampart.db"))) {
            store.transaction(tx -> {
                tx.saveCheckpoint(log.toString(), new dev.rampart.monitor.source.Checkpoint.FileCheckpoint(
                        log.toString(), inode, 9, ""), 1);
                return null;
            });
        }
        Run r = run("metrics", "--config", c);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("rampart_rule_packets").contains("rampart_source_lines_committed_total{source=\"" + log + "\"} 1.0")
                .contains("rampart_source_lag_bytes{source=\"" + log + "\"} 9.0");
    }

    @Test
    void logsRotatedReadsTheGenerationsOldestFirstGzipIncluded() throws IOException {
        Path log = dir.resolve("auth.log");
        String line = "Nov 21 10:00:0%d web sshd[1%d]: Invalid user u%d from 203.0.113.5 port 4000%d\n";
        try (var gz = new java.util.zip.GZIPOutputStream(Files.newOutputStream(dir.resolve("auth.log.2.gz")))) {
            gz.write(String.format(line, 1, 1, 1, 1).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        Files.writeString(dir.resolve("auth.log.1"), String.format(line, 2, 2, 2, 2));
        Files.writeString(log, String.format(line, 3, 3, 3, 3));
        Run r = run("logs", "--rotated", "--events", "--format", "json", log.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> users = r.out().lines().map(l -> l.replaceAll(".*\"user\":\"(u\\d)\".*", "$1")).toList();
        assertThat(users).containsExactly("u1", "u2", "u3");
        assertThat(r.out().lines().findFirst().orElse("")).contains("auth.log.2.gz");
        assertThat(run("logs", "--rotated", dir.resolve("none.log").toString()).code()).isEqualTo(2);
    }
}
