package dev.rampart.host.history;

import java.util.Locale;

/** What created a history entry. */
public enum EntryKind {
    /** {@code rampart apply}: {@code before/} is the live state it replaced, {@code after/} what it loaded. */
    APPLY,
    /** {@code rampart rollback}: {@code before/} is the live state it replaced, {@code after/} what it restored. */
    ROLLBACK;

    /** The word used in manifests and listings ({@code apply}, {@code rollback}). */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind named {@code word}. */
    public static EntryKind of(String word) {
        return valueOf(word.toUpperCase(Locale.ROOT));
    }
}
