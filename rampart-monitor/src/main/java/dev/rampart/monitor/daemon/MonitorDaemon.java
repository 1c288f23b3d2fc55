package dev.rampart.monitor.daemon;

import dev.rampart.host.HostException;
import dev.rampart.host.ProcessRunner;
import dev.rampart.model.Family;
import dev.rampart.model.net.IpAddress;
import dev.rampart.model.net.IpPrefix;
import dev.rampart.monitor.Classified;
import dev.rampart.monitor.LineClassifier;
import dev.rampart.monitor.ban.Allowlist;
import dev.rampart.monitor.ban.Ban;
import dev.rampart.monitor.ban.BanTargets;
import dev.rampart.monitor.ban.IpsetBans;
import dev.rampart.monitor.detect.BanDecision;
import dev.rampart.monitor.detect.BruteForceDetector;
import dev.rampart.monitor.detect.BruteForceSettings;
import dev.rampart.monitor.detect.ScanDetection;
import dev.rampart.monitor.detect.ScanDetector;
import dev.rampart.monitor.metrics.DaemonMetrics;
import dev.rampart.monitor.metrics.MetricsServer;
import dev.rampart.monitor.parse.TimeResolver;
import dev.rampart.monitor.service.ApacheAuthParser;
import dev.rampart.monitor.service.DovecotParser;
import dev.rampart.monitor.service.NginxParser;
import dev.rampart.monitor.service.PostfixParser;
import dev.rampart.monitor.service.ServiceParser;
import dev.rampart.monitor.service.SshdParser;
import dev.rampart.monitor.settings.YamlReader;
import dev.rampart.monitor.source.Checkpoint;
import dev.rampart.monitor.source.FileFollower;
import dev.rampart.monitor.source.JournalEntry;
import dev.rampart.monitor.source.JournalSource;
import dev.rampart.monitor.source.LogSource;
import dev.rampart.monitor.source.SourceLine;
import dev.rampart.monitor.store.Store;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The monitor daemon: follows the configured sources, feeds the detectors, bans offenders through the
 * ipsets and keeps its state in the {@link Store}.
 *
 * <p>One thread ({@link #run()}) reads every source in turn, classifies each line with the source's own
 * {@link LineClassifier} (parsers keep per-connection state), feeds the brute-force detector of the
 * line's service or the scan detector, and collects ban decisions. Exactly-once: the bans decided from
 * the lines read so far and every source's checkpoint (after those lines) are committed in one SQLite
 * transaction — at once when a ban was decided, else at most {@code checkpoint_interval} after the first
 * uncommitted line — and only then put into the kernel's sets. After a crash the store holds either a
 * batch's bans and the checkpoint after it, or neither; reading resumes at the checkpoint; bans committed
 * but not yet in the kernel are put there by the restore at start. (Detector state — failures counted
 * but not yet a ban — lives in memory and starts afresh after a restart.)
 *
 * <p>Extension points: {@link #addListener} (events, on the daemon thread, after the commit) and
 * {@link #addPeriodicTask} (on scheduler threads, so a slow task never delays bans; tasks run
 * concurrently with each other, so a drift check that takes minutes delays neither the alert summaries
 * nor the counter readings; runs of one task never overlap). The
 * detectors belong to the daemon thread; the metrics' callbacks only read their counters (a scrape may see
 * a value a moment old).
 */
public final class MonitorDaemon implements AutoCloseable {
    /** Lines taken from one source before the next source gets its turn. */
    private static final int BATCH_LINES = 4096;
    /** Periodic tasks that may run at the same time (alert ticks, drift checks, counter readings, one more). */
    private static final int TASK_THREADS = 4;
    /** How often expired bans are removed from the store, in milliseconds. */
    private static final long EXPIRY_MILLIS = 1000;

    private final MonitorConfig config;
    private final ProcessRunner runner;
    private final Store store;
    private final DaemonMetrics metrics;
    private final Clock clock;
    private final PrintStream log;
    private final IpsetBans ipset;
    private final List<DaemonListener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService scheduler;
    private final ScanDetector scans;
    private final Map<String, BruteForceDetector> bruteForce = new LinkedHashMap<>();
    private final List<SourceState> sources = new ArrayList<>();
    private final List<Ban> pending = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private Allowlist allowlist;
    private MetricsServer server;
    private volatile boolean stopping;
    private long firstUncommitted = -1;
    private long lastExpiry;

    /** One followed source and what has been read from it since the last commit. */
    private static final class SourceState {
        final LogSource source;
        final LineClassifier classifier;
        final String name;
        long uncommitted;
        boolean dirty;

        SourceState(LogSource source, LineClassifier classifier) {
            this.source = source;
            this.classifier = classifier;
            this.name = source.name();
        }
    }

    /**
     * A daemon for {@code config} whose commands (ipset, iptables, journalctl, ip) run through
     * {@code runner}; {@code log} receives one line per notable event (stderr for {@code rampart monitor}).
     */
    public MonitorDaemon(MonitorConfig config, ProcessRunner runner, Store store, DaemonMetrics metrics, Clock clock,
                         PrintStream log) {
        this.config = config;
        this.runner = runner;
        this.store = store;
        this.metrics = metrics;
        this.clock = clock;
        this.log = log;
        this.ipset = new IpsetBans(runner, config.bans());
        this.scans = new ScanDetector(config.scan());
        config.services().forEach((svc, s) -> {
            if (s.enabled()) {
                bruteForce.put(svc, new BruteForceDetector(s.bruteForce()));
            }
        });
        AtomicInteger taskThreads = new AtomicInteger();
        this.scheduler = Executors.newScheduledThreadPool(TASK_THREADS, r -> {
            Thread t = new Thread(r, "rampart-tasks-" + taskThreads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        metrics.counterCallback("rampart_detector_evictions",
                "Sources a detector forgot because its table was full (least recently active first)", "detector",
                cb -> {
                    cb.call(scans.evictions(), "scan");
                    bruteForce.forEach((svc, d) -> cb.call(d.evictions(), "bruteforce-" + svc));
                });
        metrics.gaugeCallback("rampart_detector_tracked_sources", "Sources a detector tracks now", "detector", cb -> {
            cb.call(scans.trackedSources(), "scan");
            bruteForce.forEach((svc, d) -> cb.call(d.trackedSources(), "bruteforce-" + svc));
        });
    }

    /** Adds a receiver of daemon events (before or after {@link #start()}). */
    public void addListener(DaemonListener listener) {
        listeners.add(listener);
    }

    /**
     * Runs {@code task} every {@code every} (first run after one period) on a scheduler thread, until
     * the daemon stops; an exception is reported as a {@link DaemonEvent.SourceError} named {@code name}
     * and the task keeps its schedule.
     */
    public void addPeriodicTask(String name, Duration every, Runnable task) {
        addPeriodicTask(name, every, every, task);
    }

    /**
     * As {@link #addPeriodicTask(String, Duration, Runnable)}, the first run after {@code first} (zero: at
     * once). Runs of one task never overlap; a run that takes longer than {@code every} delays the next.
     */
    public void addPeriodicTask(String name, Duration first, Duration every, Runnable task) {
        scheduler.scheduleAtFixedRate(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                emit(new DaemonEvent.SourceError(name, String.valueOf(e.getMessage())));
            }
        }, first.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The port metrics are served on, or -1. */
    public int metricsPort() {
        return server == null ? -1 : server.port();
    }

    /**
     * Prepares everything: ipsets and their rules, bans restored from the store (expired ones dropped),
     * the allowlist (with the host's addresses), sources opened at their checkpoints, the metrics server.
     *
     * @throws HostException when ipset/iptables fail
     * @throws IOException   when the metrics address cannot be bound or a file cannot be opened
     */
    public void start() throws IOException, SQLException {
        allowlist = Allowlist.forHost(config.allowlist().networks(), config.allowlist().localAddresses(), runner);
        Instant now = clock.instant();
        List<Ban> expired = store.transaction(tx -> tx.deleteExpired(now));
        List<Ban> active = store.bans();
        if (config.bans().enabled()) {
            ipset.ensure();
            ipset.restore(active, now);
        }
        updateActive(active, now);
        for (Ban b : expired) {
            metrics.bansEnded.labelValues("expired").inc();
        }
        say("rampart monitor: " + active.size() + " bans restored" + (expired.isEmpty() ? "" : ", " + expired.size()
                + " expired while stopped"));
        for (SourceConfig sc : config.sources()) {
            sources.add(open(sc));
        }
        if (config.metrics() != null) {
            server = MetricsServer.start(config.metrics().host(), config.metrics().port(), metrics.registry());
            say("rampart monitor: metrics on http://" + config.metrics().host() + ":" + server.port() + "/metrics");
        }
        lastExpiry = System.currentTimeMillis();
    }

    private SourceState open(SourceConfig sc) throws IOException, SQLException {
        if (sc instanceof SourceConfig.File f) {
            Store.StoredCheckpoint saved = store.checkpoint(f.path().toString());
            Checkpoint.FileCheckpoint cp = saved != null && saved.checkpoint() instanceof Checkpoint.FileCheckpoint fc
                    ? fc : null;
            FileFollower follower = new FileFollower(f.path(), cp, f.start());
            return new SourceState(follower, classifier(f.parser(), f.mode()));
        }
        SourceConfig.Journal j = (SourceConfig.Journal) sc;
        Store.StoredCheckpoint saved = store.checkpoint("journal");
        Checkpoint.JournalCheckpoint cp = saved != null && saved.checkpoint() instanceof Checkpoint.JournalCheckpoint jc
                ? jc : null;
        return new SourceState(new JournalSource(runner, j.command(), j.matches(), cp, j.start()),
                classifier("auto", "normal"));
    }

    private static LineClassifier classifier(String parser, String mode) {
        TimeResolver time = TimeResolver.systemDefault();
        SshdParser.Mode sshMode = SshdParser.Mode.valueOf(mode.toUpperCase(Locale.ROOT));
        List<ServiceParser> all = List.of(new SshdParser(sshMode), new NginxParser(true, false, true, time),
                new ApacheAuthParser(false, time), new PostfixParser(PostfixParser.Mode.NORMAL),
                new DovecotParser(false));
        return switch (parser) {
            case "auto" -> new LineClassifier(time, all);
            case "kernel" -> new LineClassifier(time, List.of());
            default -> new LineClassifier(time, all.stream().filter(p -> p.service().equals(parser)).toList());
        };
    }

    /** The loop: reads, detects, commits, expires, until {@link #stop()}; then commits the last checkpoints. */
    public void run() {
        try {
            while (!stopping) {
                int read = 0;
                for (SourceState s : sources) {
                    read += pollSource(s);
                    if (!pending.isEmpty()) {
                        commit();
                    }
                }
                long nowMs = System.currentTimeMillis();
                if (firstUncommitted >= 0 && nowMs - firstUncommitted >= config.checkpointInterval().toMillis()) {
                    commit();
                }
                if (nowMs - lastExpiry >= EXPIRY_MILLIS) {
                    lastExpiry = nowMs;
                    expire();
                }
                if (read == 0) {
                    sleep(config.pollInterval().toMillis());
                }
            }
            commit();
        } finally {
            stopped.countDown();
        }
    }

    private int pollSource(SourceState s) {
        try {
            // lines are counted as they are processed, so a source failing in the middle of a batch still
            // commits the count of the lines it delivered (its checkpoint is after them)
            int n = s.source.poll(line -> {
                s.uncommitted++;
                s.dirty = true;
                process(s, line);
            }, BATCH_LINES);
            if (n > 0) {
                metrics.linesRead.labelValues(s.name).inc(n);
            }
            if (s.dirty && firstUncommitted < 0) {
                firstUncommitted = System.currentTimeMillis();
            }
            long lag = s.source.lagBytes();
            if (lag >= 0) {
                metrics.sourceLag.labelValues(s.name).set(lag);
            }
            return n;
        } catch (IOException | HostException e) {
            metrics.sourceErrors.labelValues(s.name).inc();
            emit(new DaemonEvent.SourceError(s.name, String.valueOf(e.getMessage())));
            return 0;
        }
    }

    private void process(SourceState s, SourceLine line) {
        Classified c;
        if (line instanceof SourceLine.Text t) {
            c = s.classifier.classify(t.text());
        } else {
            JournalEntry e = ((SourceLine.Journal) line).entry();
            c = s.classifier.classifyJournal(e.time(), e.host(), e.identifier(), e.pid(), e.message());
        }
        if (c instanceof Classified.Nothing) {
            metrics.linesUnparsed.labelValues(s.name).inc();
            return;
        }
        metrics.linesParsed.labelValues(s.name).inc();
        if (c instanceof Classified.KernelLine k) {
            ScanDetection d = scans.observe(k.record());
            if (d != null) {
                metrics.detections.labelValues("scan", d.type().name().toLowerCase(Locale.ROOT)).inc();
                emit(new DaemonEvent.ScanDetected(s.name, d));
                MonitorConfig.ScanBan sb = config.scanBan();
                if (sb.danger() > 0 && d.danger() >= sb.danger()) {
                    Instant now = clock.instant();
                    decide(new Ban(d.source().asPrefix(), now, now.plus(sb.time()), "scan",
                            d.type().description() + ", danger " + d.danger(), 1));
                }
            }
        } else if (c instanceof Classified.ServiceLine sl) {
            BruteForceDetector det = bruteForce.get(sl.service());
            if (det == null) {
                return;
            }
            IpAddress addr;
            try {
                addr = IpAddress.parse(sl.match().host());
            } catch (IllegalArgumentException e) {
                return; // a DNS name: never resolved (an attacker controls reverse DNS)
            }
            Instant now = clock.instant();
            BanDecision d = det.failure(addr, sl.time() != null ? sl.time() : now);
            if (d == null) {
                return;
            }
            metrics.detections.labelValues("bruteforce", sl.service()).inc();
            emit(new DaemonEvent.BruteForceDetected(s.name, sl.service(), d));
            if (!d.until().isAfter(now)) {
                return; // an old line read again from the start of a file: that ban is already over
            }
            // repeat offenders: the detector remembers bans since the daemon started; the store remembers
            // them across restarts (fail2ban keeps them in its database for the same reason)
            BruteForceSettings bs = det.settings();
            int previous = d.banNumber() - 1;
            if (bs.increment()) {
                previous = Math.max(previous, pastBans(d.target(), now.minus(bs.offenderMemory())));
            }
            Duration length = previous == d.banNumber() - 1 ? d.duration() : bs.banDuration(previous);
            decide(new Ban(d.target(), now, now.plus(length), sl.service(),
                    d.failures() + " failures within " + YamlReader.format(bs.findTime()), previous + 1));
        }
    }

    /** Bans of {@code target} in the store's history since {@code since} (0 when the store cannot say). */
    private int pastBans(IpPrefix target, Instant since) {
        try {
            return (int) store.countBansSince(BanTargets.format(target), since);
        } catch (SQLException e) {
            emit(new DaemonEvent.SourceError("store", e.getMessage()));
            return 0;
        }
    }

    private void decide(Ban ban) {
        IpPrefix allowed = allowlist.blocking(ban.target());
        if (allowed != null) {
            metrics.bansRefused.inc();
            emit(new DaemonEvent.BanRefused(ban, BanTargets.format(allowed)));
            say("rampart monitor: not banning " + BanTargets.format(ban.target()) + " (" + ban.origin()
                    + "): allowlisted by " + BanTargets.format(allowed));
            return;
        }
        pending.add(ban);
    }

    /** Commits pending bans and every source's checkpoint in one transaction, then tells the kernel. */
    private void commit() {
        if (pending.isEmpty() && sources.stream().noneMatch(s -> s.dirty)) {
            firstUncommitted = -1;
            return;
        }
        List<Ban> bans = List.copyOf(pending);
        List<Store.Upsert> results;
        try {
            results = store.transaction(tx -> {
                List<Store.Upsert> r = new ArrayList<>();
                for (Ban b : bans) {
                    r.add(tx.upsertBan(b));
                }
                for (SourceState s : sources) {
                    if (s.dirty) {
                        tx.saveCheckpoint(s.name, s.source.checkpoint(), s.uncommitted);
                    }
                }
                return r;
            });
        } catch (SQLException e) {
            emit(new DaemonEvent.SourceError("store", e.getMessage()));
            return; // retried at the next commit; nothing was applied
        }
        pending.clear();
        firstUncommitted = -1;
        for (SourceState s : sources) {
            s.dirty = false;
            s.uncommitted = 0;
        }
        metrics.checkpointCommits.inc();
        Instant now = clock.instant();
        List<Ban> applied = new ArrayList<>();
        for (int i = 0; i < bans.size(); i++) {
            if (results.get(i) != Store.Upsert.UNCHANGED) {
                applied.add(bans.get(i));
            }
        }
        if (config.bans().enabled() && !applied.isEmpty()) {
            try {
                ipset.addAll(applied.stream().map(Ban::target).toList(),
                        applied.stream().map(b -> b.remaining(now)).toList());
            } catch (HostException e) {
                emit(new DaemonEvent.SourceError("ipset", e.getMessage()));
            }
        }
        for (int i = 0; i < bans.size(); i++) {
            Ban b = bans.get(i);
            if (results.get(i) == Store.Upsert.UNCHANGED) {
                continue;
            }
            metrics.bansAdded.labelValues(b.origin()).inc();
            say("rampart monitor: banned " + BanTargets.format(b.target()) + " until " + b.expires() + " (" + b.origin()
                    + ": " + b.reason() + ")");
            emit(new DaemonEvent.BanAdded(b, results.get(i) == Store.Upsert.EXTENDED));
        }
        if (!bans.isEmpty()) {
            refreshActive(now);
        }
    }

    private void expire() {
        Instant now = clock.instant();
        try {
            List<Ban> gone = store.transaction(tx -> tx.deleteExpired(now));
            for (Ban b : gone) {
                if (config.bans().enabled()) {
                    try {
                        ipset.remove(b.target()); // the kernel's timeout has normally removed it already
                    } catch (HostException e) {
                        emit(new DaemonEvent.SourceError("ipset", e.getMessage()));
                    }
                }
                metrics.bansEnded.labelValues("expired").inc();
                say("rampart monitor: ban of " + BanTargets.format(b.target()) + " expired");
                emit(new DaemonEvent.BanEnded(b, true, b.expires()));
            }
            refreshActive(now);
        } catch (SQLException e) {
            emit(new DaemonEvent.SourceError("store", e.getMessage()));
        }
    }

    private void refreshActive(Instant now) {
        try {
            metrics.bansActive.labelValues("ipv4").set(store.countActive(now, false));
            metrics.bansActive.labelValues("ipv6").set(store.countActive(now, true));
        } catch (SQLException e) {
            emit(new DaemonEvent.SourceError("store", e.getMessage()));
        }
    }

    private void updateActive(List<Ban> bans, Instant now) {
        long v4 = bans.stream().filter(b -> !b.expiredAt(now) && b.target().family() == Family.IPV4).count();
        metrics.bansActive.labelValues("ipv4").set(v4);
        metrics.bansActive.labelValues("ipv6").set(bans.stream().filter(b -> !b.expiredAt(now)).count() - v4);
    }

    private void emit(DaemonEvent e) {
        if (e instanceof DaemonEvent.SourceError se) {
            say("rampart monitor: " + se.source() + ": " + se.message());
        }
        for (DaemonListener l : listeners) {
            try {
                l.onEvent(e);
            } catch (RuntimeException ex) {
                say("rampart monitor: a listener failed: " + ex);
            }
        }
    }

    private void say(String message) {
        if (log != null) {
            log.println(message);
            log.flush();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks the loop to stop; it commits its last checkpoints and returns from {@link #run()}. */
    public void stop() {
        stopping = true;
    }

    /** Waits up to {@code millis} for {@link #run()} to finish; whether it did. */
    public boolean awaitStopped(long millis) throws InterruptedException {
        return stopped.await(millis, TimeUnit.MILLISECONDS);
    }

    /** Closes sources, the scheduler and the metrics server (call after {@link #run()} returned). */
    @Override
    public void close() {
        scheduler.shutdownNow();
        for (SourceState s : sources) {
            s.source.close();
        }
        if (server != null) {
            server.close();
        }
    }
}
