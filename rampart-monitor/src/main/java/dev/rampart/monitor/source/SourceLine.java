package dev.rampart.monitor.source;

/** One unit a {@link LogSource} delivers: a text line of a file, or a journal entry. */
public sealed interface SourceLine {

    /** A line of a log file, without its line end. */
    record Text(String text) implements SourceLine {
    }

    /** A journal entry. */
    record Journal(JournalEntry entry) implements SourceLine {
    }
}
