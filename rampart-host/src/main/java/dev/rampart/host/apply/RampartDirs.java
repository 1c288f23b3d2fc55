package dev.rampart.host.apply;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where safe apply keeps its files, all below one root ({@code /} on a real host; a temporary
 * directory in tests, given with {@code --root} or {@code $RAMPART_ROOT}):
 * <ul>
 *   <li>{@code ROOT/var/lib/rampart/history/} — the history store (survives reboots);</li>
 *   <li>{@code ROOT/run/rampart/apply.lock} — the lock that serialises applies, confirms and rollbacks;</li>
 *   <li>{@code ROOT/run/rampart/pending} — the number of the entry waiting for confirmation;</li>
 *   <li>{@code ROOT/run/rampart/watcher-ID.pid} and {@code .log} — the rollback watcher of entry ID.</li>
 * </ul>
 *
 * @param root the prefix
 */
public record RampartDirs(Path root) {
    /** Environment variable naming the root when {@code --root} is not given. */
    public static final String ROOT_ENV = "RAMPART_ROOT";

    public RampartDirs {
        Objects.requireNonNull(root, "root");
        root = root.toAbsolutePath().normalize();
    }

    /** {@code --root} if given, else {@code $RAMPART_ROOT}, else {@code /}. */
    public static RampartDirs resolve(Path rootOption, Map<String, String> env) {
        if (rootOption != null) {
            return new RampartDirs(rootOption);
        }
        String e = env.get(ROOT_ENV);
        return new RampartDirs(Path.of(e == null || e.isBlank() ? "/" : e));
    }

    /** {@code ROOT/var/lib/rampart/history}. */
    public Path history() {
        return root.resolve("var/lib/rampart/history");
    }

    /** {@code ROOT/run/rampart}. */
    public Path run() {
        return root.resolve("run/rampart");
    }

    /** {@code ROOT/run/rampart/apply.lock}. */
    public Path lockFile() {
        return run().resolve("apply.lock");
    }

    /** {@code ROOT/run/rampart/pending}: holds the id of the entry awaiting confirmation. */
    public Path pendingFile() {
        return run().resolve("pending");
    }

    /** {@code ROOT/run/rampart/watcher-ID.pid}: written by the watcher once it is armed. */
    public Path watcherPidFile(long id) {
        return run().resolve("watcher-" + id + ".pid");
    }

    /** {@code ROOT/run/rampart/watcher-ID.log}: the watcher's standard output and error. */
    public Path watcherLog(long id) {
        return run().resolve("watcher-" + id + ".log");
    }
}
