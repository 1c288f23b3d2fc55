package dev.rampart.host.history;

import java.util.Locale;

/**
 * Where an entry is in its life. Transitions: {@code applying -> pending -> approved | rolled-back},
 * {@code applying -> failed | rolled-back}; a rollback entry is created {@code approved}.
 */
public enum EntryStatus {
    /** The new state is being loaded; the rollback watcher is armed. */
    APPLYING,
    /** Loaded; waiting for {@code rampart confirm} until the deadline. */
    PENDING,
    /** Confirmed from a new connection (or created by an explicit rollback). */
    APPROVED,
    /** The previous state was restored (no confirmation in time, the applying process died, or {@code rampart rollback}). */
    ROLLED_BACK,
    /** The kernel rejected the new state; the previous state was restored at once. */
    FAILED;

    /** The word used in manifests and listings ({@code rolled-back}, ...). */
    public String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The status named {@code word}. */
    public static EntryStatus of(String word) {
        return valueOf(word.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /** Whether the entry still waits for an outcome (the watcher is responsible for it). */
    public boolean isOpen() {
        return this == APPLYING || this == PENDING;
    }
}
