package dev.rampart.host.history;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The on-disk history of firewall changes (format: docs/history-format.md). One directory per entry,
 * named by its number padded to six digits, holding {@code manifest.json}, {@code before/} (the live
 * state the change replaced) and {@code after/} (what it loaded), each with up to three files
 * ({@link RulesetState#FILE_NAMES}).
 *
 * <p>Durability: an entry is written into a hidden temporary directory, every state file is forced to
 * disk ({@code fsync}) as it is written, and the directory is renamed to its number only when the
 * manifest is complete, so a full disk or an unwritable store fails before the caller changes anything
 * and no reader ever sees a half-written numbered entry. Manifest updates are a temporary file renamed
 * over the old one. The manifest and the renames are forced to disk by {@link #sync} (safe apply
 * calls it once the new state is loaded, off the path that keeps the admin waiting; a power loss
 * before that loses the kernel's state as well).
 *
 * <p>Concurrency: callers that create entries or update manifests hold the apply lock
 * ({@code dev.rampart.host.apply.ApplyLock}); reading needs no lock (renames are atomic).
 */
public final class HistoryStore {
    /** The manifest's file name inside an entry directory. */
    public static final String MANIFEST = "manifest.json";
    /** The subdirectory holding the state a change replaced. */
    public static final String BEFORE = "before";
    /** The subdirectory holding the state a change loaded. */
    public static final String AFTER = "after";

    private static final Pattern ENTRY_DIR = Pattern.compile("\\d{6,}");

    private final Path dir;

    /** A store in {@code dir} (created on first write). */
    public HistoryStore(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir");
    }

    /** The store's directory. */
    public Path dir() {
        return dir;
    }

    /**
     * Writes a new entry with the next free number: {@code before}, {@code after} and the manifest
     * (its id, file digests and hashes filled in). Everything is on disk when this returns.
     *
     * @throws IOException when the store cannot be written (nothing numbered is left behind)
     */
    public HistoryEntry create(Manifest draft, RulesetState before, RulesetState after) throws IOException {
        Reservation r = reserve();
        try {
            r.write(BEFORE, before);
            r.write(AFTER, after);
            HistoryEntry e = r.commit(draft);
            sync(e);
            return e;
        } catch (IOException | RuntimeException e) {
            r.abandon();
            throw e;
        }
    }

    /**
     * Reserves the next entry number and its hidden temporary directory, so that the files can be
     * written while other work goes on ({@link Reservation#write}), and the entry appears under its
     * number only at {@link Reservation#commit}. Callers hold the apply lock from reserve to commit.
     */
    public Reservation reserve() throws IOException {
        Files.createDirectories(dir);
        long id = nextId();
        Path tmp = dir.resolve(".new-" + name(id) + "-" + ProcessHandle.current().pid());
        deleteTree(tmp);
        Files.createDirectory(tmp);
        return new Reservation(id, tmp);
    }

    /** An entry being written: a number and a hidden directory (see {@link #reserve()}). */
    public final class Reservation {
        private final long id;
        private final Path tmp;
        private final List<FileDigest> digests = new ArrayList<>();

        private Reservation(long id, Path tmp) {
            this.id = id;
            this.tmp = tmp;
        }

        /** The number the entry will have. */
        public long id() {
            return id;
        }

        /** Writes the {@code before/} or {@code after/} files (forced to disk). */
        public synchronized void write(String side, RulesetState state) throws IOException {
            List<FileDigest> d = new ArrayList<>();
            writeState(tmp, side, state, d);
            digests.addAll(d);
        }

        /** Writes the manifest and renames the directory to its number; the entry exists from here on. */
        public synchronized HistoryEntry commit(Manifest draft) throws IOException {
            List<FileDigest> ordered = new ArrayList<>();
            for (String side : List.of(BEFORE, AFTER)) {
                for (String f : RulesetState.FILE_NAMES) {
                    digests.stream().filter(x -> x.path().equals(side + "/" + f)).forEach(ordered::add);
                }
            }
            // the hashes come from the digests made while writing: no second pass over a big ruleset
            Manifest m = draft.withStored(id, ordered, ContentHash.ofDigests(ordered, AFTER),
                    ContentHash.ofDigests(ordered, BEFORE));
            // the state files are already on disk; the manifest and the renames are made durable by sync()
            Files.writeString(tmp.resolve(MANIFEST), ManifestJson.write(m), StandardCharsets.UTF_8);
            Path target = dir.resolve(name(id));
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            return new HistoryEntry(target, m);
        }

        /** Deletes the temporary directory (best effort); the number stays free. */
        public void abandon() {
            try {
                deleteTree(tmp);
            } catch (IOException ignored) {
                // a hidden leftover is ignored by list() and replaced by the next reserve()
            }
        }
    }

    /**
     * Replaces the manifest of {@code entry} with {@code updated} (atomically: temporary file and
     * rename, so readers see the old or the new manifest, never a mix) and returns the new entry. The
     * new manifest is visible to every process at once; {@link #sync} makes it durable.
     */
    public HistoryEntry update(HistoryEntry entry, Manifest updated) throws IOException {
        if (updated.id() != entry.id()) {
            throw new IllegalArgumentException("manifest id " + updated.id() + " does not match entry " + entry.id());
        }
        Path tmp = entry.dir().resolve("." + MANIFEST + ".tmp");
        Files.writeString(tmp, ManifestJson.write(updated), StandardCharsets.UTF_8);
        move(tmp, entry.dir().resolve(MANIFEST));
        return new HistoryEntry(entry.dir(), updated);
    }

    /** Forces {@code entry}'s manifest and the directories that name it to disk. */
    public void sync(HistoryEntry entry) throws IOException {
        try (FileChannel ch = FileChannel.open(entry.dir().resolve(MANIFEST), StandardOpenOption.READ)) {
            ch.force(true);
        }
        forceDir(entry.dir());
        forceDir(dir);
    }

    /** Every entry, oldest first. A directory whose manifest cannot be read is reported as an exception. */
    public List<HistoryEntry> list() throws IOException {
        List<HistoryEntry> out = new ArrayList<>();
        for (Path p : entryDirs()) {
            out.add(read(p));
        }
        return out;
    }

    /** The entry numbered {@code id}, if it exists. */
    public Optional<HistoryEntry> find(long id) throws IOException {
        Path p = dir.resolve(name(id));
        if (!Files.isDirectory(p)) {
            return Optional.empty();
        }
        return Optional.of(read(p));
    }

    /** Re-reads {@code entry}'s manifest. */
    public HistoryEntry reload(HistoryEntry entry) throws IOException {
        return read(entry.dir());
    }

    /** The stored {@code before/} or {@code after/} state of {@code entry} (absent files are null parts). */
    public RulesetState state(HistoryEntry entry, String side) throws IOException {
        Path d = entry.dir().resolve(side);
        String[] texts = new String[3];
        for (int i = 0; i < 3; i++) {
            Path f = d.resolve(RulesetState.FILE_NAMES.get(i));
            texts[i] = Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : null;
        }
        return new RulesetState(texts[0], texts[1], texts[2]);
    }

    /**
     * Checks the stored files of {@code entry} against the digests in its manifest; returns the paths
     * that differ or are missing (empty when intact).
     */
    public List<String> verify(HistoryEntry entry) throws IOException {
        List<String> bad = new ArrayList<>();
        for (FileDigest d : entry.manifest().files()) {
            Path f = entry.dir().resolve(d.path());
            if (!Files.exists(f) || !ContentHash.sha256(Files.readAllBytes(f)).equals(d.sha256())) {
                bad.add(d.path());
            }
        }
        return bad;
    }

    /** The directory name of entry {@code id}: the number padded to six digits. */
    public static String name(long id) {
        return String.format("%06d", id);
    }

    private HistoryEntry read(Path entryDir) throws IOException {
        String json;
        try {
            json = Files.readString(entryDir.resolve(MANIFEST), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IOException("history entry " + entryDir + " has no " + MANIFEST);
        }
        try {
            return new HistoryEntry(entryDir, ManifestJson.read(json));
        } catch (IllegalArgumentException e) {
            throw new IOException(entryDir.resolve(MANIFEST) + ": " + e.getMessage(), e);
        }
    }

    private List<Path> entryDirs() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (ENTRY_DIR.matcher(p.getFileName().toString()).matches() && Files.isDirectory(p)) {
                    out.add(p);
                }
            }
        }
        out.sort(Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString())));
        return out;
    }

    private long nextId() throws IOException {
        List<Path> dirs = entryDirs();
        return dirs.isEmpty() ? 1 : Long.parseLong(dirs.get(dirs.size() - 1).getFileName().toString()) + 1;
    }

    private static void writeState(Path entry, String side, RulesetState state, List<FileDigest> digests)
            throws IOException {
        Path d = entry.resolve(side);
        Files.createDirectory(d);
        for (String f : state.presentFiles()) {
            byte[] bytes = state.text(f).getBytes(StandardCharsets.UTF_8);
            writeDurably(d.resolve(f), bytes);
            digests.add(new FileDigest(side + "/" + f, ContentHash.sha256(bytes), bytes.length));
        }
        forceDir(d);
    }

    /** Writes and forces to disk, so that ENOSPC and I/O errors surface here, not later. */
    private static void writeDurably(Path file, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
    }

    private static void forceDir(Path d) {
        try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // some file systems cannot fsync a directory; the files themselves are on disk
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
