package dev.rampart.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rampart.cli.CliTest;
import dev.rampart.cli.DiagnosticOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rampart logs}: the event stream contract, the report, gzip'd input, --since and usage errors. */
class LogsCommandTest {
    static final Path PSAD = Paths.get(System.getProperty("rampart.shared", "../../shared")).toAbsolutePath()
            .normalize().resolve("logs/psad-scans");

    private static final String AUTH = """
            Nov 21 10:00:01 web sshd[100]: Invalid user admin from 203.0.113.5 port 40001
            Nov 21 10:00:02 web sshd[100]: Failed password for invalid user admin from 203.0.113.5 port 40001 ssh2
            Nov 21 10:00:03 web sshd[101]: Failed password for root from 203.0.113.5 port 40002 ssh2
            Nov 21 10:00:04 web sshd[102]: Failed password for root from 203.0.113.5 port 40003 ssh2
            Nov 21 10:00:05 web sshd[103]: Failed password for invalid user x from 192.0.2.7 port 22 ssh2 from 203.0.113.5 port 4 ssh2
            Nov 21 10:00:06 web sshd[104]: Accepted publickey for alice from 198.51.100.20 port 50000 ssh2: ED25519 SHA256:abc
            Nov 21 10:00:07 web CRON[9]: pam_unix(cron:session): session opened for user root
            """;

    @TempDir
    Path dir;

