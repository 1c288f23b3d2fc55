package dev.rampart.monitor.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The daemon's own metrics in a {@link PrometheusRegistry} (every metric, its type and labels are
 * listed in {@code docs/metrics.md}). Counters end in {@code _total} in the exposition; gauges are
 * gauges. Other parts of the daemon register theirs on {@link #registry()}. Thread-safe.
 */
public final class DaemonMetrics {
    private final PrometheusRegistry registry;
    public final Counter linesRead;
    public final Counter linesParsed;
    public final Counter linesUnparsed;
    public final Counter sourceErrors;
    public final Counter detections;
    public final Counter bansAdded;
    public final Counter bansEnded;
    public final Counter bansRefused;
    public final Counter checkpointCommits;
    public final Gauge bansActive;
    public final Gauge sourceLag;

    public DaemonMetrics(PrometheusRegistry registry) {
        this.registry = registry;
        linesRead = Counter.builder().name("rampart_log_lines_read").labelNames("source")
                .help("Log lines (journal entries) read, per source").register(registry);
        linesParsed = Counter.builder().name("rampart_log_lines_parsed").labelNames("source")
                .help("Lines that meant something to a parser (kernel packet or service failure), per source")
                .register(registry);
        linesUnparsed = Counter.builder().name("rampart_log_lines_unparsed").labelNames("source")
                .help("Lines no parser made anything of, per source").register(registry);
        sourceErrors = Counter.builder().name("rampart_source_errors").labelNames("source")
                .help("Failures reading a source (missing permissions, journalctl ended, ...)").register(registry);
        detections = Counter.builder().name("rampart_detections").labelNames("detector", "type")
                .help("Detections: detector bruteforce (type = service) or scan (type = scan type)")
                .register(registry);
        bansAdded = Counter.builder().name("rampart_bans_added").labelNames("origin")
                .help("Bans added or extended, by who decided them (service, scan, manual)").register(registry);
        bansEnded = Counter.builder().name("rampart_bans_ended").labelNames("reason")
                .help("Bans that ended: expired or removed").register(registry);
        bansRefused = Counter.builder().name("rampart_bans_refused")
                .help("Ban decisions refused because the target is on the allowlist").register(registry);
        checkpointCommits = Counter.builder().name("rampart_checkpoint_commits")
                .help("Transactions committing checkpoints (and the bans decided up to them)").register(registry);
        bansActive = Gauge.builder().name("rampart_bans_active").labelNames("family")
                .help("Bans in force now, per address family (ipv4, ipv6)").register(registry);
        sourceLag = Gauge.builder().name("rampart_source_lag_bytes").labelNames("source")
                .help("Bytes written to a log file and not yet read").register(registry);
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    /** Registers a counter whose value is read from {@code callback} at each scrape (e.g. detector evictions). */
    public void counterCallback(String name, String help, String label, Consumer<CounterWithCallback.Callback> callback) {
        CounterWithCallback.builder().name(name).help(help).labelNames(label).callback(callback).register(registry);
    }

    /** Registers a gauge whose value is read from {@code callback} at each scrape. */
    public void gaugeCallback(String name, String help, String label, Consumer<GaugeWithCallback.Callback> callback) {
        GaugeWithCallback.builder().name(name).help(help).labelNames(label).callback(callback).register(registry);
    }

    /** The Prometheus text format of every metric of {@code registry}. */
    public static String text(PrometheusRegistry registry) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
