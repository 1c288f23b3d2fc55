package dev.rampart.host.apply;

import dev.rampart.host.ProcessRunner;
import dev.rampart.host.history.EntryStatus;
import dev.rampart.host.history.HistoryEntry;
import dev.rampart.host.history.HistoryStore;
import dev.rampart.host.history.Manifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * The body of the detached rollback watcher process ({@code rampart __rollback-watcher}, started by
 * {@link SafeApply} through its {@link SafeApply.WatcherLauncher}). It runs in its own session without
 * a terminal, so the admin's session dying (SIGHUP, a killed SSH connection, a killed
 * {@code rampart apply}) does not touch it.
 *
 * <p>It is started while the apply still checks the input and writes the entry. It announces itself
 * armed at once by writing its pid to {@link RampartDirs#watcherPidFile(long)} (the apply changes
 * nothing before that), then waits for the entry to be committed — and exits when the apply refuses,
 * fails before any change, or dies before committing. Once the entry exists it polls the manifest
 * every {@link #POLL} and decides:
 * <ul>
 *   <li>{@code applying} and the applying process is gone: the apply died half-way — restore now;</li>
 *   <li>{@code pending} and the deadline has passed — restore now;</li>
 *   <li>{@code approved}, {@code rolled-back}, {@code failed} — someone else settled it; exit.</li>
 * </ul>
 * Restoring happens under the {@link ApplyLock} after re-reading the manifest, so a
 * {@link Confirmation} that wins the lock first cancels it.
 */
public final class RollbackWatcher {
    /** Poll interval of the manifest. */
    static final Duration POLL = Duration.ofMillis(100);

    private final RampartDirs dirs;
    private final ProcessRunner runner;
    private final Clock clock;
    private final Consumer<String> log;
    private final HistoryStore store;

    public RollbackWatcher(RampartDirs dirs, ProcessRunner runner, Clock clock, Consumer<String> log) {
        this.dirs = dirs;
        this.runner = runner;
        this.clock = clock;
        this.log = log;
        this.store = new HistoryStore(dirs.history());
    }

    /**
     * Watches entry {@code id} until it is settled. Returns the final status, or null when the entry
     * was never committed.
     *
     * @param applyPid the applying process, or 0 when unknown
     *
     * @throws IOException when the entry cannot be read or the pid file cannot be written
     */
    public EntryStatus watch(long id, long applyPid) throws IOException, InterruptedException {
        dev.rampart.host.history.ManifestJson.warmUp();
        // armed from here: the apply changes nothing before this file exists, and from now on this process
        // watches entry id as soon as it is committed (even if the apply dies right after committing it)
        writePid(id);
        log.accept("rampart watcher: armed (pid " + ProcessHandle.current().pid() + "); waiting for entry " + id);
        HistoryEntry entry = awaitEntry(id, applyPid);
        if (entry == null) {
            log.accept("rampart watcher: entry " + id + " was not committed (refused, invalid input or the apply "
                    + "failed before changing anything); nothing to watch");
            cleanup(id);
            return null;
        }
        log.accept("rampart watcher: watching entry " + id);
        while (true) {
            entry = store.reload(entry);
            Manifest m = entry.manifest();
            String why = reasonToRestore(m);
            if (!m.status().isOpen()) {
                log.accept("rampart watcher: entry " + id + " is " + m.status().word() + "; nothing to do");
                cleanup(id);
                return m.status();
            }
            if (why != null) {
                try (ApplyLock lock = ApplyLock.acquire(dirs.lockFile(), Duration.ofMinutes(5))) {
                    if (lock == null) {
                        log.accept("rampart watcher: cannot take " + dirs.lockFile() + "; retrying");
                        continue;
                    }
                    entry = store.reload(entry);
                    m = entry.manifest();
                    why = reasonToRestore(m);
                    if (m.status().isOpen() && why != null) {
                        try {
                            entry = new Rollback(dirs, runner, clock, log).rollBackOpen(entry, why);
                        } catch (ApplyException e) {
                            log.accept("rampart watcher: " + e.getMessage());
                        }
                        cleanup(id);
                        return store.reload(entry).manifest().status();
                    }
                }
                continue;
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /**
     * Waits for the apply to commit entry {@code id}. Null when it will not: the pending marker no
     * longer names it (the apply refused or failed and cleaned up), or the applying process is gone.
     */
    private HistoryEntry awaitEntry(long id, long applyPid) throws IOException, InterruptedException {
        PendingMarker pending = new PendingMarker(dirs);
        while (true) {
            var e = store.find(id);
            if (e.isPresent()) {
                return e.get();
            }
            var p = pending.read();
            if (p.isEmpty() || p.getAsLong() != id
                    || applyPid > 0 && ProcessHandle.of(applyPid).map(ProcessHandle::isAlive).orElse(false) == false) {
                e = store.find(id);
                return e.orElse(null);
            }
            Thread.sleep(20);
        }
    }

    /** Why the entry must be restored now, or null when it may wait. */
    private String reasonToRestore(Manifest m) {
        Instant now = clock.instant();
        if (m.status() == EntryStatus.PENDING && m.deadline() != null && !now.isBefore(m.deadline())) {
            return "not confirmed before the deadline " + m.deadline();
        }
        if (m.status() == EntryStatus.APPLYING && !m.session().processAlive()) {
            return "the applying process (pid " + m.session().pid() + ") died before the change was complete";
        }
        return null;
    }

    private void writePid(long id) throws IOException {
        Path f = dirs.watcherPidFile(id);
        Files.createDirectories(f.getParent());
        Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
        Files.writeString(tmp, ProcessHandle.current().pid() + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private void cleanup(long id) {
        try {
            Files.deleteIfExists(dirs.watcherPidFile(id));
        } catch (IOException ignored) {
            // a stale pid file is harmless: SafeApply deletes it before arming
        }
    }
}
