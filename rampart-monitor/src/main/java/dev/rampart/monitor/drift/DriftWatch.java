package dev.rampart.monitor.drift;

import dev.rampart.host.ProcessRunner;
import dev.rampart.monitor.alert.Alert;
import dev.rampart.monitor.alert.AlertKind;
import dev.rampart.monitor.alert.AlertSeverity;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The daemon's periodic drift check: runs {@link DriftCheck} every {@code drift.interval} (the daemon
 * calls {@link #check()}), keeps the metrics, and turns a <em>change</em> of the drift into an alert, so a
 * firewall that stays drifted alerts once, not every five minutes:
 *
 * <ul>
 *   <li>new drift, or different drift (another set of differences): a {@code drift} alert, critical when
 *       a packet class changes fate, warning otherwise, with the text report as details;</li>
 *   <li>drift gone: an info alert "no drift any more";</li>
 *   <li>a check that fails (a tool fails, the approved files have errors): a {@code daemon_error} alert,
 *       once per distinct message.</li>
 * </ul>
 *
 * Metrics: {@code rampart_drift} (gauge: 1 drifted, 0 not, at the last successful check),
 * {@code rampart_drift_fate_changes} and {@code rampart_drift_rule_differences} (gauges),
 * {@code rampart_drift_checks_total{result}} (counter: {@code ok}, {@code drift}, {@code error}).
 * Not thread-safe: call from one scheduler thread.
 */
public final class DriftWatch {
    private final Supplier<ApprovedState> approved;
    private final DriftCheck check;
    private final ProcessRunner runner;
    private final Clock clock;
    private final Gauge drifted;
    private final Gauge fates;
    private final Gauge rules;
    private final Counter checks;
    private static final String NONE = "none";
    private String lastFingerprint = "";
    private String lastError = "";

    /**
     * @param approved gives the approved state at each check (the latest history entry, or fixed files)
     * @param settings the {@code drift:} settings (expected changes, timeout)
     * @param runner   runs the save commands (the host, or a namespace)
     * @param registry where the metrics are registered
     */
    public DriftWatch(Supplier<ApprovedState> approved, DriftSettings settings, ProcessRunner runner, Clock clock,
                      PrometheusRegistry registry) {
        this.approved = Objects.requireNonNull(approved, "approved");
        this.check = new DriftCheck(settings.expect(), settings.semanticMaxRules());
        this.runner = runner.withTimeout(settings.timeout());
        this.clock = clock;
        drifted = Gauge.builder().name("rampart_drift").help("1 when the live firewall differed from the approved state at the last check")
                .register(registry);
        fates = Gauge.builder().name("rampart_drift_fate_changes")
                .help("Packet classes whose fate differed from the approved state at the last check").register(registry);
        rules = Gauge.builder().name("rampart_drift_rule_differences")
                .help("Structural rule differences from the approved state at the last check").register(registry);
        checks = Counter.builder().name("rampart_drift_checks_total").help("Drift checks by result")
                .labelNames("result").register(registry);
    }

    /** Runs one check; returns the alert to send when the drift state changed. */
    public Optional<Alert> check() {
        DriftReport r;
        ApprovedState state = null;
        try {
            state = approved.get();
            r = check.check(state, runner, clock);
        } catch (ApprovedStateException e) {
            String msg = e.getMessage() + ": " + (e.diagnostics().isEmpty() ? "" : e.diagnostics().get(0).headline());
            return error(msg);
        } catch (RuntimeException e) {
            return error("drift check failed" + (state == null ? "" : " against " + state.id()) + ": " + e.getMessage());
        }
        lastError = "";
        checks.labelValues(r.drifted() ? "drift" : "ok").inc();
        drifted.set(r.drifted() ? 1 : 0);
        fates.set(r.fateChangeCount());
        rules.set(r.ruleDifferenceCount() + r.sets().size());
        String fp = fingerprint(r);
        if (fp.equals(lastFingerprint)) {
            return Optional.empty();
        }
        boolean was = !lastFingerprint.isEmpty() && !lastFingerprint.equals(NONE);
        lastFingerprint = fp;
        if (!r.drifted()) {
            return was ? Optional.of(Alert.of(AlertKind.DRIFT, AlertSeverity.INFO,
                    "no drift any more from approved state " + r.approvedId(), "", r.time(), null)) : Optional.empty();
        }
        return Optional.of(alert(r));
    }

    /**
     * The drift alert for a drifted report: critical when some packets change fate, warning when only
     * rules or ipsets changed; the summary line as summary, the text report as details.
     */
    public static Alert alert(DriftReport r) {
        AlertSeverity sev = r.fateChangeCount() > 0 ? AlertSeverity.CRITICAL : AlertSeverity.WARNING;
        return Alert.of(AlertKind.DRIFT, sev, DriftReportWriter.summary(r), DriftReportWriter.text(r), r.time(), null);
    }

    private Optional<Alert> error(String message) {
        checks.labelValues("error").inc();
        String oneLine = message.replaceAll("[\\r\\n]+", " ");
        if (oneLine.equals(lastError)) {
            return Optional.empty();
        }
        lastError = oneLine;
        return Optional.of(Alert.of(AlertKind.DAEMON_ERROR, AlertSeverity.CRITICAL, oneLine, message, clock.instant(), null));
    }

    /** What identifies "the same drift": the report's differences, not its time. {@code none} for no drift. */
    static String fingerprint(DriftReport r) {
        if (!r.drifted()) {
            return NONE;
        }
        StringBuilder sb = new StringBuilder(r.approvedId()).append('\n');
        for (FamilyDrift f : r.families()) {
            f.differences().forEach(d -> sb.append(d).append('\n'));
            f.fateChanges().forEach(c -> sb.append(c.approvedDecider()).append(c.liveDecider())
                    .append(c.approvedFate()).append(c.liveFate()).append('\n'));
        }
        r.sets().forEach(s -> sb.append(s).append('\n'));
        return sb.toString();
    }
}
