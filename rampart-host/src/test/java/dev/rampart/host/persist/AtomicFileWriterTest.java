package dev.rampart.host.persist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.host.persist.AtomicFileWriter.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Temp + rename, previous kept, modes, and failures that leave the old file untouched. */
class AtomicFileWriterTest {
    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private long tempFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".rampart-tmp")).count();
        }
    }

    @Test
    void newFileGetsTheDefaultModeAndNoPrevious() throws IOException {
        Path f = dir.resolve("rules.v4");
        AtomicFileWriter.Result r = AtomicFileWriter.write(f, b("one\n"), 0640);
        assertThat(r.outcome()).isEqualTo(Outcome.WRITTEN);
        assertThat(r.previous()).isNull();
        assertThat(Files.readString(f)).isEqualTo("one\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-r-----");
        assertThat(AtomicFileWriter.octal(Files.getPosixFilePermissions(f))).isEqualTo("0640");
        assertThat(tempFiles()).isZero();
    }

    @Test
    void replacingKeepsThePreviousContentAndTheExistingMode() throws IOException {
        Path f = dir.resolve("iptables");
        Files.writeString(f, "old\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        AtomicFileWriter.Result r = AtomicFileWriter.write(f, b("new\n"), 0644);
        assertThat(r.outcome()).isEqualTo(Outcome.WRITTEN);
        assertThat(r.previous()).isEqualTo(dir.resolve("iptables.rampart-prev"));
        assertThat(Files.readString(f)).isEqualTo("new\n");
        assertThat(Files.readString(r.previous())).isEqualTo("old\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(r.previous()))).isEqualTo("rw-------");

        AtomicFileWriter.write(f, b("newer\n"), 0644);
        assertThat(Files.readString(r.previous())).isEqualTo("new\n");
        assertThat(tempFiles()).isZero();
    }

    @Test
    void identicalContentIsLeftAloneAndThePreviousCopyToo() throws IOException {
        Path f = dir.resolve("rules.v6");
        AtomicFileWriter.write(f, b("a\n"), 0640);
        AtomicFileWriter.write(f, b("b\n"), 0640);
        AtomicFileWriter.Result r = AtomicFileWriter.write(f, b("b\n"), 0640);
        assertThat(r.outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(Files.readString(AtomicFileWriter.previousOf(f))).isEqualTo("a\n");
    }

    @Test
    void missingDirectoryIsRefused() {
        Path f = dir.resolve("nope/rules.v4");
        assertThatThrownBy(() -> AtomicFileWriter.write(f, b("x"), 0640))
                .isInstanceOf(PersistException.class)
                .hasMessageContaining("directory " + dir.resolve("nope") + " does not exist");
    }

    @Test
    void failureBeforeTheRenameLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path f = dir.resolve("rules.v4");
        Files.writeString(f, "old\n");
        // the previous-copy slot is a non-empty directory: keeping the previous content fails
        Path blocker = AtomicFileWriter.previousOf(f);
        Files.createDirectories(blocker.resolve("x"));
        assertThatThrownBy(() -> AtomicFileWriter.write(f, b("new\n"), 0640))
                .isInstanceOf(PersistException.class)
                .hasMessageContaining("cannot write " + f)
                .hasMessageContaining("the file is unchanged");
        assertThat(Files.readString(f)).isEqualTo("old\n");
        assertThat(tempFiles()).isZero();
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("rules.v4", "rules.v4.rampart-prev");
        }
    }

    @Test
    void unwritableDirectoryIsRefusedAndTheOldFileUntouched() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("ro"));
        Path f = sub.resolve("rules.v4");
        Files.writeString(f, "old\n");
        try (dev.rampart.host.ReadOnlyDirectory ro = dev.rampart.host.ReadOnlyDirectory.of(sub)) {
            assertThatThrownBy(() -> AtomicFileWriter.write(f, b("new\n"), 0640))
                    .isInstanceOf(PersistException.class)
                    .hasMessageContaining("cannot write " + f)
                    .hasMessageContaining("not writable");
            assertThat(Files.readString(f)).isEqualTo("old\n");
        }
    }

    @Test
    void aSymbolicLinkIsFollowedAndKept() throws IOException {
        Path real = Files.createDirectories(dir.resolve("repo")).resolve("rules.v4");
        Files.writeString(real, "old\n");
        Path link = Files.createSymbolicLink(dir.resolve("rules.v4"), real);
        AtomicFileWriter.Result r = AtomicFileWriter.write(link, b("new\n"), 0640);
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(real)).isEqualTo("new\n");
        assertThat(r.previous()).isEqualTo(dir.resolve("repo/rules.v4.rampart-prev"));
        assertThat(Files.readString(r.previous())).isEqualTo("old\n");
    }

    @Test
    void octalRoundTrip() {
        assertThat(AtomicFileWriter.octal(AtomicFileWriter.permissions(0600))).isEqualTo("0600");
        assertThat(AtomicFileWriter.octal(AtomicFileWriter.permissions(0644))).isEqualTo("0644");
    }
}
