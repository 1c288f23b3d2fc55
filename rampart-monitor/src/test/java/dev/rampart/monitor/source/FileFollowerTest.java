package dev.rampart.monitor.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileFollowerTest {
    @TempDir
    Path dir;

    private final List<String> got = new ArrayList<>();

    private void append(Path p, String text) throws IOException {
        Files.writeString(p, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private int poll(FileFollower f) throws IOException {
        return f.poll(l -> got.add(((SourceLine.Text) l).text()), 1000);
    }

    @Test
    void deliversCompleteLinesOnlyAndStripsCarriageReturns() throws IOException {
        Path log = dir.resolve("auth.log");
        append(log, "one\r\ntwo\nthr");
        try (FileFollower f = new FileFollower(log, null, FileFollower.Start.BEGINNING)) {
            poll(f);
            assertThat(got).containsExactly("one", "two");
            append(log, "ee\n");
            poll(f);
            assertThat(got).containsExactly("one", "two", "three");
            assertThat(((Checkpoint.FileCheckpoint) f.checkpoint()).offset()).isEqualTo(Files.size(log));
        }
    }

    @Test
    void startAtEndSkipsWhatIsAlreadyThere() throws IOException {
        Path log = dir.resolve("auth.log");
        append(log, "old\n");
        try (FileFollower f = new FileFollower(log, null, FileFollower.Start.END)) {
            poll(f);
            append(log, "new\n");
            poll(f);
            assertThat(got).containsExactly("new");
        }
    }

    @Test
    void renameRotationFinishesTheOldFileThenReadsTheNewOne() throws IOException {
        Path log = dir.resolve("auth.log");
        append(log, "a1\na2\n");
        try (FileFollower f = new FileFollower(log, null, FileFollower.Start.BEGINNING)) {
            poll(f);
            // written after our last read, before logrotate renames: must not be lost
            append(log, "a3\na4-without-newline");
            Files.move(log, dir.resolve("auth.log.1"));
            poll(f); // the path is missing: the old file is drained
            append(log, "b1\n");
            poll(f);
            append(log, "b2\n");
            poll(f);
            assertThat(got).containsExactly("a1", "a2", "a3", "a4-without-newline", "b1", "b2");
            assertThat(f.rotations()).isEqualTo(1);
        }
    }

    @Test
    void renameRotationWithTheNewFileAlreadyThere() throws IOException {
        Path log = dir.resolve("auth.log");
        append(log, "a1\n");
        try (FileFollower f = new FileFollower(log, null, FileFollower.Start.BEGINNING)) {
            poll(f);
            append(log, "a2\n");
            Files.move(log, dir.resolve("auth.log.1"));
            append(log, "b1\n");
            poll(f);
            assertThat(got).containsExactly("a1", "a2", "b1");
        }
    }

    @Test
    void copytruncateRestartsAtTheStart() throws IOException {
        Path log = dir.resolve("syslog");
        append(log, "a1 a long first line\na2 another line\n");
        try (FileFollower f = new FileFollower(log, null, FileFollower.Start.BEGINNING)) {
            poll(f);
            Files.copy(log, dir.resolve("syslog.1"));
            Files.write(log, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
            append(log, "b1\n");
            poll(f);
            assertThat(got).containsExactly("a1 a long first line", "a2 another line", "b1");
            assertThat(f.truncations()).isEqualTo(1);
        }
    }

    @Test
    void resumesAtTheCheckpointWithoutRepeatingOrSkipping() throws IOException {
        Path log = dir.resolve("kern.log");
        append(log, "l1\nl2\n");
        Checkpoint.FileCheckpoint cp;
        try (FileFollower f = new FileFollower(log, null, FileFollower.Start.BEGINNING)) {
            poll(f);
            cp = (Checkpoint.FileCheckpoint) f.checkpoint();
        }
        append(log, "l3\n");
        try (FileFollower f = new FileFollower(log, cp, FileFollower.Start.END)) {
            poll(f);
        }
        assertThat(got).containsExactly("l1", "l2", "l3");
    }

    @Test
    void resumesInTheRotatedFileWhenRotationHappenedWhileStopped() throws IOException {
        Path log = dir.resolve("auth.log");
        append(log, "a1\n");
        Checkpoint.FileCheckpoint cp;
        try (FileFollower f = new FileFollower(log, null, FileFollower.Start.BEGINNING)) {
            poll(f);
            cp = (Checkpoint.FileCheckpoint) f.checkpoint();
        }
        append(log, "a2\n");
        Files.move(log, dir.resolve("auth.log.1"));
        append(log, "b1\n");
        try (FileFollower f = new FileFollower(log, cp, FileFollower.Start.END)) {
            poll(f);
            poll(f);
            append(log, "b2\n");
            poll(f);
        }
        assertThat(got).containsExactly("a1", "a2", "b1", "b2");
    }

    @Test
    void aTruncatedFileWhileStoppedIsReadFromItsStart() throws IOException {
        Path log = dir.resolve("auth.log");
        append(log, "a1 first line of some length\n");
        Checkpoint.FileCheckpoint cp;
        try (FileFollower f = new FileFollower(log, null, FileFollower.Start.BEGINNING)) {
            poll(f);
            cp = (Checkpoint.FileCheckpoint) f.checkpoint();
        }
        Files.writeString(log, "a1\n"); // same inode, truncated and rewritten: the fingerprint changes
        try (FileFollower f = new FileFollower(log, cp, FileFollower.Start.END)) {
            poll(f);
        }
        assertThat(got).containsExactly("a1 first line of some length", "a1");
    }

    @Test
    void aNewFileAtThePathWithTheOldOneGoneIsReadWhole() throws IOException {
        Path log = dir.resolve("auth.log");
        append(log, "a1\n");
        Checkpoint.FileCheckpoint cp;
        try (FileFollower f = new FileFollower(log, null, FileFollower.Start.BEGINNING)) {
            poll(f);
            cp = (Checkpoint.FileCheckpoint) f.checkpoint();
        }
        Files.delete(log);
        append(log, "b1\nb2\n");
        try (FileFollower f = new FileFollower(log, cp, FileFollower.Start.END)) {
            poll(f);
        }
        assertThat(got).containsExactly("a1", "b1", "b2");
    }

    @Test
    void waitsForAFileThatDoesNotExistYet() throws IOException {
        Path log = dir.resolve("later.log");
        try (FileFollower f = new FileFollower(log, null, FileFollower.Start.END)) {
            assertThat(poll(f)).isZero();
            append(log, "first\n");
            poll(f);
            assertThat(got).containsExactly("first");
        }
    }

    @Test
    void invalidUtf8IsReplacedNotFatal() throws IOException {
        Path log = dir.resolve("bin.log");
        Files.write(log, new byte[] {'a', (byte) 0xff, 'b', '\n'});
        try (FileFollower f = new FileFollower(log, null, FileFollower.Start.BEGINNING)) {
            poll(f);
        }
        assertThat(got).containsExactly("a\ufffdb");
    }
}
