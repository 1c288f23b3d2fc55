package dev.rampart.monitor.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.diag.Diagnostic;
import dev.rampart.model.diag.Diagnostics;
import dev.rampart.monitor.drift.DriftSettings;
import dev.rampart.monitor.settings.SectionReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertSettingsTest {
    @TempDir
    Path dir;

    @Test
    void aFullSectionIsRead() throws Exception {
        Path pw = dir.resolve("pw");
        Files.writeString(pw, "s3cret\n");
        String yaml = """
                alerts:
                  window: 10m
                  burst: 5
                  per: 2m
                  webhook:
                    url: https://hooks.example.org/rampart
                    retries: 2
                    headers: {Authorization: "Bearer t"}
                  email:
                    host: smtp.example.org
                    port: 587
                    starttls: required
                    username: rampart
                    password_file: %s
                    from: rampart@web1.example.org
                    to: [ops@example.org, oncall@example.org]
                  syslog:
                    mode: udp
                    host: 198.18.0.10
                    facility: local3
                """.formatted(pw);
        Diagnostics d = new Diagnostics("monitor.yaml");
        AlertSettings s = AlertSettings.read(SectionReader.parse(yaml, "monitor.yaml", "alerts", d));
        assertThat(d.all()).isEmpty();
        assertThat(s.throttling()).isEqualTo(new AlertSettings.Throttling(Duration.ofMinutes(10), 5, Duration.ofMinutes(2)));
        assertThat(s.webhook().url().toString()).isEqualTo("https://hooks.example.org/rampart");
        assertThat(s.webhook().retries()).isEqualTo(2);
        assertThat(s.webhook().headers()).containsEntry("Authorization", "Bearer t");
        assertThat(s.email().connection().password()).isEqualTo("s3cret");
        assertThat(s.email().connection().tls()).isEqualTo(SmtpClient.TlsMode.REQUIRED);
        assertThat(s.email().to()).containsExactly("ops@example.org", "oncall@example.org");
        assertThat(s.email().minSeverity()).isEqualTo(AlertSeverity.WARNING);
        assertThat(s.syslog().mode()).isEqualTo(SyslogSink.Mode.UDP);
        assertThat(s.syslog().port()).isEqualTo(514);
    }

    @Test
    void everyProblemIsReportedWithItsPosition() {
        String yaml = """
                alerts:
                  windw: 10m
                  webhook:
                    url: ftp://x
                  email:
                    host: smtp.example.org
                    username: rampart
                    starttls: maybe
                  syslog:
                    mode: udp
                drift:
                  interval: 5
                """;
        Diagnostics d = new Diagnostics("monitor.yaml");
        AlertSettings s = AlertSettings.read(SectionReader.parse(yaml, "monitor.yaml", "alerts", d));
        assertThat(s.webhook()).isNull();
        assertThat(s.email()).isNull();
        assertThat(s.syslog()).isNull();
        assertThat(d.all()).extracting(Diagnostic::headline).containsExactlyInAnyOrder(
                "monitor.yaml:4:10: error[E302]: webhook url must be http:// or https:// with a host, not 'ftp://x'",
                "monitor.yaml:8:15: error[E302]: 'starttls' must be one of required, if_offered, off, not 'maybe'",
                "monitor.yaml:5:3: error[E302]: email needs 'from'",
                "monitor.yaml:5:3: error[E302]: email needs at least one address in 'to'",
                "monitor.yaml:7:15: error[E302]: 'username' needs 'password_file' (a file readable only by root holding the password)",
                "monitor.yaml:10:11: error[E302]: syslog mode udp needs 'host'",
                "monitor.yaml:2:3: error[E602]: unknown key 'windw'");
        assertThat(d.all().stream().filter(x -> x.message().contains("windw")).findFirst().orElseThrow().suggestion())
                .isEqualTo("did you mean 'window'?");
        Diagnostics dd = new Diagnostics("monitor.yaml");
        DriftSettings ds = DriftSettings.read(SectionReader.parse(yaml, "monitor.yaml", "drift", dd));
        assertThat(dd.all()).extracting(Diagnostic::headline)
                .containsExactly("monitor.yaml:12:13: error[E302]: 'interval' must be between 10s and 1d, not 5");
        assertThat(ds.interval()).isEqualTo(DriftSettings.DEFAULT_INTERVAL);
        assertThat(ds.expect().patterns()).extracting(Object::toString).containsExactly("set:rampart-ban*");
    }

    @Test
    void absentSectionsMeanNoSinks() {
        Diagnostics d = new Diagnostics("m.yaml");
        AlertSettings s = AlertSettings.read(SectionReader.parse("other: 1\n", "m.yaml", "alerts", d));
        assertThat(d.all()).isEmpty();
        assertThat(s).isEqualTo(AlertSettings.NONE);
        assertThat(List.of(s.throttling().window())).containsExactly(Duration.ofMinutes(5));
    }
}
