package dev.rampart.host.history;

import java.nio.file.Path;

/**
 * One entry of the {@link HistoryStore}: its directory and its manifest as last read.
 *
 * @param dir      the entry's directory ({@code HISTORY/000007})
 * @param manifest its {@code manifest.json}
 */
public record HistoryEntry(Path dir, Manifest manifest) {

    /** The entry number. */
    public long id() {
        return manifest.id();
    }
}
