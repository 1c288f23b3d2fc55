package dev.rampart.sim.kernel;

import dev.rampart.host.Netns;
import dev.rampart.host.ProcessResult;
import dev.rampart.host.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A long-running tool (a listener, a packet capture) started inside a lab namespace while the test goes
 * on. It runs through {@link ProcessRunner} on its own thread with a bounded timeout, so it is killed
 * even if nobody stops it; {@link #stop()} ends it earlier with SIGTERM and {@link #close()} with
 * SIGKILL, both sent only to the processes of this namespace running this program, by process id.
 *
 * <p>Design: {@code ip netns exec NAME PROGRAM} replaces itself with the program, so the program's pid
 * is found among {@code ip netns pids NAME} by its {@code /proc/PID/comm}. Deleting a namespace does not
 * end the processes in it, which is why a test must close its background commands before the lab.
 */
public final class BackgroundCommand implements AutoCloseable {
    private static final long POLL_MILLIS = 20;

    private final Netns ns;
    private final String program;
    private final ProcessRunner host = new ProcessRunner().withTimeout(KernelLab.COMMAND_TIMEOUT);
    private final CompletableFuture<ProcessResult> result;

    private BackgroundCommand(Netns ns, String program, CompletableFuture<ProcessResult> result) {
        this.ns = ns;
        this.program = program;
        this.result = result;
    }

    /** Starts {@code command} in {@code ns}; it is killed after {@code timeout} at the latest. */
    public static BackgroundCommand start(Netns ns, Duration timeout, List<String> command) {
        ProcessRunner runner = ns.runner().withTimeout(timeout);
        CompletableFuture<ProcessResult> f = CompletableFuture.supplyAsync(() -> runner.run(command, null),
                runnable -> {
                    Thread t = new Thread(runnable, "lab-" + command.get(0));
                    t.setDaemon(true);
                    t.start();
                });
        return new BackgroundCommand(ns, Path.of(command.get(0)).getFileName().toString(), f);
    }

    /** The process ids of this program in the namespace now (empty before it started or after it ended). */
    List<Long> pids() {
        ProcessResult r = host.run(List.of("ip", "netns", "pids", ns.name()), null);
        List<Long> pids = new ArrayList<>();
        if (!r.succeeded()) {
            return pids;
        }
        for (String line : r.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
            long pid = Long.parseLong(line);
            try {
                String comm = Files.readString(Path.of("/proc", line, "comm")).strip();
                if (program.startsWith(comm)) {
                    pids.add(pid);
                }
            } catch (IOException gone) {
                // the process ended between the listing and the read
            }
        }
        return pids;
    }

    /**
     * Waits until {@code ready} holds for one of the program's pids, at most {@code max}; throws with
     * what the program said if it ended or never got ready.
     */
    public long awaitReady(Duration max, java.util.function.LongPredicate ready) {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            if (result.isDone()) {
                throw new IllegalStateException(program + " ended before it was ready: " + describe(result.join()));
            }
            for (long pid : pids()) {
                if (ready.test(pid)) {
                    return pid;
                }
            }
            sleep(POLL_MILLIS);
        }
        throw new IllegalStateException(program + " not ready within " + max.toMillis() + " ms");
    }

    /** Asks the program to end (SIGTERM, by pid) and waits for its result at most {@code max}. */
    ProcessResult stop(Duration max) {
        pids().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy));
        return await(max);
    }

    /** Waits for the program to end by itself at most {@code max}. */
    public ProcessResult await(Duration max) {
        try {
            return result.get(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(program + " still running after " + max.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(program + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Kills what is left of the program (SIGKILL, by pid) and waits briefly for its thread. */
    @Override
    public void close() {
        if (result.isDone()) {
            return;
        }
        pids().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        try {
            result.get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // killed: its outcome no longer matters
        }
    }

    public static String describe(ProcessResult r) {
        return "exit " + r.exitStatus() + ", stdout: " + r.stdout().strip() + ", stderr: " + r.stderr().strip();
    }

    private static void sleep(long millis) {
        Pause.millis(millis);
    }
}
