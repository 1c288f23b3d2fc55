package dev.rampart.host.persist;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;

/**
 * Replaces a file so that a reader (or a reboot) sees either the old content or the new one, never a
 * part: the new content goes to a temporary file in the same directory ({@code .NAME.*.rampart-tmp}),
 * which is flushed to disk ({@code fsync}) and then renamed over the file ({@code rename(2)} is atomic
 * within a filesystem); the directory is flushed afterwards so the rename survives a crash. Before the
 * rename, the current file is copied to {@code NAME + previousSuffix} (itself replaced atomically), so
 * the last content stays one {@code mv} away.
 *
 * <p>A symbolic link is followed: the file it points to is replaced (in its own directory) and the link
 * stays. The new file gets the mode of the file it replaces, or {@code defaultMode} when there was none. A
 * file whose content is already the new content is left alone (and its previous copy too). Any failure
 * removes the temporary files and leaves the original untouched; it is reported as a
 * {@link PersistException} naming the file.
 */
public final class AtomicFileWriter {
    /** Suffix of the copy of the replaced file: {@code rules.v4.rampart-prev}. */
    public static final String PREVIOUS_SUFFIX = ".rampart-prev";

    /** What happened to one file. */
    public enum Outcome {
        /** The file was written (created or replaced). */
        WRITTEN,
        /** The file already held exactly this content; nothing was written. */
        UNCHANGED
    }

    /**
     * The result of one write.
     *
     * @param target   the file
     * @param outcome  written or unchanged
     * @param previous the copy of the replaced content, null when there was no file before or nothing changed
     * @param mode     the file's permission bits
     */
    public record Result(Path target, Outcome outcome, Path previous, Set<PosixFilePermission> mode) {
        public Result {
            mode = Set.copyOf(mode);
        }
    }

    private AtomicFileWriter() {
    }

    /** The previous-content copy of {@code target}. */
    public static Path previousOf(Path target) {
        return target.resolveSibling(target.getFileName() + PREVIOUS_SUFFIX);
    }

    /**
     * Writes {@code content} to {@code target} atomically, keeping the old content in {@link #previousOf}.
     *
     * @param defaultMode permission bits for a new file, e.g. {@code 0640}
     * @throws PersistException when the directory is missing or not writable, or any step fails
     */
    public static Result write(Path link, byte[] content, int defaultMode) {
        Path target = link;
        if (Files.isSymbolicLink(link)) {
            // write where the link points, and keep the link: administrators link the rules into a repository
            try {
                target = link.toRealPath();
            } catch (IOException e) {
                throw new PersistException("cannot write " + link + ": it is a symbolic link to a missing file", e);
            }
        }
        Path dir = target.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new PersistException("cannot write " + target + ": directory " + dir + " does not exist", null);
        }
        if (Files.isDirectory(target)) {
            throw new PersistException("cannot write " + target + ": it is a directory", null);
        }
        boolean exists = Files.isRegularFile(target);
        Set<PosixFilePermission> mode = permissions(defaultMode);
        try {
            if (exists) {
                mode = Files.getPosixFilePermissions(target);
                if (Arrays.equals(Files.readAllBytes(target), content)) {
                    return new Result(target, Outcome.UNCHANGED, null, mode);
                }
            }
        } catch (IOException e) {
            throw new PersistException("cannot read " + target + ": " + reason(e), e);
        }
        String name = target.getFileName().toString();
        Path tmp = null;
        Path prevTmp = null;
        try {
            tmp = createTemp(dir, name, mode);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            // createTempFile applies the umask to the requested mode; set it exactly
            Files.setPosixFilePermissions(tmp, mode);
            Path previous = null;
            if (exists) {
                previous = previousOf(target);
                prevTmp = createTemp(dir, name + PREVIOUS_SUFFIX, mode);
                Files.copy(target, prevTmp, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                try (FileChannel ch = FileChannel.open(prevTmp, StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
                Files.move(prevTmp, previous, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                prevTmp = null;
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
            syncDirectory(dir);
            return new Result(target, Outcome.WRITTEN, previous, mode);
        } catch (IOException e) {
            throw new PersistException("cannot write " + target + ": " + reason(e) + " (the file is unchanged)", e);
        } finally {
            deleteQuietly(tmp);
            deleteQuietly(prevTmp);
        }
    }

    private static Path createTemp(Path dir, String name, Set<PosixFilePermission> mode) throws IOException {
        try {
            return Files.createTempFile(dir, "." + name + ".", ".rampart-tmp",
                    PosixFilePermissions.asFileAttribute(mode));
        } catch (FileSystemException e) {
            throw new AccessDeniedException(dir.toString(), null, "directory is not writable: "
                    + (e.getReason() == null ? e.getClass().getSimpleName() : e.getReason()));
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some filesystems do not allow opening or syncing a directory; the rename itself has happened
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // best effort: a leftover dot-file never replaces the real file
            }
        }
    }

    /** The permission set of octal {@code mode} (e.g. 0640). */
    public static Set<PosixFilePermission> permissions(int mode) {
        StringBuilder sb = new StringBuilder();
        String rwx = "rwx";
        for (int shift = 6; shift >= 0; shift -= 3) {
            int bits = (mode >> shift) & 7;
            for (int i = 0; i < 3; i++) {
                sb.append((bits & (4 >> i)) != 0 ? rwx.charAt(i) : '-');
            }
        }
        return PosixFilePermissions.fromString(sb.toString());
    }

    /** Octal text of a permission set, e.g. {@code 0640}. */
    public static String octal(Set<PosixFilePermission> perms) {
        int mode = 0;
        for (PosixFilePermission p : perms) {
            mode |= 1 << (8 - p.ordinal());
        }
        return String.format("0%o", mode);
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException a) {
            return "permission denied on " + a.getFile()
                    + (a.getReason() == null ? "" : " (" + a.getReason() + ")");
        }
        if (e instanceof FileSystemException f) {
            return (f.getReason() == null ? f.getClass().getSimpleName() : f.getReason())
                    + (f.getFile() == null ? "" : " (" + f.getFile() + ")");
        }
        return String.valueOf(e.getMessage());
    }
}
