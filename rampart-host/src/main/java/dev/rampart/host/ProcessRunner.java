package dev.rampart.host;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Runs external commands. This is the only place in Rampart that starts processes.
 *
 * <p>Contract:
 * <ul>
 *   <li>Commands are argument arrays, never shell strings: no word splitting, globbing or quoting
 *       surprises, and no way for a rule comment or a file name to inject a command.</li>
 *   <li>Standard input is the given text (or empty); standard output and standard error are captured
 *       completely, concurrently, so a command that writes a lot never blocks.</li>
 *   <li>Every command gets a timeout; a command that exceeds it is killed (with its descendants) and a
 *       {@link HostException} says so.</li>
 *   <li>The environment is inherited, with {@code LC_ALL=C} so that tools print untranslated,
 *       parseable messages.</li>
 *   <li>An optional prefix is put before every command, e.g. {@code ip netns exec NAME} to act inside a
 *       network namespace ({@link #inNetns(String)}).</li>
 * </ul>
 * Instances are immutable and thread-safe; the {@code with...} methods return modified copies.
 */
public final class ProcessRunner {
    /** Timeout used unless {@link #withTimeout(Duration)} says otherwise: 2 minutes. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    private final List<String> prefix;
    private final Duration timeout;

    /** A runner without prefix and with {@link #DEFAULT_TIMEOUT}. */
    public ProcessRunner() {
        this(List.of(), DEFAULT_TIMEOUT);
    }

    private ProcessRunner(List<String> prefix, Duration timeout) {
        this.prefix = List.copyOf(prefix);
        this.timeout = timeout;
    }

    /** A copy that kills commands running longer than {@code timeout} (must be positive). */
    public ProcessRunner withTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        return new ProcessRunner(prefix, timeout);
    }

    /** A copy that puts {@code words} before every command (after any prefix this runner already has). */
    public ProcessRunner withPrefix(List<String> words) {
        List<String> p = new ArrayList<>(prefix);
        p.addAll(words);
        return new ProcessRunner(p, timeout);
    }

    /** A copy that runs every command inside network namespace {@code name} ({@code ip netns exec NAME ...}). */
    public ProcessRunner inNetns(String name) {
        if (name == null || name.isEmpty() || name.contains("/") || name.startsWith("-")) {
            throw new IllegalArgumentException("invalid network namespace name '" + name + "'");
        }
        return withPrefix(List.of("ip", "netns", "exec", name));
    }

    /** The words put before every command (empty when none). */
    public List<String> prefix() {
        return prefix;
    }

    /** The timeout applied to every command. */
    public Duration timeout() {
        return timeout;
    }

    /** Runs {@code command} with empty standard input; see {@link #run(List, String)}. */
    public ProcessResult run(String... command) {
        return run(Arrays.asList(command), null);
    }

    /**
     * Runs {@code command} (prefixed) with {@code stdin} as standard input (null: empty) and waits for it.
     * A non-zero exit status is returned, not thrown; use {@link ProcessResult#requireSuccess()} or
     * {@link #check(List, String)} when failure is an error.
     *
     * @throws HostException when the program cannot be started (e.g. not installed) or exceeds the timeout
     */
    public ProcessResult run(List<String> command, String stdin) {
        return runFed(command, os -> {
            if (stdin != null) {
                os.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        });
    }

    /** The prefix and {@code command}: what is actually run; refuses an empty command or a null word. */
    private List<String> full(List<String> command) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        List<String> full = new ArrayList<>(prefix.size() + command.size());
        full.addAll(prefix);
        for (String word : command) {
            full.add(Objects.requireNonNull(word, "command word"));
        }
        return full;
    }

    /**
     * Runs {@code command} (prefixed) with standard input from {@code /dev/null} and standard output
     * and error appended to {@code log} instead of captured, and waits for it (within the timeout).
     * Meant for launchers such as {@code setsid -f PROGRAM ...} that start a long-lived process and exit
     * at once: the long-lived process inherits no pipe from this JVM and no terminal, so it neither
     * holds this call open nor dies with the caller's session. The result's stdout and stderr are empty
     * (read {@code log}).
     *
     * @throws HostException when the program cannot be started or exceeds the timeout
     */
    public ProcessResult runDetached(List<String> command, java.nio.file.Path log) {
        List<String> full = full(command);
        ProcessBuilder pb = new ProcessBuilder(full);
        pb.environment().put("LC_ALL", "C");
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.redirectErrorStream(true);
        long start = System.nanoTime();
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw HostException.notStarted(full, startProblem(full.get(0), e), e);
        }
        try {
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                process.destroyForcibly();
                throw HostException.timedOut(full, timeout, "");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw HostException.notStarted(full, "interrupted while waiting for it", e);
        }
        return new ProcessResult(full, process.exitValue(), "", "", Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * Writes a command's standard input. It may block (e.g. until a decision is made) and may give up
     * by throwing {@link Abort}: the command is then killed before it reads further, so a tool that
     * acts only on a later line (iptables-restore's {@code COMMIT}) never acts.
     */
    @FunctionalInterface
    public interface StdinFeed {
        void writeTo(OutputStream stdin) throws IOException;

        /** Thrown by a feed that gives up; {@link #runFed(List, StdinFeed)} kills the command. */
        final class Abort extends RuntimeException {
            private static final long serialVersionUID = 1L;

            public Abort(String why) {
                super(why, null, false, false);
            }
        }
    }

    /**
     * As {@link #run(List, String)}, with standard input written by {@code feed} on its own thread
     * while the command runs. When the feed throws {@link StdinFeed.Abort} the command (with its
     * descendants) is killed and the result has the exit status of the killed process.
     */
    public ProcessResult runFed(List<String> command, StdinFeed feed) {
        List<String> full = full(command);
        ProcessBuilder pb = new ProcessBuilder(full);
        pb.environment().put("LC_ALL", "C");
        long start = System.nanoTime();
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw HostException.notStarted(full, startProblem(full.get(0), e), e);
        }
        StreamReader out = new StreamReader(process.getInputStream(), "stdout");
        StreamReader err = new StreamReader(process.getErrorStream(), "stderr");
        Process p = process;
        Thread writer = new Thread(() -> {
            OutputStream os = p.getOutputStream();
            try {
                feed.writeTo(os);
                os.close();
            } catch (StdinFeed.Abort a) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            } catch (IOException ignored) {
                // the command exited without reading all its input; its exit status tells what happened
            }
        }, "rampart-stdin-feed");
        writer.setDaemon(true);
        writer.start();
        try {
            boolean done = process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (!done) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                throw HostException.timedOut(full, timeout, err.await(Duration.ofSeconds(1)));
            }
            String stdout = out.await(Duration.ofSeconds(10));
            String stderr = err.await(Duration.ofSeconds(10));
            writer.join(TimeUnit.SECONDS.toMillis(10));
            return new ProcessResult(full, process.exitValue(), stdout, stderr,
                    Duration.ofNanos(System.nanoTime() - start));
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw HostException.notStarted(full, "interrupted while waiting for it", e);
        }
    }

    /** Runs {@code command} and requires exit status 0; see {@link #run(List, String)}. */
    public ProcessResult check(List<String> command, String stdin) {
        return run(command, stdin).requireSuccess();
    }

    /** Runs {@code command} with empty input, requires exit status 0, and returns its standard output. */
    public String output(String... command) {
        return check(Arrays.asList(command), null).stdout();
    }

    private static String startProblem(String program, IOException e) {
        String msg = String.valueOf(e.getMessage());
        if (msg.contains("error=2,") || msg.contains("No such file")) {
            return "program '" + program + "' not found; install the package that provides it or check PATH";
        }
        if (msg.contains("error=13,") || msg.contains("Permission denied")) {
            return "permission denied executing '" + program + "'";
        }
        return msg;
    }

    /** Drains one output stream of the child on its own thread. */
    private static final class StreamReader {
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        private final Thread thread;

        StreamReader(InputStream in, String name) {
            thread = new Thread(() -> {
                byte[] chunk = new byte[8192];
                try (in) {
                    int n;
                    while ((n = in.read(chunk)) >= 0) {
                        synchronized (buf) {
                            buf.write(chunk, 0, n);
                        }
                    }
                } catch (IOException ignored) {
                    // stream closed because the process was killed; keep what was read
                }
            }, "rampart-" + name);
            thread.setDaemon(true);
            thread.start();
        }

        String await(Duration max) throws InterruptedException {
            thread.join(Math.max(1, max.toMillis()));
            synchronized (buf) {
                return buf.toString(StandardCharsets.UTF_8);
            }
        }
    }

    /** The command as a person would type it: words joined by spaces, quoted when needed. For messages only. */
    static String display(List<String> command) {
        StringBuilder sb = new StringBuilder();
        for (String w : command) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            if (!w.isEmpty() && w.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_./:=,+@%".indexOf(c) >= 0)) {
                sb.append(w);
            } else {
                sb.append('\'').append(w.replace("'", "'\\''")).append('\'');
            }
        }
        return sb.toString();
    }

    static String displayDuration(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
    }
}
