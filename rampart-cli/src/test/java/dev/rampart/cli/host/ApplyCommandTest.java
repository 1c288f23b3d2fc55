package dev.rampart.cli.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.cli.CliTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rampart apply} on bad input: the usual diagnostics, exit 3, and nothing applied or recorded
 * (no kernel needed: the netns named here does not exist, so reading the live state fails, and the
 * input's errors must still be what the admin sees, with exit 3).
 */
class ApplyCommandTest {
    @TempDir
    Path dir;

    CliTest.Run apply(String... args) {
        String[] all = new String[args.length + 5];
        all[0] = "apply";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--root";
        all[args.length + 2] = dir.resolve("root").toString();
        all[args.length + 3] = "--netns";
        all[args.length + 4] = "rampart-h-does-not-exist";
        return CliTest.run(all);
    }

    @Test
    void aPolicyWithErrorsIsReportedAndNothingIsApplied() throws IOException {
        Path policy = Files.writeString(dir.resolve("p.yaml"), "services:\n  - name: sssh\n");
        CliTest.Run r = apply(policy.toString(), "--admin", "198.18.0.2");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("p.yaml:2:11: error[E606]: unknown service 'sssh'")
                .contains("did you mean 'ssh'?").contains("nothing applied");
        assertThat(dir.resolve("root")).doesNotExist();
    }

    @Test
    void aRulesFileWithErrorsIsReportedAndNothingIsApplied() throws IOException {
        Path rules = Files.writeString(dir.resolve("r.rules"), "*filter\n-A INPUT -p tcp --dport 22 -j ACCPET\nCOMMIT\n");
        CliTest.Run r = apply(rules.toString(), "--admin", "198.18.0.2");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("r.rules:2:").contains("ACCPET").contains("did you mean 'ACCEPT'?")
                .contains("nothing applied");
        // the file was parsed while the host was being read: no entry was recorded
        assertThat(CliTest.run("history", "list", "--root", dir.resolve("root").toString()).out())
                .startsWith("no history in");
    }

    @Test
    void usageErrors() {
        assertThat(apply(dir.resolve("missing.rules").toString()).code()).isEqualTo(2);
        CliTest.Run t = apply("x.rules", "--timeout", "0");
        assertThat(t.code()).isEqualTo(2);
        assertThat(t.err()).contains("--timeout must be at least 1 second");
    }

    @Test
    void confirmAndRollbackWithNothingPendingAreRefused() {
        CliTest.Run c = CliTest.run("confirm", "--root", dir.toString());
        assertThat(c.code()).isEqualTo(1);
        assertThat(c.err()).contains("nothing waits for confirmation");
        CliTest.Run r = CliTest.run("rollback", "--root", dir.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("nothing to roll back: the history has no approved change");
    }
}
