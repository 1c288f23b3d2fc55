package dev.rampart.host.apply;

/**
 * Safe apply, confirm or rollback could not do what was asked. {@link #problem()} says which kind of
 * failure it was, so the command line can choose its exit code; the message is complete and meant for
 * the admin (it names the command that failed and quotes what the kernel or the file system said).
 */
public final class ApplyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The kinds of failure. */
    public enum Problem {
        /** Another apply, confirm or rollback held the lock for the whole wait. */
        LOCKED,
        /** An earlier apply still waits for confirmation. */
        PENDING,
        /** The history store cannot be written (nothing was applied). */
        HISTORY,
        /** The kernel rejected the new state (the previous state is back in place). */
        REJECTED,
        /** The rollback watcher could not be started (nothing was applied). */
        WATCHER,
        /** Restoring the previous state failed too: the firewall may be in a mixed state. */
        RESTORE_FAILED,
        /** Confirm or rollback refused (wrong connection, nothing pending, too late, unknown entry). */
        REFUSED,
        /** A command the host needs failed (iptables-save, ipset). */
        HOST
    }

    private final Problem problem;

    public ApplyException(Problem problem, String message) {
        super(message);
        this.problem = problem;
    }

    public ApplyException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
    }

    /** Which kind of failure this is. */
    public Problem problem() {
        return problem;
    }
}
