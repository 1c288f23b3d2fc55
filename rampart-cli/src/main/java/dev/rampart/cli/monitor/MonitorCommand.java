package dev.rampart.cli.monitor;

import dev.rampart.cli.ExitCode;
import dev.rampart.cli.HostException;
import dev.rampart.host.apply.RampartDirs;
import dev.rampart.host.history.HistoryStore;
import dev.rampart.monitor.daemon.DaemonAssembly;
import dev.rampart.monitor.daemon.MonitorConfig;
import dev.rampart.monitor.drift.ApprovedHistory;
import dev.rampart.monitor.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rampart monitor}: the foreground daemon (docs/commands/monitor.md), assembled by
 * {@link DaemonAssembly} (detectors, bans, alerts, drift, rule counters). Stops on SIGTERM/SIGINT after
 * committing its last checkpoints and sending the alerts it holds. {@code --check-config} only checks the
 * configuration.
 */
@Command(name = "monitor", mixinStandardHelpOptions = true,
        description = {"Run the monitor daemon in the foreground: follow log files and the journal,",
                "detect brute force and port scans, ban offenders through ipsets, serve",
                "Prometheus metrics (rule counters included), send alerts, check drift. Stops cleanly",
                "on SIGTERM (last checkpoint committed, held alerts sent)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:--check-config: the configuration is valid", "143:stopped by SIGTERM (130: SIGINT), last checkpoints committed", "2:usage error",
                "3:invalid configuration",
                "4:ipset/iptables failed, database or metrics address unusable"})
public final class MonitorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    MonitorOptions options;

    @Option(names = "--check-config", description = {"Only check the configuration (every section: sources, detectors,",
            "bans, alerts, drift, counters), print its problems and exit: 0 valid, 3 invalid."})
    boolean checkConfig;

    /** How long held alerts may take to go out at shutdown (the unit's TimeoutStopSec leaves room for it). */
    static final Duration ALERT_WAIT = Duration.ofSeconds(30);

    @Override
    public Integer call() {
        MonitorConfig config = options.load(spec.commandLine().getErr());
        if (config == null) {
            return ExitCode.INVALID_INPUT;
        }
        if (checkConfig) {
            boolean exists = Files.exists(options.configPath());
            spec.commandLine().getOut().println(options.configPath() + (exists ? ": valid" : ": absent, every default"));
            spec.commandLine().getOut().flush();
            return ExitCode.OK;
        }
        Store store;
        try {
            store = Store.open(options.database(config));
        } catch (SQLException e) {
            throw new HostException("cannot open the database " + options.database(config) + ": " + e.getMessage());
        }
        // without drift.approved, drift compares with what the newest approved 'rampart apply' put in force
        HistoryStore history = new HistoryStore(RampartDirs.resolve(options.root(), System.getenv()).history());
        DaemonAssembly.Hooks hooks = new DaemonAssembly.Hooks(() -> ApprovedHistory.latest(history).orElseThrow(
                () -> new IllegalStateException("no approved state: no approved 'rampart apply' in " + history.dir()
                        + ", and drift.approved is not set")), null);
        DaemonAssembly daemon = new DaemonAssembly(config, options.runner(), store, Clock.systemUTC(), System.err,
                hooks, ALERT_WAIT);
        try {
            daemon.start();
        } catch (dev.rampart.host.HostException e) {
            daemon.close();
            store.close();
            throw e;
        } catch (IOException | SQLException e) {
            daemon.close();
            store.close();
            throw new HostException(e.getMessage());
        }
        Thread hook = new Thread(() -> {
            daemon.stop();
            boolean done = false;
            try {
                done = daemon.awaitStopped(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.err.println(done ? "rampart monitor: stopped, checkpoints committed"
                    : "rampart monitor: stopped without committing the last checkpoints (the loop did not end in 15 s)");
            System.err.flush();
            daemon.close();
            store.close();
        }, "rampart-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        daemon.run();
        return ExitCode.OK;
    }
}
