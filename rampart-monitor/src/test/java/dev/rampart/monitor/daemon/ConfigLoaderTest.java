package dev.rampart.monitor.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.diag.Diagnostic;
import dev.rampart.monitor.source.FileFollower;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

    @Test
    void anEmptyFileIsAllDefaults() {
        MonitorConfig c = ConfigLoader.defaults();
        assertThat(c.database()).isEqualTo(Path.of("/var/lib/rampart/rampart.db"));
        assertThat(c.pollInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(c.services().get("sshd").bruteForce().maxRetry()).isEqualTo(5);
        assertThat(c.bans().set4()).isEqualTo("rampart-ban4");
        assertThat(c.bans().maxElements()).isEqualTo(65_536);
        assertThat(c.metrics()).isEqualTo(new MonitorConfig.Listen("127.0.0.1", 9469));
        assertThat(c.allowlist().localAddresses()).isTrue();
        assertThat(c.scanBan().danger()).isZero();
    }

    @Test
    void readsEverySection() {
        String yaml = """
                database: /tmp/r.db
                poll_interval: 50ms
                sources:
                  - file: /var/log/auth.log
                    parser: sshd
                    mode: aggressive
                    start: beginning
                  - journal: true
                    matches: [_SYSTEMD_UNIT=ssh.service, +, _TRANSPORT=kernel]
                bruteforce:
                  findtime: 1h
                  maxretry: 3
                  multipliers: 1 5 30
                  services:
                    sshd: {bantime: 1d}
                    nginx: {enabled: false}
                scan: {ban_danger: 3, ban_time: 2h, danger_packets: [1, 2, 3, 4, 5]}
                bans: {maxelem: 1000, chains: [INPUT], target: REJECT}
                allowlist:
                  networks: [198.51.100.0/24, 2001:db8::1]
                  local_addresses: no
                metrics: {listen: off}
                alerts:
                  webhook: {url: https://example.invalid/hook}
                drift: {interval: 1h30m, approved: /etc/rampart/approved}
                """;
        ConfigLoader.Result r = ConfigLoader.load("monitor.yaml", yaml);
        assertThat(r.diagnostics()).isEmpty();
        MonitorConfig c = r.config();
        assertThat(c.sources()).containsExactly(
                new SourceConfig.File(Path.of("/var/log/auth.log"), "sshd", "aggressive", FileFollower.Start.BEGINNING),
                new SourceConfig.Journal(List.of("_SYSTEMD_UNIT=ssh.service", "+", "_TRANSPORT=kernel"),
                        FileFollower.Start.END, List.of("journalctl")));
        assertThat(c.services().get("sshd").bruteForce().banTime()).isEqualTo(Duration.ofDays(1));
        assertThat(c.services().get("sshd").bruteForce().maxRetry()).isEqualTo(3);
        assertThat(c.services().get("sshd").bruteForce().multipliers()).containsExactly(1, 5, 30);
        assertThat(c.services().get("postfix").bruteForce().findTime()).isEqualTo(Duration.ofHours(1));
        assertThat(c.services().get("nginx").enabled()).isFalse();
        assertThat(c.scanBan()).isEqualTo(new MonitorConfig.ScanBan(3, Duration.ofHours(2)));
        assertThat(c.bans().chains()).containsExactly("INPUT");
        assertThat(c.bans().target()).isEqualTo("REJECT");
        assertThat(c.allowlist().networks()).hasSize(2);
        assertThat(c.allowlist().localAddresses()).isFalse();
        assertThat(c.metrics()).isNull();
        // the parts' sections are read too, into their typed settings
        assertThat(c.alerts().webhook().url()).hasToString("https://example.invalid/hook");
        assertThat(c.drift().interval()).isEqualTo(Duration.ofMinutes(90));
        assertThat(c.drift().approved()).isEqualTo(Path.of("/etc/rampart/approved"));
        assertThat(c.counters()).isEqualTo(dev.rampart.monitor.counters.CounterSettings.DEFAULTS);
    }

    @Test
    void problemsInTheAlertsDriftAndCountersSectionsAreReportedWithTheOthers() {
        String yaml = """
                poll_interval: soon
                alerts:
                  windw: 5m
                  webhook: {url: ftp://example.invalid/}
                drift:
                  interval: 5s
                  expect: ["port:22"]
                counters:
                  mode: sometimes
                  tables: [filtr]
                """;
        ConfigLoader.Result r = ConfigLoader.load("m.yaml", yaml);
        assertThat(r.config()).isNull();
        List<String> heads = r.diagnostics().stream().map(Diagnostic::headline).toList();
        assertThat(heads).as("%s", heads).hasSize(7);
        assertThat(heads.get(0)).startsWith("m.yaml:1:16: error[E302]: poll_interval must be a duration");
        assertThat(heads.subList(1, 7)).containsExactlyInAnyOrder(
                "m.yaml:3:3: error[E602]: unknown key 'windw'",
                "m.yaml:4:18: error[E302]: webhook url must be http:// or https:// with a host, not 'ftp://example.invalid/'",
                "m.yaml:6:13: error[E302]: 'interval' must be between 10s and 1d, not 5s",
                "m.yaml:7:11: error[E302]: " + r.diagnostics().stream().filter(d -> d.line() == 7).findFirst()
                        .orElseThrow().message(),
                "m.yaml:9:9: error[E302]: 'mode' must be one of on_scrape, schedule, not 'sometimes'",
                "m.yaml:10:11: error[E302]: unknown table 'filtr'; tables are mangle, security, raw, filter, nat");
        assertThat(r.diagnostics().stream().filter(d -> d.line() == 3).findFirst().orElseThrow().suggestion())
                .isEqualTo("did you mean 'window'?");
        assertThat(r.diagnostics().stream().filter(d -> d.line() == 10).findFirst().orElseThrow().suggestion())
                .isEqualTo("did you mean 'filter'?");
    }

    @Test
    void absentPartsTakeTheirDefaults() {
        MonitorConfig c = ConfigLoader.defaults();
        assertThat(c.alerts()).isEqualTo(dev.rampart.monitor.alert.AlertSettings.NONE);
        assertThat(c.drift()).as("drift is checked only when configured").isNull();
        assertThat(c.counters().enabled()).isTrue();
    }

    @Test
    void reportsEveryProblemWithPositionAndSuggestion() {
        String yaml = """
                poll_intervall: 1s
                bruteforce:
                  maxretry: many
                  findtime: 10 minutes
                bans: {target: DRPO}
                allowlist: {networks: [300.1.2.3]}
                sources:
                  - file: relative.log
                metrics: {listen: localhost}
                """;
        ConfigLoader.Result r = ConfigLoader.load("/etc/rampart/monitor.yaml", yaml);
        assertThat(r.config()).isNull();
        List<String> heads = r.diagnostics().stream().map(Diagnostic::headline).toList();
        assertThat(heads).containsExactly(
                "/etc/rampart/monitor.yaml:1:1: error[E602]: unknown key 'poll_intervall' in the monitor configuration",
                "/etc/rampart/monitor.yaml:8:11: error[E302]: file must be an absolute path",
                "/etc/rampart/monitor.yaml:4:13: error[E302]: bruteforce.findtime must be a duration of at least 1s"
                        + " such as 100ms, 30s, 10m, 1h, 7d or 1h30m (a bare number is seconds), not '10 minutes'",
                "/etc/rampart/monitor.yaml:3:13: error[E302]: bruteforce.maxretry must be a whole number from 1 to"
                        + " 1000000, not 'many'",
                "/etc/rampart/monitor.yaml:5:16: error[E302]: bans.target must be one of DROP, REJECT, not 'DRPO'",
                "/etc/rampart/monitor.yaml:6:24: error[E203]: '300.1.2.3' is not an address or network: '300.1.2.3'"
                        + " is not an IPv4 address (write a.b.c.d)",
                "/etc/rampart/monitor.yaml:9:19: error[E302]: metrics.listen must be HOST:PORT (127.0.0.1:9469,"
                        + " [::1]:9469) or off, not 'localhost'");
        assertThat(r.diagnostics().get(0).suggestion()).isEqualTo("did you mean 'poll_interval'?");
        assertThat(r.diagnostics().get(4).suggestion()).isEqualTo("did you mean 'DROP'?");
    }

    @Test
    void eachFileAndTheJournalAreOneSourceOnly() {
        ConfigLoader.Result r = ConfigLoader.load("m.yaml", "sources:\n  - file: /var/log/auth.log\n"
                + "  - file: /var/log/./auth.log\n  - journal: true\n  - journal: yes\n");
        assertThat(r.config()).isNull();
        assertThat(r.diagnostics()).extracting(Diagnostic::headline).containsExactly(
                "m.yaml:3:11: error[E302]: '/var/log/./auth.log' is already a source (each file is followed once: its"
                        + " checkpoint is kept under its path)",
                "m.yaml:5:14: error[E302]: the journal is already a source (one journal source, with all its matches)");
    }

    @Test
    void invalidYamlIsOneDiagnostic() {
        ConfigLoader.Result r = ConfigLoader.load("m.yaml", "sources: [\n  - file: x\n");
        assertThat(r.config()).isNull();
        assertThat(r.diagnostics()).hasSize(1);
        assertThat(r.diagnostics().get(0).headline()).startsWith("m.yaml:").contains("error[E601]: not valid YAML");
    }

    @Test
    void theExampleInTheDocsIsValid() throws java.io.IOException {
        String doc = java.nio.file.Files.readString(Path.of("../docs/monitor.md"));
        int start = doc.indexOf("```yaml\n") + 8;
        String yaml = doc.substring(start, doc.indexOf("```", start));
        ConfigLoader.Result r = ConfigLoader.load("docs/monitor.md", yaml);
        assertThat(r.diagnostics()).isEmpty();
        assertThat(r.config().sources()).hasSize(4);
        assertThat(r.config().services().get("sshd").bruteForce().maxRetry()).isEqualTo(3);
    }

}
