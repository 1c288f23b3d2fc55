package dev.rampart.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessRunnerTest {
    private final ProcessRunner runner = new ProcessRunner();

    @Test
    void trueSucceedsWithEmptyOutput() {
        ProcessResult r = runner.run("true");
        assertThat(r.succeeded()).isTrue();
        assertThat(r.exitStatus()).isZero();
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).isEmpty();
        assertThat(r.command()).containsExactly("true");
    }

    @Test
    void falseIsReturnedNotThrown() {
        ProcessResult r = runner.run("false");
        assertThat(r.succeeded()).isFalse();
        assertThat(r.exitStatus()).isEqualTo(1);
    }

    @Test
    void requireSuccessNamesCommandStatusAndStderr() {
        assertThatThrownBy(() -> runner.check(List.of("sh", "-c", "echo 'no such chain' >&2; exit 3"), null))
                .isInstanceOf(HostException.class)
                .hasMessage("'sh -c 'echo '\\''no such chain'\\'' >&2; exit 3'' failed with exit status 3: no such chain")
                .satisfies(e -> {
                    HostException h = (HostException) e;
                    assertThat(h.exitStatus()).isEqualTo(3);
                    assertThat(h.stderr()).isEqualTo("no such chain\n");
                    assertThat(h.command()).containsExactly("sh", "-c", "echo 'no such chain' >&2; exit 3");
                });
    }

    @Test
    void failureWithoutStderrSaysSo() {
        assertThatThrownBy(() -> runner.check(List.of("false"), null))
                .hasMessage("'false' failed with exit status 1 (it wrote nothing to stderr)");
    }

    @Test
    void stdinIsPassedAndStdoutCaptured() {
        ProcessResult r = runner.run(List.of("cat"), "*filter\n-A INPUT -j ACCEPT\nCOMMIT\n");
        assertThat(r.stdout()).isEqualTo("*filter\n-A INPUT -j ACCEPT\nCOMMIT\n");
    }

    @Test
    void utf8RoundTripsThroughStdinAndStdout() {
        String text = "-m comment --comment \"Grüße ✓\"\n";
        assertThat(runner.run(List.of("cat"), text).stdout()).isEqualTo(text);
    }

    @Test
    void largeOutputOnBothStreamsDoesNotDeadlock() {
        // ~4 MiB through stdin -> stdout while also writing to stderr: a runner that reads the streams
        // one after the other, or writes stdin before reading, would block on a full pipe here
        String line = "x".repeat(1023) + "\n";
        String input = line.repeat(4096);
        ProcessResult r = runner.withTimeout(Duration.ofSeconds(30))
                .run(List.of("sh", "-c", "tee /dev/stderr"), input);
        assertThat(r.succeeded()).isTrue();
        assertThat(r.stdout()).hasSize(input.length());
        assertThat(r.stderr()).hasSize(input.length());
    }

    @Test
    void argumentsAreNotInterpretedByAShell() {
        ProcessResult r = runner.run("echo", "$HOME", "*", "a;b", "`id`");
        assertThat(r.stdout()).isEqualTo("$HOME * a;b `id`\n");
    }

    @Test
    void missingProgramGivesClearError() {
        assertThatThrownBy(() -> runner.run("rampart-no-such-program-xyz", "--version"))
                .isInstanceOf(HostException.class)
                .hasMessage("cannot run 'rampart-no-such-program-xyz --version': program 'rampart-no-such-program-xyz'"
                        + " not found; install the package that provides it or check PATH")
                .satisfies(e -> assertThat(((HostException) e).exitStatus()).isEqualTo(-1));
    }

    @Test
    void timeoutKillsTheCommand() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> runner.withTimeout(Duration.ofMillis(300)).run("sleep", "30"))
                .isInstanceOf(HostException.class)
                .hasMessage("'sleep 30' did not finish within 300 ms and was killed");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void prefixIsPutBeforeEveryCommand() {
        ProcessRunner echo = runner.withPrefix(List.of("echo", "prefixed"));
        ProcessResult r = echo.run("iptables-save", "-c");
        assertThat(r.command()).containsExactly("echo", "prefixed", "iptables-save", "-c");
        assertThat(r.stdout()).isEqualTo("prefixed iptables-save -c\n");
    }

    @Test
    void netnsPrefixAndValidation() {
        assertThat(runner.inNetns("rampart-abc").prefix()).containsExactly("ip", "netns", "exec", "rampart-abc");
        assertThatThrownBy(() -> runner.inNetns("../etc")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid network namespace name '../etc'");
        assertThatThrownBy(() -> runner.withTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void messagesAreInTheCLocale() {
        ProcessResult r = runner.run("sh", "-c", "echo $LC_ALL");
        assertThat(r.stdout()).isEqualTo("C\n");
    }
}
