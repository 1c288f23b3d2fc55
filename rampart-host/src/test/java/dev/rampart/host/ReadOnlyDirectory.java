package dev.rampart.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Makes a test's own directory unwritable, also for root, for as long as it is open: a normal user gets
 * mode 0555; root ignores modes, so the directory is made immutable ({@code chattr +i}, which the kernel
 * enforces for root too), or, on a filesystem without that attribute, bind-mounted read-only onto itself
 * (root in a test that creates network namespaces can mount). {@link #close()} undoes it.
 */
public final class ReadOnlyDirectory implements AutoCloseable {
    private enum Way { MODE, IMMUTABLE, READ_ONLY_MOUNT }

    private final Path dir;
    private final Way way;

    private ReadOnlyDirectory(Path dir, Way way) {
        this.dir = dir;
        this.way = way;
    }

    /** Makes {@code dir} unwritable; throws when no way works (the message says what was tried). */
    public static ReadOnlyDirectory of(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        if (!RootRequirement.isRoot()) {
            return new ReadOnlyDirectory(dir, Way.MODE);
        }
        ProcessRunner host = new ProcessRunner();
        ProcessResult chattr = host.run(List.of("chattr", "+i", dir.toString()), null);
        if (chattr.succeeded()) {
            return new ReadOnlyDirectory(dir, Way.IMMUTABLE);
        }
        host.check(List.of("mount", "--bind", dir.toString(), dir.toString()), null);
        ProcessResult ro = host.run(List.of("mount", "-o", "remount,bind,ro", dir.toString()), null);
        if (!ro.succeeded()) {
            host.run(List.of("umount", dir.toString()), null);
            throw new IOException("cannot make " + dir + " read-only: chattr: " + chattr.stderr().strip()
                    + "; read-only bind mount: " + ro.stderr().strip());
        }
        return new ReadOnlyDirectory(dir, Way.READ_ONLY_MOUNT);
    }

    @Override
    public void close() throws IOException {
        ProcessRunner host = new ProcessRunner();
        switch (way) {
            case IMMUTABLE -> host.run(List.of("chattr", "-i", dir.toString()), null);
            case READ_ONLY_MOUNT -> host.run(List.of("umount", dir.toString()), null);
            case MODE -> {
            }
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
