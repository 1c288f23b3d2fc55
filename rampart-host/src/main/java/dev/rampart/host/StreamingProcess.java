package dev.rampart.host;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A long-running external command whose standard output is read line by line while it runs
 * ({@code journalctl -f -o json}, a listener in a test namespace). Like {@link ProcessRunner}: an argument
 * array (after the runner's prefix, e.g. {@code ip netns exec NAME}), never a shell, {@code LC_ALL=C},
 * empty standard input. Standard output is decoded as UTF-8 (malformed bytes replaced); standard error
 * is drained on its own thread and its last {@value #STDERR_TAIL_CHARS} characters are kept for error
 * messages. There is no timeout: the caller ends the process with {@link #close()} (SIGTERM, then
 * SIGKILL after a grace period) or {@link #kill()} (SIGKILL at once).
 *
 * <p>{@link #readLine()} is for one reading thread; the other methods are thread-safe.
 */
public final class StreamingProcess implements AutoCloseable {
    /** Characters of standard error kept for messages. */
    public static final int STDERR_TAIL_CHARS = 4096;
    /** How long {@link #close()} waits after SIGTERM before SIGKILL, in milliseconds. */
    private static final long GRACE_MILLIS = 2000;

    private final List<String> command;
    private final Process process;
    private final BufferedReader stdout;
    private final StringBuilder stderrTail = new StringBuilder();
    private final Thread stderrThread;

    private StreamingProcess(List<String> command, Process process) {
        this.command = List.copyOf(command);
        this.process = process;
        this.stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8
                .newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)), 1 << 16);
        this.stderrThread = new Thread(() -> drain(process.getErrorStream()), "rampart-stream-stderr");
        stderrThread.setDaemon(true);
        stderrThread.start();
    }

    /**
     * Starts {@code command} with {@code runner}'s prefix.
     *
     * @throws HostException when the program cannot be started
     */
    public static StreamingProcess start(ProcessRunner runner, List<String> command) {
        return start(runner, command, false);
    }

    /**
     * Starts {@code command}; with {@code mergeStderr} its standard error is read as part of its standard
     * output, in the order written (for programs that log to stderr, such as {@code sshd -e}).
     *
     * @throws HostException when the program cannot be started
     */
    public static StreamingProcess start(ProcessRunner runner, List<String> command, boolean mergeStderr) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        List<String> full = new ArrayList<>(runner.prefix());
        for (String w : command) {
            full.add(Objects.requireNonNull(w, "command word"));
        }
        ProcessBuilder pb = new ProcessBuilder(full);
        pb.environment().put("LC_ALL", "C");
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.redirectErrorStream(mergeStderr);
        try {
            return new StreamingProcess(full, pb.start());
        } catch (IOException e) {
            String msg = String.valueOf(e.getMessage());
            String problem = msg.contains("error=2,") ? "program '" + full.get(0) + "' not found; install the package"
                    + " that provides it or check PATH" : msg;
            throw HostException.notStarted(full, problem, e);
        }
    }

    private void drain(InputStream err) {
        byte[] chunk = new byte[4096];
        try (err) {
            int n;
            while ((n = err.read(chunk)) >= 0) {
                synchronized (stderrTail) {
                    stderrTail.append(new String(chunk, 0, n, StandardCharsets.UTF_8));
                    if (stderrTail.length() > STDERR_TAIL_CHARS) {
                        stderrTail.delete(0, stderrTail.length() - STDERR_TAIL_CHARS);
                    }
                }
            }
        } catch (IOException ignored) {
            // the process ended or was killed; keep what was read
        }
    }

    /** The next line of standard output (without its end), or null once the process closed it. */
    public String readLine() throws IOException {
        return stdout.readLine();
    }

    /** The argument array that was started (prefix included). */
    public List<String> command() {
        return command;
    }

    /** The operating system's process id. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The last characters the process wrote to standard error (all of them once it has ended). */
    public String stderrTail() {
        if (!process.isAlive()) {
            try {
                stderrThread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (stderrTail) {
            return stderrTail.toString();
        }
    }

    /** Waits up to {@code millis} for the process to end; its exit status, or -1 when it still runs. */
    public int waitFor(long millis) throws InterruptedException {
        return process.waitFor(millis, TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    /**
     * An error describing how the process ended (exit status and the tail of standard error), for a
     * caller that did not expect it to end.
     */
    public HostException endedError() {
        int status = process.isAlive() ? -1 : process.exitValue();
        return HostException.failed(command, status, stderrTail());
    }

    /** Sends SIGKILL to the process (and its descendants) at once. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** SIGTERM, then SIGKILL when it has not ended after a grace period; idempotent. */
    @Override
    public void close() {
        if (process.isAlive()) {
            // ProcessHandle.destroy sends SIGTERM without closing our ends of the pipes (Process.destroy
            // closes them), so what the process writes while it stops is still read
            process.toHandle().destroy();
            try {
                if (!process.waitFor(GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                    kill();
                    process.waitFor(GRACE_MILLIS, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                kill();
                Thread.currentThread().interrupt();
            }
        }
        try {
            stdout.close();
        } catch (IOException ignored) {
            // closing a pipe of an ended process
        }
    }
}