    private Path auth() throws IOException {
        Path p = Files.writeString(dir.resolve("auth.log"), AUTH);
        Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.from(Instant.parse("2026-11-22T00:00:00Z")));
        return p;
    }

    @Test
    void eventsAsJsonFollowTheContract() throws IOException {
        Path p = auth();
        CliTest.Run r = CliTest.run("logs", "--events", "--format", "json", p.toString());
        assertThat(r.code()).isEqualTo(0);
        List<JsonNode> events = new ArrayList<>();
        for (String l : r.out().split("\n")) {
            events.add(DiagnosticOutput.json().readTree(l));
        }
        assertThat(events).hasSize(5);
        JsonNode first = events.get(0);
        assertThat(first.get("file").asText()).isEqualTo(p.toString());
        assertThat(first.get("line").asInt()).isEqualTo(1);
        assertThat(first.get("service").asText()).isEqualTo("sshd");
        assertThat(first.get("kind").asText()).isEqualTo("invalid-user");
        assertThat(first.get("addr").asText()).isEqualTo("203.0.113.5");
        assertThat(first.get("user").asText()).isEqualTo("admin");
        assertThat(first.get("port").isNull()).isTrue();
        assertThat(first.get("time").asText()).isEqualTo(
                java.time.LocalDateTime.parse("2026-11-21T10:00:01").atZone(ZoneId.systemDefault()).toInstant().toString());
        assertThat(events.get(2).get("kind").asText()).isEqualTo("auth-failure");
        assertThat(events.get(4).get("line").asInt()).isEqualTo(5);
        assertThat(events).allSatisfy(e -> assertThat(e.get("addr").asText()).isEqualTo("203.0.113.5"));
    }

    @Test
    void kernelEventsCarryPortProtoPrefixAndScanProbeKind() throws IOException {
        CliTest.Run r = CliTest.run("logs", "--events", "--format", "json",
                PSAD.resolve("fin_scan_1000_1150").toString());
        assertThat(r.code()).isEqualTo(0);
        String[] lines = r.out().split("\n");
        assertThat(lines).hasSize(302);
        JsonNode e = DiagnosticOutput.json().readTree(lines[0]);
        assertThat(e.get("service").asText()).isEqualTo("kernel");
        assertThat(e.get("kind").asText()).isEqualTo("scan-probe");
        assertThat(e.get("addr").asText()).isEqualTo("192.168.10.55");
        assertThat(e.get("port").asInt()).isEqualTo(1025);
        assertThat(e.get("proto").asText()).isEqualTo("tcp");
        assertThat(e.get("prefix").asText()).isEqualTo("DROP INVALID");
        assertThat(e.get("flags").asText()).isEqualTo("FIN");
        assertThat(e.get("dst").asText()).isEqualTo("192.168.10.1");
    }

    @Test
    void reportOfAGzippedKernelLogShowsSourcesPortsPrefixesAndTheScan() throws IOException {
        Path gz = dir.resolve("kern.log.2.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write(Files.readAllBytes(PSAD.resolve("syn_scan_1000_1500")));
        }
        CliTest.Run r = CliTest.run("logs", gz.toString());
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out()).contains("Lines read: 1002 (kernel packets: 1002, service failures: 0)")
                .contains("Top dropped sources (packets)\n  192.168.10.55")
                .contains("Log prefixes (packets)\n  DROP")
                .contains("Scans: 1\n  192.168.10.55  SYN scan  danger 3  1002 packets, 501 ports (1000-1500), 1 hosts");
    }

    @Test
    void jsonReportNamesTheBruteForceSourceAndTheUsersItTried() throws IOException {
        Path p = auth();
        CliTest.Run r = CliTest.run("logs", "--format", "json", p.toString());
        assertThat(r.code()).isEqualTo(0);
        JsonNode j = DiagnosticOutput.json().readTree(r.out());
        assertThat(j.get("service_lines").asInt()).isEqualTo(5);
        JsonNode f = j.get("auth_failures").get(0);
        assertThat(f.get("addr").asText()).isEqualTo("203.0.113.5");
        assertThat(f.get("failures").asInt()).isEqualTo(5);
        assertThat(f.get("users").toString()).contains("admin", "root");
        JsonNode ban = j.get("brute_force").get(0);
        assertThat(ban.get("target").asText()).isEqualTo("203.0.113.5/32");
        assertThat(ban.get("last_ban_seconds").asInt()).isEqualTo(600);
        // the injected address stays inside the user name; it is never a source
        assertThat(j.get("auth_failures")).hasSize(1);
        assertThat(j.get("brute_force")).hasSize(1);
    }

    @Test
    void sinceSkipsOlderDatedLines() throws IOException {
        Path p = auth();
        String since = java.time.LocalDateTime.parse("2026-11-21T10:00:04").atZone(ZoneId.systemDefault())
                .toInstant().toString();
        CliTest.Run r = CliTest.run("logs", "--events", "--since", since, p.toString());
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out().split("\n")).hasSize(2);
        assertThat(r.out()).contains(p + ":4 ").contains(p + ":5 ").doesNotContain(p + ":3 ");
    }

    @Test
    void sinceAcceptsAgesDatesAndDateTimes() {
        Instant now = Instant.parse("2026-11-22T12:00:00Z");
        ZoneId utc = ZoneId.of("UTC");
        assertThat(LogsCommand.parseSince("30m", now, utc)).isEqualTo(Instant.parse("2026-11-22T11:30:00Z"));
        assertThat(LogsCommand.parseSince("7d", now, utc)).isEqualTo(Instant.parse("2026-11-15T12:00:00Z"));
        assertThat(LogsCommand.parseSince("2026-11-21", now, utc)).isEqualTo(Instant.parse("2026-11-21T00:00:00Z"));
        assertThat(LogsCommand.parseSince("2026-11-21 10:30", now, utc)).isEqualTo(Instant.parse("2026-11-21T10:30:00Z"));
    }

    @Test
    void badSinceAndMissingFileAreUsageErrors() throws IOException {
        Path p = auth();
        CliTest.Run bad = CliTest.run("logs", "--since", "yesterday", p.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--since: 'yesterday' is not a time");
        CliTest.Run missing = CliTest.run("logs", dir.resolve("nope.log").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("cannot read").contains("nope.log");
    }

    @Test
    void textEventsEscapeControlCharactersInUserNames() throws IOException {
        Path p = Files.write(dir.resolve("a.log"), ("Nov 21 10:00:01 web sshd[1]: Invalid user a\u001b[31mb from "
                + "203.0.113.5 port 1\n").getBytes(StandardCharsets.UTF_8));
        CliTest.Run r = CliTest.run("logs", "--events", p.toString());
        assertThat(r.out()).contains("user=\"a\\x1b[31mb\"").doesNotContain("\u001b");
    }
}
