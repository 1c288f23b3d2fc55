package dev.rampart.monitor.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.host.ProcessRunner;
import dev.rampart.monitor.Classified;
import dev.rampart.monitor.LineClassifier;
import dev.rampart.monitor.parse.TimeResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal source against recorded {@code journalctl -o json} output. journald does not run on the
 * build machine, so {@code journalctl} itself is replaced by {@code fake-journalctl.py}, which replays the
 * recording with journalctl's options ({@code -f}, {@code --after-cursor}, {@code -n}, matches); the
 * recording's entries follow journald's JSON format (string fields, byte-array messages, kernel entries
 * without a kernel time stamp, entries without MESSAGE).
 */
class JournalSourceTest {
    @TempDir
    Path dir;

    private static Path resource(String name) {
        return Path.of("src/test/resources/journal", name).toAbsolutePath();
    }

    private List<String> fake(Path recording) {
        return List.of("python3", resource("fake-journalctl.py").toString(), recording.toString());
    }

    @Test
    void readsTheFieldsRampartUses() throws IOException {
        List<String> lines = Files.readAllLines(resource("sshd-and-kernel.json"));
        JournalEntry ssh = JournalJson.parse(lines.get(0));
        assertThat(ssh.identifier()).isEqualTo("sshd");
        assertThat(ssh.pid()).isEqualTo(4100);
        assertThat(ssh.host()).isEqualTo("web1");
        assertThat(ssh.time()).isEqualTo(Instant.ofEpochSecond(1_763_800_000L));
        assertThat(ssh.message()).isEqualTo("Failed password for invalid user admin0 from 192.0.2.10 port 50000 ssh2");
        assertThat(ssh.cursor()).startsWith("s=9f1d3c2b");

        JournalEntry kernel = JournalJson.parse(lines.get(3));
        assertThat(kernel.identifier()).isEqualTo("kernel");
        assertThat(kernel.message()).startsWith("DROP IN=eth0");

        JournalEntry bytes = JournalJson.parse(lines.get(5));
        assertThat(bytes.message()).startsWith("Invalid user ").endsWith(" from 192.0.2.11 port 50005");

        assertThat(JournalJson.parse(lines.get(8))).isNull();
        assertThat(JournalJson.cursorOf(lines.get(8))).contains("i=1a08");
        assertThat(JournalJson.parse("not json")).isNull();
    }

    @Test
    void journalEntriesGoThroughTheSameParsers() throws IOException {
        List<String> lines = Files.readAllLines(resource("sshd-and-kernel.json"));
        LineClassifier c = LineClassifier.withDefaults(TimeResolver.systemDefault());
        JournalEntry k = JournalJson.parse(lines.get(3));
        Classified kc = c.classifyJournal(k.time(), k.host(), k.identifier(), k.pid(), k.message());
        assertThat(kc).isInstanceOf(Classified.KernelLine.class);
        assertThat(((Classified.KernelLine) kc).record().src().toString()).isEqualTo("203.0.113.50");
        assertThat(((Classified.KernelLine) kc).record().time()).isEqualTo(k.time());
        JournalEntry s = JournalJson.parse(lines.get(0));
        Classified sc = c.classifyJournal(s.time(), s.host(), s.identifier(), s.pid(), s.message());
        assertThat(sc).isInstanceOf(Classified.ServiceLine.class);
        assertThat(((Classified.ServiceLine) sc).match().host()).isEqualTo("192.0.2.10");
    }

    private static List<String> drain(JournalSource s, int max, long timeoutMs) throws IOException, InterruptedException {
        List<String> got = new ArrayList<>();
        long end = System.currentTimeMillis() + timeoutMs;
        while (got.size() < max && System.currentTimeMillis() < end) {
            s.poll(l -> got.add(((SourceLine.Journal) l).entry().cursor()), max - got.size());
            Thread.sleep(20);
        }
        return got;
    }

    @Test
    void resumesAfterTheSavedCursorWithoutRepeatsOrGaps() throws Exception {
        Path rec = dir.resolve("journal.json");
        Files.copy(resource("sshd-and-kernel.json"), rec);
        List<String> all = new ArrayList<>();
        for (String l : Files.readAllLines(rec)) {
            if (JournalJson.parse(l) != null) {
                all.add(JournalJson.cursorOf(l));
            }
        }
        assertThat(all).hasSize(11);
        Checkpoint.JournalCheckpoint cp;
        List<String> first;
        try (JournalSource s = new JournalSource(new ProcessRunner(), fake(rec), List.of(), null,
                FileFollower.Start.BEGINNING)) {
            first = drain(s, 4, 10_000);
            cp = (Checkpoint.JournalCheckpoint) s.checkpoint();
        }
        assertThat(first).containsExactlyElementsOf(all.subList(0, 4));
        assertThat(cp.cursor()).isEqualTo(all.get(3));
        try (JournalSource s = new JournalSource(new ProcessRunner(), fake(rec), List.of(), cp,
                FileFollower.Start.END)) {
            assertThat(s.command(cp.cursor())).contains("--after-cursor=" + cp.cursor(), "-f", "json");
            List<String> rest = drain(s, 7, 10_000);
            assertThat(rest).containsExactlyElementsOf(all.subList(4, 11));
            // an entry appended while following arrives too
            String next = Files.readAllLines(rec).get(0).replace("i=1a00;", "i=1b00;");
            Files.writeString(rec, next + "\n", StandardOpenOption.APPEND);
            List<String> more = drain(s, 1, 10_000);
            assertThat(more).hasSize(1);
            assertThat(more.get(0)).contains("i=1b00");
            assertThat(((Checkpoint.JournalCheckpoint) s.checkpoint()).cursor()).contains("i=1b00");
        }
    }

    @Test
    void withoutACursorItStartsAtTheEndAndPassesMatches() throws Exception {
        Path rec = dir.resolve("journal.json");
        Files.copy(resource("sshd-and-kernel.json"), rec);
        try (JournalSource s = new JournalSource(new ProcessRunner(), fake(rec), List.of("_TRANSPORT=kernel"), null,
                FileFollower.Start.END)) {
            assertThat(s.command(null)).containsSubsequence("-n", "0", "_TRANSPORT=kernel");
            assertThat(drain(s, 1, 1500)).isEmpty();
        }
        try (JournalSource s = new JournalSource(new ProcessRunner(), fake(rec), List.of("_TRANSPORT=kernel"), null,
                FileFollower.Start.BEGINNING)) {
            assertThat(drain(s, 3, 10_000)).hasSize(3);
        }
    }

    @Test
    void aJournalctlThatFailsIsReportedWithItsError() throws Exception {
        Path rec = dir.resolve("journal.json");
        Files.copy(resource("sshd-and-kernel.json"), rec);
        try (JournalSource s = new JournalSource(new ProcessRunner(), fake(rec), List.of(),
                new Checkpoint.JournalCheckpoint("s=unknown"), FileFollower.Start.END)) {
            IOException error = null;
            long end = System.currentTimeMillis() + 10_000;
            while (error == null && System.currentTimeMillis() < end) {
                try {
                    s.poll(l -> { }, 10);
                } catch (IOException e) {
                    error = e;
                }
                Thread.sleep(20);
            }
            assertThat(error).isNotNull();
            assertThat(error.getMessage()).contains("Failed to seek to cursor").contains("unusable");
            assertThat(((Checkpoint.JournalCheckpoint) s.checkpoint()).cursor()).isNull();
            assertThat(s.command(null)).containsSubsequence("-n", "0");
        }
    }
}
