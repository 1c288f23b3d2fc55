package dev.rampart.host.apply;

import dev.rampart.host.ProcessRunner;
import dev.rampart.host.history.EntryKind;
import dev.rampart.host.history.EntryStatus;
import dev.rampart.host.history.HistoryEntry;
import dev.rampart.host.history.HistoryEvent;
import dev.rampart.host.history.HistoryStore;
import dev.rampart.host.history.LockoutVerdict;
import dev.rampart.host.history.Manifest;
import dev.rampart.host.history.RulesetState;
import dev.rampart.host.history.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import dev.rampart.model.Family;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code rampart apply}: changes the firewall so that a mistake cannot lock the admin out.
 *
 * <p>Order of work, each step only when the one before succeeded:
 * <ol>
 *   <li>take the apply lock (waiting up to {@code lockWait}); refuse while another entry waits for
 *       confirmation;</li>
 *   <li>start one {@code iptables-restore} per family, held before its first {@code COMMIT}
 *       ({@link HeldRestore}; not when ipsets are loaded too), then the caller's pre-flight check
 *       (parsing and the lock-out check), which runs in parallel with steps 3–4;</li>
 *   <li>save the live state ({@code iptables-save}, {@code ip6tables-save}, {@code ipset save}) in the
 *       background; reserve the next history entry; start the rollback watcher (a detached process, see
 *       {@link WatcherLauncher}; it waits for the entry to appear); write the new and the saved state
 *       into the reserved entry, forced to disk — an unwritable or full store stops here, before any
 *       change;</li>
 *   <li>take the pre-flight verdict: refuse when it says the admin would be locked out (unless forced),
 *       or rethrow its failure (invalid input); either way the reserved entry is deleted and the
 *       watcher, finding no pending entry, exits;</li>
 *   <li>commit the entry (manifest, rename to its number) and wait until the watcher reports itself
 *       armed — <em>before</em> the first change, so there is no moment in which the new rules are
 *       live without a rollback pending; if the applying process dies while loading, the watcher
 *       restores at once;</li>
 *   <li>load the new state ({@link StateLoader}: ipsets, then one restore per family); a rejection
 *       restores the previous state and reports the kernel's message with the failing line;</li>
 *   <li>mark the entry pending with its deadline (now + timeout) and release the lock.</li>
 * </ol>
 * Then the watcher restores the previous state at the deadline unless {@link Confirmation} approves
 * the entry first.
 */
public final class SafeApply {
    /** How long the watcher may take to start and report itself armed, in seconds. */
    static final long WATCHER_START_SECONDS = 30;

    /** The caller's check of the new state, run while the live state is being saved. */
    @FunctionalInterface
    public interface Preflight {
        /**
         * The verdict; {@code result} {@code blocked} refuses the apply unless forced.
         *
         * @throws InvalidInput when the new state cannot even be read (nothing is then changed or recorded)
         */
        LockoutVerdict check();
    }

