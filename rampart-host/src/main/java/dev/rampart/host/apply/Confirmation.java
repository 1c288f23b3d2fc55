package dev.rampart.host.apply;

import dev.rampart.host.history.EntryStatus;
import dev.rampart.host.history.HistoryEntry;
import dev.rampart.host.history.HistoryEvent;
import dev.rampart.host.history.HistoryStore;
import dev.rampart.host.history.Session;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * {@code rampart confirm}: approves the pending entry, which cancels its rollback — but only from a
 * connection that proves new connections still work.
 *
 * <p>Accepted:
 * <ul>
 *   <li>the apply ran over SSH: the confirming session must be SSH as well, and its
 *       {@code $SSH_CONNECTION} must differ from the applying one (another TCP connection: a different
 *       client address or port), i.e. a fresh login made through the new rules;</li>
 *   <li>{@code local}: the confirming session has no {@code $SSH_CONNECTION} (a console or serial
 *       login) and the admin says so explicitly with {@code --local}. This is the only way to confirm
 *       an apply made from a console, and it proves only that the console works, which is recorded.</li>
 * </ul>
 * Refused: the same SSH connection (a second shell in the same session or multiplexed channel shares
 * the TCP connection), nothing pending, or the deadline passed (the watcher restores or has restored).
 */
public final class Confirmation {
    private final RampartDirs dirs;
    private final Clock clock;

    public Confirmation(RampartDirs dirs, Clock clock) {
        this.dirs = Objects.requireNonNull(dirs, "dirs");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Approves the pending entry for {@code session}.
     *
     * @param local the admin confirms from a console ({@code --local})
     * @throws ApplyException REFUSED with the reason, or LOCKED
     */
    public HistoryEntry confirm(Session session, boolean local, Duration lockWait) throws IOException {
        try (ApplyLock lock = ApplyLock.acquire(dirs.lockFile(), lockWait)) {
            if (lock == null) {
                throw new ApplyException(ApplyException.Problem.LOCKED, "another rampart command holds "
                        + dirs.lockFile() + "; try again");
            }
            HistoryEntry entry = new Rollback(dirs, new dev.rampart.host.ProcessRunner(), clock, s -> { }).openEntry();
            if (entry == null) {
                throw new ApplyException(ApplyException.Problem.REFUSED, "nothing waits for confirmation"
                        + lastOutcome());
            }
            var m = entry.manifest();
            if (m.status() != EntryStatus.PENDING) {
                throw new ApplyException(ApplyException.Problem.REFUSED, "entry " + m.id() + " is still being applied; "
                        + "confirm once 'rampart apply' says it waits for confirmation");
            }
            if (m.deadline() != null && !clock.instant().isBefore(m.deadline())) {
                throw new ApplyException(ApplyException.Problem.REFUSED, "too late: entry " + m.id()
                        + "'s deadline " + m.deadline() + " has passed; the previous state is being restored");
            }
            String how = check(m.session(), session, local);
            HistoryStore store = new HistoryStore(dirs.history());
            entry = store.update(entry, m.withStatus(EntryStatus.APPROVED, new HistoryEvent(clock.instant(),
                    "confirmed", how)));
            store.sync(entry);
            new PendingMarker(dirs).clear(m.id());
            return entry;
        }
    }

    /** Returns how the confirmation proved itself, or throws REFUSED. */
    static String check(Session applying, Session confirming, boolean local) {
        if (local) {
            if (confirming.sshConnection() != null) {
                throw new ApplyException(ApplyException.Problem.REFUSED, "--local is for a console login, but this "
                        + "session is SSH (" + confirming.sshConnection() + "); confirm without --local");
            }
            return "confirmed locally (console" + (confirming.tty() == null ? "" : " " + confirming.tty())
                    + ", user " + confirming.user() + "); new SSH connections were not proved";
        }
        if (confirming.sshConnection() == null) {
            throw new ApplyException(ApplyException.Problem.REFUSED, "this session is not an SSH connection "
                    + "($SSH_CONNECTION is not set), so it proves nothing about new connections; log in again over "
                    + "SSH and run 'rampart confirm' there, or, at the console, 'rampart confirm --local'");
        }
        if (confirming.sshConnection().equals(applying.sshConnection())) {
            throw new ApplyException(ApplyException.Problem.REFUSED, "this is the same SSH connection that ran "
                    + "'rampart apply' (" + confirming.sshConnection() + "); it existed before the new rules, so it "
                    + "proves nothing: open a NEW SSH connection and run 'rampart confirm' there");
        }
        return "confirmed from a new SSH connection " + confirming.sshConnection()
                + (applying.sshConnection() == null ? " (the apply ran from a console)"
                : " (the apply ran over " + applying.sshConnection() + ")");
    }

    private String lastOutcome() throws IOException {
        var all = new HistoryStore(dirs.history()).list();
        if (all.isEmpty()) {
            return "";
        }
        var m = all.get(all.size() - 1).manifest();
        return "; the latest entry " + m.id() + " is " + m.status().word();
    }
}
