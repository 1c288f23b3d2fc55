package dev.rampart.host.persist;

/**
 * A persistence file could not be written (directory missing or not writable, disk full, rename failed).
 * The message names the file and what the system said; the file that was there before is unchanged.
 * Rampart maps it to exit code 4 (host/system failure).
 */
public final class PersistException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PersistException(String message, Throwable cause) {
        super(message, cause);
    }
}
