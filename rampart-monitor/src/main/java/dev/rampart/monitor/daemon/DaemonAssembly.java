package dev.rampart.monitor.daemon;

import dev.rampart.host.ProcessRunner;
import dev.rampart.monitor.alert.Alert;
import dev.rampart.monitor.alert.AlertDispatcher;
import dev.rampart.monitor.alert.AlertMetrics;
import dev.rampart.monitor.alert.AlertSettings;
import dev.rampart.monitor.alert.AlertSink;
import dev.rampart.monitor.alert.Alerts;
import dev.rampart.monitor.counters.CounterSampler;
import dev.rampart.monitor.counters.CounterSettings;
import dev.rampart.monitor.counters.RuleCounterCollector;
import dev.rampart.monitor.drift.ApprovedFiles;
import dev.rampart.monitor.drift.ApprovedState;
import dev.rampart.monitor.drift.DriftSettings;
import dev.rampart.monitor.drift.DriftWatch;
import dev.rampart.monitor.settings.YamlReader;
import dev.rampart.monitor.metrics.DaemonMetrics;
import dev.rampart.monitor.store.Store;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The whole monitor daemon assembled from its configuration: the {@link MonitorDaemon} (sources,
 * detectors, bans, store, metrics) plus the parts that hang on its extension points —
 *
 * <ul>
 *   <li>alerts: an {@link AlertDispatcher} with the sinks of {@code alerts:} receives the daemon's events
 *       as alerts ({@link EventAlerts}); its {@link AlertDispatcher#tick()} runs every
 *       {@value #ALERT_TICK_SECONDS} s as a periodic task (summaries whose window ended);</li>
 *   <li>drift: when {@code drift:} is present and enabled, a {@link DriftWatch} runs at start and then
 *       every {@code drift.interval} as a periodic task; its alerts go through the same dispatcher. The
 *       approved state is the directory {@code drift.approved}, else {@link Hooks#approvedHistory()} (the
 *       apply history, supplied by whoever has one); with neither, each check fails with a
 *       {@code daemon_error} alert saying so;</li>
 *   <li>counters: a {@link RuleCounterCollector} on the daemon's registry when {@code counters.enabled}
 *       (default); in {@code schedule} mode its {@link RuleCounterCollector#refreshIfDue()} runs every
 *       second; a failed reading is logged and alerted ({@code daemon_error}) once per distinct failure.</li>
 * </ul>
 *
 * Lifecycle: {@link #start()} (the daemon's start, then the periodic tasks), {@link #run()} on one
 * thread until {@link #stop()}, then {@link #close()}: the daemon's sources, scheduler and metrics
 * server, then the dispatcher, which sends what it holds and waits at most {@code alertWait}.
 */
public final class DaemonAssembly implements AutoCloseable {
    /** How often held alert summaries are checked for their window's end, in seconds. */
    static final int ALERT_TICK_SECONDS = 1;
    /** How often {@code schedule} mode asks the counter collector whether a reading is due, in seconds. */
    static final int COUNTER_TICK_SECONDS = 1;
    /** How often a failed counter reading is looked for (to log and alert it once), in seconds. */
    static final int COUNTER_ERROR_CHECK_SECONDS = 5;

    /**
     * What the assembly cannot find in the configuration.
     *
     * @param approvedHistory the approved state when {@code drift.approved} is not set (the apply
     *                        history's latest entry), or null when there is none
     * @param counterSource   where {@code iptables-save -c} text comes from, or null for the live kernel
     *                        through the daemon's runner
     */
    public record Hooks(Supplier<ApprovedState> approvedHistory, CounterSampler.SaveSource counterSource) {
        /** No history, counters from the kernel. */
        public static final Hooks NONE = new Hooks(null, null);
    }

    private final MonitorConfig config;
    private final MonitorDaemon daemon;
    private final DaemonMetrics metrics;
    private final AlertDispatcher dispatcher;
    private final List<AlertSink> sinks;
    private final DriftWatch drift;
    private final RuleCounterCollector counters;
    private final PrintStream log;
    private final Duration alertWait;
    private final Clock clock;
    /** The counter failure reported last (null: none); touched by the one task that checks it. */
    private volatile String lastCounterError;

    /**
     * Builds every part (nothing runs yet).
     *
     * @param runner    runs ipset, iptables(-save), ip, journalctl, logger (the host, or a namespace in tests)
     * @param log       one line per notable event (stderr for {@code rampart monitor}); may be null
     * @param alertWait at shutdown, how long held alerts may take to go out
     */
    public DaemonAssembly(MonitorConfig config, ProcessRunner runner, Store store, Clock clock, PrintStream log,
                          Hooks hooks, Duration alertWait) {
        this.config = config;
        this.log = log;
        this.alertWait = alertWait;
        this.clock = clock;
        this.metrics = new DaemonMetrics(new PrometheusRegistry());
        PrometheusRegistry registry = metrics.registry();
        this.daemon = new MonitorDaemon(config, runner, store, metrics, clock, log);
        AlertSettings as = config.alerts();
        this.sinks = as.sinks(runner, AlertSettings.localName(), clock);
        this.dispatcher = new AlertDispatcher(sinks, as.throttling(), new AlertMetrics(registry), clock,
                m -> say("rampart monitor: " + m));
        daemon.addListener(new EventAlerts(dispatcher::submit, clock));
        DriftSettings ds = config.drift();
        if (ds != null && ds.enabled()) {
            drift = new DriftWatch(approved(ds, hooks), ds, runner, clock, registry);
        } else {
            drift = null;
        }
        CounterSettings cs = config.counters();
        if (cs.enabled()) {
            CounterSampler sampler = hooks.counterSource() != null ? new CounterSampler(hooks.counterSource(), cs, clock)
                    : CounterSampler.live(runner, cs, clock);
            counters = new RuleCounterCollector(sampler, cs, clock);
            registry.register(counters);
        } else {
            counters = null;
        }
    }

    /** The approved state of each drift check: the configured directory, else the history, else an error. */
    private static Supplier<ApprovedState> approved(DriftSettings ds, Hooks hooks) {
        if (ds.approved() != null) {
            // read at each check: the directory may be filled (or fixed) while the daemon runs
            return () -> ApprovedFiles.directory(ds.approved());
        }
        if (hooks.approvedHistory() != null) {
            return hooks.approvedHistory();
        }
        return () -> {
            throw new IllegalStateException("no approved state: set drift.approved to a directory with rules.v4,"
                    + " rules.v6, ipsets (the apply history is not available to this daemon)");
        };
    }

    /**
     * Starts the daemon ({@link MonitorDaemon#start()}), then the periodic tasks: alert ticks, the first
     * drift check at once (after the ban sets exist, which the {@code rampart-bans} expectation relies on)
     * and then every {@code drift.interval}, counter readings in {@code schedule} mode.
     */
    public void start() throws IOException, SQLException {
        daemon.start();
        if (!sinks.isEmpty()) {
            say("rampart monitor: alerts to " + String.join(", ", sinks.stream().map(AlertSink::name).toList()));
        }
        daemon.addPeriodicTask("alerts", Duration.ofSeconds(ALERT_TICK_SECONDS), dispatcher::tick);
        if (drift != null) {
            say("rampart monitor: drift checked every " + YamlReader.format(config.drift().interval()) + " against "
                    + (config.drift().approved() != null ? config.drift().approved() : "the apply history"));
            daemon.addPeriodicTask("drift", Duration.ZERO, config.drift().interval(), this::checkDrift);
        }
        if (counters != null && config.counters().mode() == CounterSettings.Mode.SCHEDULE) {
            daemon.addPeriodicTask("counters", Duration.ZERO, Duration.ofSeconds(COUNTER_TICK_SECONDS),
                    counters::refreshIfDue);
        }
        if (counters != null) {
            daemon.addPeriodicTask("counters", Duration.ofSeconds(COUNTER_ERROR_CHECK_SECONDS),
                    Duration.ofSeconds(COUNTER_ERROR_CHECK_SECONDS), this::reportCounterFailure);
        }
    }

    /**
     * Readings of the counters happen on scrapes (or the schedule) and fail quietly there (the series are
     * left out, the error counter grows); this says so in the log and as one {@code daemon_error} alert per
     * distinct failure, so an {@code iptables-save} that cannot run is not only visible to whoever reads the
     * metrics.
     */
    private void reportCounterFailure() {
        RuntimeException e = counters.lastError();
        String message = e == null ? null : "reading the rule counters failed: " + e.getMessage();
        if (message != null && !message.equals(lastCounterError)) {
            say("rampart monitor: counters: " + message);
            dispatcher.submit(Alerts.daemonError("counters", message, clock.instant()));
        }
        lastCounterError = message;
    }

    private void checkDrift() {
        drift.check().ifPresent(a -> {
            say("rampart monitor: " + a.kind().words() + ": " + a.summary());
            dispatcher.submit(a);
        });
    }

    /** The daemon's loop ({@link MonitorDaemon#run()}), until {@link #stop()}. */
    public void run() {
        daemon.run();
    }

    /** Asks the loop to stop (it commits its last checkpoints). */
    public void stop() {
        daemon.stop();
    }

    /** Waits up to {@code millis} for {@link #run()} to finish; whether it did. */
    public boolean awaitStopped(long millis) throws InterruptedException {
        return daemon.awaitStopped(millis);
    }

    /** The daemon, for more listeners and tasks. */
    public MonitorDaemon daemon() {
        return daemon;
    }

    /** The daemon's metrics (its registry holds the alert, drift and counter metrics too). */
    public DaemonMetrics metrics() {
        return metrics;
    }

    /** Offers {@code alert} to the sinks, as the daemon's own alerts are. */
    public void alert(Alert alert) {
        dispatcher.submit(alert);
    }

    /**
     * Closes the daemon (sources, periodic tasks, metrics server), then the dispatcher: held alerts go out
     * as summaries, waiting at most {@code alertWait}. Call after {@link #run()} returned.
     */
    @Override
    public void close() {
        daemon.close();
        dispatcher.close(alertWait);
    }

    private void say(String message) {
        if (log != null) {
            log.println(message);
            log.flush();
        }
    }
}
