package dev.rampart.cli;

/** A user error detected by a command (e.g. unreadable file): printed as one line, exit code 2. */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message, null, false, false);
    }
}
