package dev.rampart.host.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@code manifest.json} of one history entry (format in docs/history-format.md): who changed the
 * firewall, when, why, from which connection, what the lock-out check said, the content hashes of the
 * stored files, and the entry's status with its events.
 *
 * @param id             the entry number (1, 2, ...; the directory is the number padded to 6 digits)
 * @param kind           apply or rollback
 * @param status         where the entry is in its life
 * @param created        when the entry was created
 * @param reason         the admin's {@code --reason}, or empty
 * @param source         what was applied (a file path, {@code entry N} for a rollback)
 * @param session        the session that ran the command
 * @param admin          the admin address the lock-out check used, or null
 * @param lockout        the pre-flight verdict, or null (rollback)
 * @param timeoutSeconds the confirmation timeout, or 0 when none (rollback)
 * @param deadline       when the watcher restores the previous state unless confirmed, or null
 * @param watcherPid     the rollback watcher's pid, or 0 when none
 * @param netns          the network namespace the entry acted in ({@code ip netns exec}), or null for the host
 * @param restores       for a rollback: the entry whose state it restored; 0 otherwise
 * @param files          every stored file with its SHA-256
 * @param contentHash    SHA-256 over the {@code after/} files (see {@link ContentHash})
 * @param beforeHash     SHA-256 over the {@code before/} files
 * @param events         what happened, oldest first
 */
public record Manifest(long id, EntryKind kind, EntryStatus status, Instant created, String reason, String source,
                       Session session, String admin, LockoutVerdict lockout, long timeoutSeconds, Instant deadline,
                       long watcherPid, String netns, long restores, List<FileDigest> files, String contentHash,
                       String beforeHash, List<HistoryEvent> events) {

    /** Version of the on-disk format written by this code. */
    public static final int FORMAT = 1;

    public Manifest {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(session, "session");
        reason = reason == null ? "" : reason;
        source = source == null ? "" : source;
        files = List.copyOf(files);
        events = List.copyOf(events);
    }

    /** A copy with {@code status} and one more event. */
    public Manifest withStatus(EntryStatus newStatus, HistoryEvent event) {
        return new Manifest(id, kind, newStatus, created, reason, source, session, admin, lockout, timeoutSeconds,
                deadline, watcherPid, netns, restores, files, contentHash, beforeHash, append(event));
    }

    /** A copy with one more event. */
    public Manifest withEvent(HistoryEvent event) {
        return withStatus(status, event);
    }

    /** A copy with {@code deadline} and {@code status}, and one more event. */
    public Manifest withDeadline(Instant newDeadline, EntryStatus newStatus, HistoryEvent event) {
        return new Manifest(id, kind, newStatus, created, reason, source, session, admin, lockout, timeoutSeconds,
                newDeadline, watcherPid, netns, restores, files, contentHash, beforeHash, append(event));
    }

    /** A copy with the watcher's pid and one more event. */
    public Manifest withWatcher(long pid, HistoryEvent event) {
        return new Manifest(id, kind, status, created, reason, source, session, admin, lockout, timeoutSeconds,
                deadline, pid, netns, restores, files, contentHash, beforeHash, append(event));
    }

    /** A copy with the id and file digests filled in (done by the store when it writes the entry). */
    Manifest withStored(long newId, List<FileDigest> digests, String afterHash, String priorHash) {
        return new Manifest(newId, kind, status, created, reason, source, session, admin, lockout, timeoutSeconds,
                deadline, watcherPid, netns, restores, digests, afterHash, priorHash, events);
    }

    /** The time of the last event named {@code event}, or null. */
    public Instant lastEventTime(String event) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).event().equals(event)) {
                return events.get(i).time();
            }
        }
        return null;
    }

    private List<HistoryEvent> append(HistoryEvent event) {
        List<HistoryEvent> e = new ArrayList<>(events);
        e.add(Objects.requireNonNull(event, "event"));
        return e;
    }
}
