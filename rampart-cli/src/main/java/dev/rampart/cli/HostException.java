package dev.rampart.cli;

/** A system command failed: printed as one line with the command's own error, exit code 4. */
public final class HostException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HostException(String message) {
        super(message, null, false, false);
    }
}
