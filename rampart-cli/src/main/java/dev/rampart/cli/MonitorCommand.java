package dev.rampart.cli;

import dev.rampart.monitor.daemon.MonitorConfig;
import dev.rampart.monitor.daemon.MonitorDaemon;
import dev.rampart.monitor.metrics.DaemonMetrics;
import dev.rampart.monitor.store.Store;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code rampart monitor}: the foreground daemon (docs/commands/monitor.md). Stops on SIGTERM/SIGINT after
 * committing its last checkpoints.
 */
@Command(name = "monitor", mixinStandardHelpOptions = true,
        description = {"Run the monitor daemon in the foreground: follow log files and the journal,",
                "detect brute force and port scans, ban offenders through ipsets, serve",
                "Prometheus metrics. Stops cleanly on SIGTERM (last checkpoint committed)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"143:stopped by SIGTERM (130: SIGINT), last checkpoints committed", "2:usage error",
                "3:invalid configuration",
                "4:ipset/iptables failed, database or metrics address unusable"})
public final class MonitorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    MonitorOptions options;

    @Override
    public Integer call() {
        MonitorConfig config = options.load(spec.commandLine().getErr());
        if (config == null) {
            return ExitCode.INVALID_INPUT;
        }
        Store store;
        try {
            store = Store.open(options.database(config));
        } catch (SQLException e) {
            throw new HostException("cannot open the database " + options.database(config) + ": " + e.getMessage());
        }
        DaemonMetrics metrics = new DaemonMetrics(new PrometheusRegistry());
        MonitorDaemon daemon = new MonitorDaemon(config, options.runner(), store, metrics, Clock.systemUTC(),
                System.err);
        try {
            daemon.start();
        } catch (dev.rampart.host.HostException e) {
            daemon.close();
            store.close();
            throw new HostException(e.getMessage());
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
