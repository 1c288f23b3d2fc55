package dev.rampart.monitor.alert;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The alert counters:
 * <pre>
 * rampart_alert_sends_total{sink,result}              result = ok | failed (after the sink's retries)
 * rampart_alerts_suppressed_total{sink,kind,reason}   reason = aggregated | rate_limited | queue_full | below_severity
 * </pre>
 * An alert that is suppressed as {@code aggregated} or {@code rate_limited} is still counted in a summary
 * that the sink sends later; {@code queue_full} means the sink's send queue was full (the sink is far
 * behind) and the alert is gone; {@code below_severity} means the sink is configured not to take it.
 */
public final class AlertMetrics {
    private final Counter sends;
    private final Counter suppressed;

    /** Creates the counters and registers them with {@code registry}. */
    public AlertMetrics(PrometheusRegistry registry) {
        sends = Counter.builder().name("rampart_alert_sends_total")
                .help("Alerts (and summaries) a sink tried to deliver, by result").labelNames("sink", "result")
                .register(registry);
        suppressed = Counter.builder().name("rampart_alerts_suppressed_total")
                .help("Alerts a sink did not send by themselves, by reason (aggregated and rate_limited ones go out in a later summary)")
                .labelNames("sink", "kind", "reason").register(registry);
    }

    void sent(String sink, boolean ok) {
        sends.labelValues(sink, ok ? "ok" : "failed").inc();
    }

    void suppressed(String sink, AlertKind kind, String reason) {
        suppressed.labelValues(sink, kind.id(), reason).inc();
    }

    /** The value of {@code rampart_alert_sends_total{sink,result}}. */
    public long sendCount(String sink, String result) {
        return (long) sends.labelValues(sink, result).get();
    }

    /** The value of {@code rampart_alerts_suppressed_total{sink,kind,reason}}. */
    public long suppressedCount(String sink, AlertKind kind, String reason) {
        return (long) suppressed.labelValues(sink, kind.id(), reason).get();
    }
}