    /** Thrown by a {@link Preflight} when the input has errors; the message holds the diagnostics. */
    public static final class InvalidInput extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public InvalidInput(String diagnostics) {
            super(diagnostics, null, false, false);
        }
    }

    /**
     * Starts the rollback watcher for entry {@code id} as a process that survives the caller's session:
     * detached ({@code setsid}), its standard streams away from the terminal. It must write its pid to
     * {@link RampartDirs#watcherPidFile(long)} once armed (see {@link RollbackWatcher}).
     */
    @FunctionalInterface
    public interface WatcherLauncher {
        void launch(long id);
    }

    /**
     * What to apply and how.
     *
     * @param target      the new state (absent parts are left alone)
     * @param source      what it came from, for the manifest (a path)
     * @param sourceNames per part, the name to quote in a rejection ({@code policy.yaml (rules.v4)})
     * @param reason      the admin's reason, may be empty
     * @param session     the applying session (confirmation must come from another connection)
     * @param admin       the admin address the pre-flight check used, or null
     * @param timeout     how long to wait for confirmation
     * @param lockWait    how long to wait for the lock and for a pending entry to settle
     * @param force       apply even when the pre-flight check says {@code blocked}
     */
    public record Request(RulesetState target, String source, Map<String, String> sourceNames, String reason,
                          Session session, String admin, Duration timeout, Duration lockWait, boolean force) {
        public Request {
            Objects.requireNonNull(target, "target");
            sourceNames = Map.copyOf(sourceNames);
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
        }
    }

    /** The result: refused by the pre-flight check, or applied and pending confirmation. */
    public sealed interface Outcome {
        /** The pre-flight check said the admin would be locked out; nothing was changed or recorded. */
        record Refused(LockoutVerdict verdict) implements Outcome {
        }

        /** Applied; {@code entry} is pending until its deadline. */
        record Applied(HistoryEntry entry, LockoutVerdict verdict) implements Outcome {
        }
    }

    private final RampartDirs dirs;
    private final ProcessRunner runner;
    private final WatcherLauncher launcher;
    private final Clock clock;
    private final HistoryStore store;

    public SafeApply(RampartDirs dirs, ProcessRunner runner, WatcherLauncher launcher, Clock clock) {
        this.dirs = Objects.requireNonNull(dirs, "dirs");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.launcher = Objects.requireNonNull(launcher, "launcher");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.store = new HistoryStore(dirs.history());
    }

    /**
     * Applies {@code request} as described in the class comment.
     *
     * @throws ApplyException LOCKED, PENDING, HOST, HISTORY, WATCHER (nothing changed), REJECTED (previous
     *                        state back in place) or RESTORE_FAILED
     */
    public Outcome apply(Request request, Preflight preflight) {
        if (request.target().ipsets() != null) {
            try {
                IpsetText.parse(request.target().ipsets(), request.sourceNames().getOrDefault(RulesetState.IPSETS,
                        RulesetState.IPSETS));
            } catch (IllegalArgumentException e) {
                throw new ApplyException(ApplyException.Problem.REJECTED, e.getMessage() + " (nothing was changed)");
            }
        }
        StartOnce<LockoutVerdict> verdict = new StartOnce<>(preflight::check);
        try (ApplyLock lock = lockWithoutPending(request.lockWait())) {
            // the tools start parsing first: on a big ruleset their parse is the longest step, and
            // everything below overlaps with it
            Map<Family, HeldRestore> held = hold(request);
            HistoryStore.Reservation reservation = null;
            PendingMarker pending = new PendingMarker(dirs);
            boolean committed = false;
            try {
                verdict.start();
                CompletableFuture<RulesetState> live = CompletableFuture.supplyAsync(
                        () -> LiveState.read(runner, request.target()));
                // while the pre-flight check and the save run: reserve the entry, start the watcher (it
                // waits for the entry to appear), write the new state into the entry
                reservation = reserve();
                pending.write(reservation.id());
                Files.deleteIfExists(dirs.watcherPidFile(reservation.id()));
                String launchProblem = launch(reservation.id());
                writeState(reservation, HistoryStore.AFTER, request.target());
                writeState(reservation, HistoryStore.BEFORE, join(live));
                LockoutVerdict v = join(verdict.start());
                boolean blocked = "blocked".equals(v.result());
                if (blocked && !request.force()) {
                    return new Outcome.Refused(v);
                }
                LockoutVerdict recorded = new LockoutVerdict(v.result(), blocked, v.report());
                HistoryEntry entry = commit(reservation, request, recorded);
                committed = true;
                entry = awaitArmed(entry, launchProblem);
                try {
                    new StateLoader(runner).load(request.target(), join(live), request.sourceNames(), held);
                } catch (ApplyException e) {
                    store.update(entry, entry.manifest().withStatus(EntryStatus.FAILED,
                            new HistoryEvent(clock.instant(), "failed", e.getMessage())));
                    pending.clear(entry.id());
                    throw e;
                }
                Instant deadline = clock.instant().plus(request.timeout());
                entry = store.update(entry, entry.manifest().withDeadline(deadline, EntryStatus.PENDING,
                        new HistoryEvent(clock.instant(), "applied", "waiting for confirmation until " + deadline)));
                store.sync(entry);
                return new Outcome.Applied(entry, recorded);
            } finally {
                held.values().forEach(HeldRestore::abort); // no effect on a released restore
                if (!committed && reservation != null) {
                    // refused or failed before the entry existed: the watcher sees the marker gone and exits
                    reservation.abandon();
                    pending.clear(reservation.id());
                }
            }
        } catch (IOException e) {
            throw preferInvalidInput(verdict, new ApplyException(ApplyException.Problem.HISTORY,
                    "cannot update the history store " + store.dir() + ": " + e.getMessage(), e));
        } catch (RuntimeException e) {
            throw preferInvalidInput(verdict, e);
        }
    }

    /**
     * A computation started on first demand and then shared: the pre-flight check starts once the
     * tools are running, or, when the apply stops before that (the lock is busy), when the failure is
     * reported.
     */
    private static final class StartOnce<T> {
        private final java.util.function.Supplier<T> work;
        private CompletableFuture<T> running;

        StartOnce(java.util.function.Supplier<T> work) {
            this.work = work;
        }

        synchronized CompletableFuture<T> start() {
            if (running == null) {
                running = CompletableFuture.supplyAsync(work);
            }
            return running;
        }
    }

    /** Errors in the input are reported before any host problem met while the check was running. */
    private static RuntimeException preferInvalidInput(StartOnce<LockoutVerdict> verdict, RuntimeException e) {
        if (e instanceof InvalidInput) {
            return e;
        }
        try {
            verdict.start().join();
        } catch (CompletionException c) {
            if (c.getCause() instanceof InvalidInput ii) {
                return ii;
            }
        } catch (RuntimeException ignored) {
            // the check's own failure is secondary to e
        }
        return e;
    }

    /**
     * Waits until entry {@code id} leaves the open states or {@code max} passes; returns its entry as
     * last read. Used by {@code rampart apply} to wait for the confirmation in the foreground.
     */
    public HistoryEntry awaitOutcome(long id, Duration max) throws IOException, InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        HistoryEntry e = store.find(id).orElseThrow();
        while (e.manifest().status().isOpen() && System.nanoTime() < end) {
            Thread.sleep(100);
            e = store.reload(e);
        }
        return e;
    }

    /**
     * Starts the restores early and holds them before their first COMMIT ({@link HeldRestore}), so the
     * tools parse while the pre-flight check runs. Not with ipsets: {@code -m set} rules are resolved
     * against the kernel's sets while the tool parses, and the new sets are loaded only after the verdict.
     */
    private Map<Family, HeldRestore> hold(Request request) {
        RulesetState target = request.target();
        Map<Family, HeldRestore> held = new java.util.EnumMap<>(Family.class);
        if (target.ipsets() != null) {
            return held;
        }
        for (Family f : Family.values()) {
            String text = f == Family.IPV4 ? target.rulesV4() : target.rulesV6();
            if (text != null) {
                String file = f == Family.IPV4 ? RulesetState.RULES_V4 : RulesetState.RULES_V6;
                HeldRestore h = HeldRestore.start(runner.withTimeout(java.time.Duration.ofMinutes(10)), f, text,
                        request.sourceNames().getOrDefault(file, file));
                if (h != null) {
                    held.put(f, h);
                }
            }
        }
        return held;
    }

    private HistoryStore.Reservation reserve() {
        try {
            return store.reserve();
        } catch (IOException e) {
            throw historyFailure(e);
        }
    }

    private void writeState(HistoryStore.Reservation r, String side, RulesetState state) {
        try {
            r.write(side, state);
        } catch (IOException e) {
            throw historyFailure(e);
        }
    }

    private ApplyException historyFailure(IOException e) {
        return new ApplyException(ApplyException.Problem.HISTORY, "cannot write the history store "
                + store.dir() + " (nothing was applied): " + e.getMessage(), e);
    }

    private HistoryEntry commit(HistoryStore.Reservation r, Request request, LockoutVerdict verdict) {
        Instant now = clock.instant();
        Manifest draft = new Manifest(0, EntryKind.APPLY, EntryStatus.APPLYING, now, request.reason(),
                request.source(), request.session(), request.admin(), verdict, request.timeout().toSeconds(), null, 0,
                Rollback.netnsOf(runner), 0, List.of(), null, null,
                List.of(new HistoryEvent(now, "saved", "previous state saved" + (verdict.forced()
                        ? "; lock-out check said blocked, applied with --force" : ""))));
        try {
            return r.commit(draft);
        } catch (IOException e) {
            throw historyFailure(e);
        }
    }

    /** Starts the watcher; returns why it could not be started, or null. */
    private String launch(long id) {
        try {
            launcher.launch(id);
            return null;
        } catch (RuntimeException e) {
            return e.getMessage() == null ? e.toString() : e.getMessage();
        }
    }

    /** Waits for the watcher's pid file (written once it runs and waits for the entry; usually long done). */
    private HistoryEntry awaitArmed(HistoryEntry entry, String launchProblem) throws IOException {
        String problem = launchProblem;
        long end = System.nanoTime() + Duration.ofSeconds(WATCHER_START_SECONDS).toNanos();
        while (problem == null && !Files.exists(dirs.watcherPidFile(entry.id()))) {
            if (System.nanoTime() > end) {
                problem = "it did not report itself armed within " + WATCHER_START_SECONDS + " s (see "
                        + dirs.watcherLog(entry.id()) + ")";
                break;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                problem = "interrupted";
            }
        }
        if (problem != null) {
            store.update(entry, entry.manifest().withStatus(EntryStatus.FAILED,
                    new HistoryEvent(clock.instant(), "failed", "rollback watcher not started: " + problem)));
            new PendingMarker(dirs).clear(entry.id());
            throw new ApplyException(ApplyException.Problem.WATCHER,
                    "cannot start the rollback watcher, so nothing was applied: " + problem);
        }
        long pid = Long.parseLong(Files.readString(dirs.watcherPidFile(entry.id()), StandardCharsets.UTF_8).strip());
        return store.update(entry, entry.manifest().withWatcher(pid,
                new HistoryEvent(clock.instant(), "armed", "rollback watcher pid " + pid)));
    }

    /** Takes the lock, waiting while another entry is pending; throws LOCKED or PENDING when the wait runs out. */
    private ApplyLock lockWithoutPending(Duration wait) throws IOException {
        long end = System.nanoTime() + wait.toNanos();
        Rollback rollback = new Rollback(dirs, runner, clock, s -> { });
        while (true) {
            Duration left = Duration.ofNanos(Math.max(0, end - System.nanoTime()));
            ApplyLock lock = ApplyLock.acquire(dirs.lockFile(), left);
            if (lock == null) {
                throw new ApplyException(ApplyException.Problem.LOCKED, "another rampart apply, confirm or rollback "
                        + "holds " + dirs.lockFile() + (wait.isZero() ? "" : " (waited " + wait.toSeconds() + " s)")
                        + "; try again, or give --wait SECONDS");
            }
            HistoryEntry open;
            try {
                open = rollback.openEntry();
            } catch (IOException | RuntimeException e) {
                lock.close();
                throw e;
            }
            if (open == null) {
                return lock;
            }
            lock.close();
            if (System.nanoTime() >= end) {
                Manifest m = open.manifest();
                throw new ApplyException(ApplyException.Problem.PENDING, "entry " + m.id() + " (applied by "
                        + m.session().who() + " from " + m.source()
                        + ") still waits for confirmation" + (m.deadline() == null ? "" : " until " + m.deadline())
                        + "; run 'rampart confirm' from a new connection or 'rampart rollback', or give --wait SECONDS");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApplyException(ApplyException.Problem.LOCKED, "interrupted while waiting for the lock");
            }
        }
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }
}
