package dev.rampart.host;

import java.time.Duration;
import java.util.List;

/**
 * What one finished external command produced: the argument array it ran with, its exit status, and
 * everything it wrote to standard output and standard error (decoded as UTF-8).
 *
 * @param command    the argument array, including any prefix such as {@code ip netns exec NAME}
 * @param exitStatus the process exit status (0 = success; 128+N when killed by signal N)
 * @param stdout     everything written to standard output
 * @param stderr     everything written to standard error
 * @param elapsed    wall-clock time from start to exit
 */
public record ProcessResult(List<String> command, int exitStatus, String stdout, String stderr, Duration elapsed) {

    public ProcessResult {
        command = List.copyOf(command);
    }

    /** Whether the command exited with status 0. */
    public boolean succeeded() {
        return exitStatus == 0;
    }

    /**
     * Returns this result when the command succeeded; otherwise throws a {@link HostException} whose
     * message names the command, its exit status and its standard error.
     */
    public ProcessResult requireSuccess() {
        if (!succeeded()) {
            throw HostException.failed(command, exitStatus, stderr);
        }
        return this;
    }
}
