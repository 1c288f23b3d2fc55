package dev.rampart.cli;

import dev.rampart.monitor.daemon.MonitorConfig;
import dev.rampart.monitor.metrics.DaemonMetrics;
import dev.rampart.monitor.metrics.StoreMetrics;
import dev.rampart.monitor.store.Store;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code rampart metrics}: prints once, in Prometheus text format, the metrics that need no running daemon
 * (computed from the monitor's database; docs/commands/metrics.md, docs/metrics.md).
 */
@Command(name = "metrics", mixinStandardHelpOptions = true,
        description = {"Print the monitor's metrics once (Prometheus text format), computed from its database:",
                "bans in force, the ban history, lines committed per source."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:printed", "3:invalid configuration", "4:database unusable"})
public final class MetricsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    MonitorOptions options;

    @Override
    public Integer call() {
        MonitorConfig c = options.load(spec.commandLine().getErr());
        if (c == null) {
            return ExitCode.INVALID_INPUT;
        }
        String text;
        try (Store store = Store.open(options.database(c))) {
            text = DaemonMetrics.text(StoreMetrics.snapshot(store, Instant.now()));
        } catch (SQLException e) {
            throw new HostException("cannot read the database " + options.database(c) + ": " + e.getMessage());
        }
        spec.commandLine().getOut().print(text);
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
