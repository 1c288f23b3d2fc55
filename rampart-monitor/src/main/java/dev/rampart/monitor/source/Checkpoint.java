package dev.rampart.monitor.source;

/**
 * Where a source stopped: what must be stored (in the same transaction as the effects of the lines read
 * up to it) so that after a crash reading resumes exactly after the last line whose effects were kept.
 */
public sealed interface Checkpoint {

    /**
     * A log file: the {@code path} followed, the inode of the file being read (after a rename rotation
     * the old file, until it has been read to its end), the byte {@code offset} just after the last line
     * delivered, and a {@code fingerprint} of the file's first bytes (hex SHA-256 of up to
     * {@link FileFollower#FINGERPRINT_BYTES} bytes, with their count) that tells a reused inode from the
     * same file.
     */
    record FileCheckpoint(String path, long inode, long offset, String fingerprint) implements Checkpoint {
    }

    /** The journal: the {@code __CURSOR} of the last entry delivered (null: none yet). */
    record JournalCheckpoint(String cursor) implements Checkpoint {
    }
}
