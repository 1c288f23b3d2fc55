package dev.rampart.cli.monitor;

import dev.rampart.cli.ExitCode;
import dev.rampart.monitor.counters.CounterSampler;
import dev.rampart.monitor.counters.CounterSettings;
import dev.rampart.monitor.counters.RuleCounterCollector;
import dev.rampart.monitor.daemon.MonitorConfig;
import dev.rampart.monitor.metrics.DaemonMetrics;
import dev.rampart.monitor.metrics.StoreMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code rampart metrics}: prints once, in Prometheus text format, the metrics that need no running daemon:
 * those computed from the monitor's database and the kernel's rule and policy counters (one reading with
 * the daemon's {@link RuleCounterCollector} and the {@code counters:} settings; docs/commands/metrics.md,
 * docs/metrics.md).
 */
@Command(name = "metrics", mixinStandardHelpOptions = true,
        description = {"Print the monitor's metrics once (Prometheus text format): from its database (bans in",
                "force, the ban history, lines committed per source) and the kernel's rule and policy",
                "counters (iptables-save -c, ip6tables-save -c; counters.enabled: false to leave them out)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:printed", "3:invalid configuration",
                "4:database unusable, or the counters could not be read (the rest is printed)"})
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
        PrometheusRegistry registry = options.withStore(c, "read", store -> StoreMetrics.snapshot(store, Instant.now()));
        RuntimeException countersFailed = null;
        CounterSettings cs = c.counters();
        if (cs.enabled()) {
            RuleCounterCollector counters = new RuleCounterCollector(CounterSampler.live(options.runner(), cs,
                    Clock.systemUTC()), cs, Clock.systemUTC());
            // one reading; the collector then serves it (in either mode) as the daemon's scrape would
            if (counters.refresh() == null) {
                countersFailed = counters.lastError();
            }
            registry.register(counters);
        }
        spec.commandLine().getOut().print(DaemonMetrics.text(registry));
        spec.commandLine().getOut().flush();
        if (countersFailed != null) {
            spec.commandLine().getErr().println("rampart metrics: error: cannot read the rule counters: "
                    + countersFailed.getMessage());
            spec.commandLine().getErr().flush();
            return ExitCode.HOST_FAILURE;
        }
        return ExitCode.OK;
    }
}
