package dev.rampart.host.apply;

import dev.rampart.host.HostException;
import dev.rampart.host.ProcessRunner;
import dev.rampart.host.history.EntryKind;
import dev.rampart.host.history.EntryStatus;
import dev.rampart.host.history.HistoryEntry;
import dev.rampart.host.history.HistoryEvent;
import dev.rampart.host.history.HistoryStore;
import dev.rampart.host.history.Manifest;
import dev.rampart.host.history.RulesetState;
import dev.rampart.host.history.Session;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * Puts a previous state back. Two uses:
 * <ul>
 *   <li>{@link #rollBackOpen}: an apply that was not confirmed (timeout, its process died, or the admin
 *       asked) — its {@code before/} state is restored and the entry marked {@code rolled-back};</li>
 *   <li>{@link #restoreEntry}: {@code rampart rollback [ID]} when nothing is pending — restores the state
 *       entry ID applied (or, without ID, the state before the latest approved apply) and records the
 *       change as a new {@code rollback} entry, so it can itself be undone.</li>
 * </ul>
 * Callers hold the {@link ApplyLock}. Each restore is logged through {@code log} (stderr of the
 * command or the watcher's log file) and to syslog ({@code logger -t rampart}, best effort).
 */
public final class Rollback {
    private final RampartDirs dirs;
    private final ProcessRunner runner;
    private final Clock clock;
    private final Consumer<String> log;
    private final HistoryStore store;

    public Rollback(RampartDirs dirs, ProcessRunner runner, Clock clock, Consumer<String> log) {
        this.dirs = dirs;
        this.runner = runner;
        this.clock = clock;
        this.log = log;
        this.store = new HistoryStore(dirs.history());
    }

    /**
     * Restores the {@code before/} state of the open entry {@code entry} (status applying or pending)
     * and marks it rolled back with {@code why}. Returns the updated entry.
     *
     * @throws ApplyException (RESTORE_FAILED) when the restore fails; the entry records the failure
     */
    public HistoryEntry rollBackOpen(HistoryEntry entry, String why) throws IOException {
        RulesetState before = store.state(entry, HistoryStore.BEFORE);
        RulesetState after = store.state(entry, HistoryStore.AFTER);
        List<String> problems = new StateLoader(runner).restore(before, after);
        String msg = "entry " + entry.id() + " rolled back: " + why;
        HistoryEntry updated;
        if (problems.isEmpty()) {
            updated = store.update(entry, entry.manifest().withStatus(EntryStatus.ROLLED_BACK,
                    new HistoryEvent(clock.instant(), "rolled-back", why + "; previous state restored")));
        } else {
            msg = "entry " + entry.id() + ": restoring the previous state FAILED (" + why + "): "
                    + String.join("; ", problems);
            updated = store.update(entry, entry.manifest().withStatus(EntryStatus.ROLLED_BACK,
                    new HistoryEvent(clock.instant(), "restore-failed", msg)));
        }
        store.sync(updated);
        new PendingMarker(dirs).clear(entry.id());
        report(msg);
        if (!problems.isEmpty()) {
            throw new ApplyException(ApplyException.Problem.RESTORE_FAILED, msg);
        }
        return updated;
    }

    /**
     * {@code rampart rollback [ID]} with nothing pending: restores the {@code after/} state of entry
     * {@code id} (loaded as an apply would: tables and sets it does not name are left alone), or (id
     * null) undoes the latest approved entry — its {@code before/} state comes back as after a timeout,
     * tables it added emptied and sets it created destroyed — and records a new approved
     * {@code rollback} entry.
     *
     * @param force allow restoring an entry that was never approved
     */
    public HistoryEntry restoreEntry(Long id, boolean force, Session session, String reason) throws IOException {
        List<HistoryEntry> all = store.list();
        HistoryEntry source;
        RulesetState state;
        RulesetState undone = null;
        String what;
        if (id == null) {
            source = null;
            for (int i = all.size() - 1; i >= 0; i--) {
                Manifest m = all.get(i).manifest();
                if (m.status() == EntryStatus.APPROVED) {
                    source = all.get(i);
                    break;
                }
            }
            if (source == null) {
                throw new ApplyException(ApplyException.Problem.REFUSED,
                        "nothing to roll back: the history has no approved change (see 'rampart history list')");
            }
            undone = store.state(source, HistoryStore.AFTER);
            state = store.state(source, HistoryStore.BEFORE).restrictedTo(undone);
            what = "the state before entry " + source.id();
        } else {
            source = store.find(id).orElseThrow(() -> new ApplyException(ApplyException.Problem.REFUSED,
                    "no history entry " + id + " (see 'rampart history list')"));
            if (source.manifest().status() != EntryStatus.APPROVED && !force) {
                throw new ApplyException(ApplyException.Problem.REFUSED, "entry " + id + " is "
                        + source.manifest().status().word() + ", not approved: its ruleset was never confirmed to "
                        + "keep the admin's access; give --force to restore it anyway");
            }
            state = store.state(source, HistoryStore.AFTER);
            what = "the state applied by entry " + id;
        }
        List<String> bad = store.verify(source);
        if (!bad.isEmpty()) {
            throw new ApplyException(ApplyException.Problem.HISTORY, "entry " + source.id()
                    + " is damaged: " + String.join(", ", bad) + " no longer match the hashes in its manifest");
        }
        RulesetState live = LiveState.read(runner, state);
        RulesetState liveTouched = live.restrictedTo(state);
        Manifest draft = new Manifest(0, EntryKind.ROLLBACK, EntryStatus.APPROVED, clock.instant(), reason,
                "entry " + source.id(), session, null, null, 0, null, 0, netnsOf(runner), source.id(), List.of(),
                null, null, List.of(new HistoryEvent(clock.instant(), "saved", "restoring " + what)));
        HistoryEntry entry;
        try {
            entry = store.create(draft, liveTouched, state);
        } catch (IOException e) {
            throw new ApplyException(ApplyException.Problem.HISTORY, "cannot write the history store "
                    + store.dir() + " (nothing was changed): " + e.getMessage(), e);
        }
        if (undone == null) {
            new StateLoader(runner).load(state, liveTouched, Map.of());
        } else {
            // undoing an apply: also empty the tables and destroy the sets it added
            List<String> problems = new StateLoader(runner).restore(state, undone);
            if (!problems.isEmpty()) {
                String msg = "entry " + entry.id() + ": restoring " + what + " FAILED: " + String.join("; ", problems);
                store.update(entry, entry.manifest().withEvent(new HistoryEvent(clock.instant(), "restore-failed", msg)));
                report(msg);
                throw new ApplyException(ApplyException.Problem.RESTORE_FAILED, msg);
            }
        }
        entry = store.update(entry, entry.manifest().withEvent(new HistoryEvent(clock.instant(), "restored", what)));
        store.sync(entry);
        report("entry " + entry.id() + ": restored " + what);
        return entry;
    }

    /** The entry {@code /run/rampart/pending} names, when it is still open. */
    public HistoryEntry openEntry() throws IOException {
        OptionalLong id = new PendingMarker(dirs).read();
        if (id.isEmpty()) {
            return null;
        }
        HistoryEntry e = store.find(id.getAsLong()).orElse(null);
        if (e == null || !e.manifest().status().isOpen()) {
            new PendingMarker(dirs).clear(id.getAsLong());
            return null;
        }
        return e;
    }

    private void report(String msg) {
        log.accept("rampart: " + msg);
        try {
            new ProcessRunner().withTimeout(Duration.ofSeconds(5)).run(List.of("logger", "-t", "rampart", msg), null);
        } catch (HostException ignored) {
            // no syslog on this host; the message went to the log above
        }
    }

    /** The namespace name of a runner made with {@code inNetns}, or null. */
    static String netnsOf(ProcessRunner runner) {
        List<String> p = runner.prefix();
        for (int i = 0; i + 3 < p.size(); i++) {
            if (p.get(i).equals("ip") && p.get(i + 1).equals("netns") && p.get(i + 2).equals("exec")) {
                return p.get(i + 3);
            }
        }
        return null;
    }
}
