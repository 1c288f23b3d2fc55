package dev.rampart.host;

import java.util.List;

/**
 * An external command could not be run, timed out, or failed. The message always names the command
 * (as a readable argument list), and, when the command ran, its exit status and standard error, so the
 * user sees exactly what the system said. Rampart maps it to exit code 4 (host/system failure).
 */
public final class HostException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> command;
    private final int exitStatus;
    private final String stderr;

    private HostException(String message, List<String> command, int exitStatus, String stderr, Throwable cause) {
        super(message, cause);
        this.command = List.copyOf(command);
        this.exitStatus = exitStatus;
        this.stderr = stderr;
    }

    /** The command exited with a non-zero {@code exitStatus}. */
    static HostException failed(List<String> command, int exitStatus, String stderr) {
        String err = stderr == null ? "" : stderr.strip();
        String msg = "'" + ProcessRunner.display(command) + "' failed with exit status " + exitStatus
                + (err.isEmpty() ? " (it wrote nothing to stderr)" : ": " + err);
        return new HostException(msg, command, exitStatus, stderr == null ? "" : stderr, null);
    }

    /** The command could not be started at all ({@code problem} says why). */
    static HostException notStarted(List<String> command, String problem, Throwable cause) {
        return new HostException("cannot run '" + ProcessRunner.display(command) + "': " + problem, command, -1, "",
                cause);
    }

    /** The command ran longer than allowed and was killed. */
    static HostException timedOut(List<String> command, java.time.Duration timeout, String stderr) {
        String err = stderr == null ? "" : stderr.strip();
        return new HostException("'" + ProcessRunner.display(command) + "' did not finish within "
                + ProcessRunner.displayDuration(timeout) + " and was killed"
                + (err.isEmpty() ? "" : "; stderr so far: " + err), command, -1, stderr == null ? "" : stderr, null);
    }

    /** The argument array that was run. */
    public List<String> command() {
        return command;
    }

    /** The exit status, or -1 when the command did not start or was killed for exceeding its timeout. */
    public int exitStatus() {
        return exitStatus;
    }

    /** What the command wrote to standard error (empty when it did not run). */
    public String stderr() {
        return stderr;
    }
}
