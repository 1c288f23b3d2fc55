package dev.rampart.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.cli.CliTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rampart drift}: the failures that come before the live firewall is read (these tests never run
 * iptables-save on the host; the kernel-backed path is tested by {@code DriftKernelIT} in a namespace).
 */
class DriftCommandTest {
    @TempDir
    Path dir;

    @Test
    void withoutAnApprovedStateItIsAUsageError() {
        CliTest.Run r = CliTest.run("drift", "--config", write("monitor.yaml", "drift:\n  interval: 5m\n").toString(),
                "--root", dir.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no approved state: no approved 'rampart apply' in " + dir.resolve("var/lib/rampart/history"))
                .contains("give --approved DIR");
    }

    @Test
    void anApprovedFileWithErrorsIsInvalidInputWithPositions() {
        Path v4 = write("rules.v4", "*filter\n:INPUT DROP [0:0]\n-A INPUT -p tcp --dport 22 -j ACCPET\nCOMMIT\n");
        CliTest.Run r = CliTest.run("drift", "--approved", dir.toString(), "--config", write("m.yaml", "{}\n").toString());
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains(v4 + ":3:").contains("error[E304]").contains("did you mean 'ACCEPT'?");
    }

    @Test
    void configProblemsAreReportedWithFileLineAndColumn() {
        Path cfg = write("monitor.yaml", "drift:\n  intervall: 5m\n  expect: [docker, \"chian:X\"]\n");
        CliTest.Run r = CliTest.run("drift", "--config", cfg.toString(), "--approved", dir.toString());
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains(cfg + ":2:3: error[E602]: unknown key 'intervall'")
                .contains("did you mean 'interval'?")
                .contains(cfg + ":3:11: error[E302]: unknown pattern kind 'chian'");
    }

    @Test
    void badPatternsAndConflictingOptionsAreUsageErrors() {
        write("rules.v4", "*filter\nCOMMIT\n");
        String cfg = write("m.yaml", "{}\n").toString();
        assertThat(CliTest.run("drift", "--config", cfg, "--approved", dir.toString(), "--expect", "bogus:x").err())
                .contains("unknown pattern kind 'bogus'");
        CliTest.Run both = CliTest.run("drift", "--config", cfg, "--approved", dir.toString(), "--approved-v4",
                dir.resolve("rules.v4").toString());
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("not both");
        CliTest.Run missing = CliTest.run("drift", "--config", cfg, "--approved", dir.resolve("nope").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("does not exist");
    }

    @Test
    void alertWithoutSinksIsAUsageErrorBeforeAnythingIsRead() {
        write("rules.v4", "*filter\nCOMMIT\n");
        Path cfg = write("m.yaml", "drift:\n  interval: 5m\n");
        CliTest.Run r = CliTest.run("drift", "--config", cfg.toString(), "--approved", dir.toString(), "--alert");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--alert needs an alerts: section");
        Path bad = write("bad.yaml", "alerts:\n  webhook:\n    url: ftp://x\n");
        CliTest.Run b = CliTest.run("drift", "--config", bad.toString(), "--approved", dir.toString(), "--alert");
        assertThat(b.code()).isEqualTo(3);
        assertThat(b.err()).contains(bad + ":3:10: error[E302]: webhook url must be http:// or https://");
    }

    private Path write(String name, String text) {
        try {
            Path p = dir.resolve(name);
            Files.writeString(p, text);
            return p;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
