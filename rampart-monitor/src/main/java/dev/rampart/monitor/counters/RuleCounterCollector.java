package dev.rampart.monitor.counters;

import dev.rampart.model.Family;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Exports the kernel's per-rule and per-policy counters as Prometheus counters (a {@link MultiCollector}
 * to register with a {@code PrometheusRegistry}):
 *
 * <pre>
 * rampart_rule_packets_total{family,table,chain,rule,comment}   rampart_rule_bytes_total{...}
 * rampart_policy_packets_total{family,table,chain}              rampart_policy_bytes_total{...}
 * rampart_rule_counters_rules            gauge: rules read in the selected tables and chains
 * rampart_rule_counters_omitted_rules    gauge: rules not exported because of max_rules
 * rampart_rule_counters_sample_seconds   gauge: how long the last reading took
 * rampart_rule_counters_sample_timestamp_seconds  gauge: when the last reading was taken (Unix time)
 * rampart_rule_counters_sample_errors_total       counter: readings that failed
 * </pre>
 *
 * <p>Caching: a reading younger than {@code max_age} is served as it is; an older one is replaced on the
 * next scrape ({@link CounterSettings.Mode#ON_SCRAPE}) or by the daemon calling {@link #refresh()}
 * ({@link CounterSettings.Mode#SCHEDULE}). Readings are single-flight: scrapes arriving while one reading
 * runs wait for it and share its result, so a scrape storm runs {@code iptables-save} at most once per
 * {@code max_age}. A reading that took long spaces the next one out to four times its duration (so
 * reading never takes more than a quarter of the time). A failed reading is not retried per scrape:
 * the next attempt waits {@code max_age}, then 2×, 4×... up to 10 minutes while readings keep failing;
 * meanwhile the rule and policy series are left out (rather than repeating stale values) and the error
 * counter says why they are missing.
 *
 * <p>Counter resets: the kernel restarts a rule's counters at zero when rules are reloaded
 * ({@code iptables-restore} without {@code -c}, or a rule deleted and inserted). The series then
 * decreases, which Prometheus' {@code rate()}/{@code increase()} treat as a counter reset, as for a
 * restarted process. A rule's identity is its position: inserting a rule above it shifts the numbers,
 * so series of the same {@code rule} label may then belong to another rule (use comments to tell).
 */
public final class RuleCounterCollector implements MultiCollector {
    private final Supplier<CounterSample> sampler;
    private final CounterSettings settings;
    private final Clock clock;
    private final Object lock = new Object();
    private CounterSample last;
    private Instant nextAttempt;
    private RuntimeException lastError;
    private long errors;
    private int failuresInARow;

    /** Longest wait after failed readings: 10 minutes. */
    static final Duration MAX_FAILURE_BACKOFF = Duration.ofMinutes(10);
    /** A reading may use at most 1/{@value} of the time (its duration times this is the least spacing). */
    static final int DUTY_FACTOR = 4;

    /** A collector reading through {@code sampler} with the caching of {@code settings}. */
    public RuleCounterCollector(Supplier<CounterSample> sampler, CounterSettings settings, Clock clock) {
        this.sampler = Objects.requireNonNull(sampler, "sampler");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A collector of {@code sampler}'s readings. */
    public RuleCounterCollector(CounterSampler sampler, CounterSettings settings, Clock clock) {
        this(sampler::sample, settings, clock);
    }

    /** Takes a reading now (the daemon's schedule in {@link CounterSettings.Mode#SCHEDULE}); returns it or null on failure. */
    public CounterSample refresh() {
        synchronized (lock) {
            return take();
        }
    }

    private CounterSample take() {
        Instant start = clock.instant();
        try {
            last = sampler.get();
            lastError = null;
            failuresInARow = 0;
            // a slow reading (iptables-save of a 300k-rule ruleset) spaces the next one out: at most 1/4 duty
            Duration took = Duration.between(start, clock.instant()).multipliedBy(DUTY_FACTOR);
            nextAttempt = start.plus(took.compareTo(settings.maxAge()) > 0 ? took : settings.maxAge());
        } catch (RuntimeException e) {
            errors++;
            lastError = e;
            last = null;
            failuresInARow++;
            Duration wait = settings.maxAge().multipliedBy(1L << Math.min(failuresInARow - 1, 20));
            nextAttempt = start.plus(wait.compareTo(MAX_FAILURE_BACKOFF) > 0 ? MAX_FAILURE_BACKOFF : wait);
        }
        return last;
    }

    /**
     * Takes a reading when one is due (the daemon's schedule in {@link CounterSettings.Mode#SCHEDULE}: call
     * it every second or every {@code max_age}; it honours the spacing after slow or failed readings).
     * Returns the current reading (null while readings fail).
     */
    public CounterSample refreshIfDue() {
        synchronized (lock) {
            if (nextAttempt == null || !clock.instant().isBefore(nextAttempt)) {
                take();
            }
            return last;
        }
    }

    /** The reading a scrape gets now: cached, or freshly taken when stale (on-scrape mode). */
    CounterSample current() {
        synchronized (lock) {
            boolean stale = nextAttempt == null || !clock.instant().isBefore(nextAttempt);
            if (stale && settings.mode() == CounterSettings.Mode.ON_SCRAPE) {
                take();
            }
            return last;
        }
    }

    /** The failure of the last reading, or null when it succeeded (for the daemon's log and alerts). */
    public RuntimeException lastError() {
        synchronized (lock) {
            return lastError;
        }
    }

    @Override
    public MetricSnapshots collect() {
        CounterSample s = settings.enabled() ? current() : null;
        long errs;
        synchronized (lock) {
            errs = errors;
        }
        CounterSnapshot.Builder rp = CounterSnapshot.builder().name("rampart_rule_packets")
                .help("Packets counted by the kernel for a rule (iptables-save -c)");
        CounterSnapshot.Builder rb = CounterSnapshot.builder().name("rampart_rule_bytes")
                .help("Bytes counted by the kernel for a rule (iptables-save -c)");
        CounterSnapshot.Builder pp = CounterSnapshot.builder().name("rampart_policy_packets")
                .help("Packets decided by a built-in chain's policy (iptables-save -c)");
        CounterSnapshot.Builder pb = CounterSnapshot.builder().name("rampart_policy_bytes")
                .help("Bytes decided by a built-in chain's policy (iptables-save -c)");
        GaugeSnapshot.Builder seen = GaugeSnapshot.builder().name("rampart_rule_counters_rules")
                .help("Rules read in the selected tables and chains at the last reading");
        GaugeSnapshot.Builder omitted = GaugeSnapshot.builder().name("rampart_rule_counters_omitted_rules")
                .help("Rules not exported because of counters.max_rules");
        GaugeSnapshot.Builder took = GaugeSnapshot.builder().name("rampart_rule_counters_sample_seconds")
                .help("Seconds the last reading of the counters took");
        GaugeSnapshot.Builder when = GaugeSnapshot.builder().name("rampart_rule_counters_sample_timestamp_seconds")
                .help("Unix time of the last successful reading of the counters");
        CounterSnapshot.Builder err = CounterSnapshot.builder().name("rampart_rule_counters_sample_errors")
                .help("Readings of the counters that failed (iptables-save failed or its output did not parse)");
        err.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(errs).build());
        if (s != null) {
            for (RuleCounter r : s.rules()) {
                Labels l = Labels.of("family", family(r.family()), "table", r.table().id(), "chain", r.chain(),
                        "rule", Integer.toString(r.rule()), "comment", r.comment());
                rp.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(l).value(unsigned(r.packets())).build());
                rb.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(l).value(unsigned(r.bytes())).build());
            }
            for (PolicyCounter p : s.policies()) {
                Labels l = Labels.of("family", family(p.family()), "table", p.table().id(), "chain", p.chain());
                pp.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(l).value(unsigned(p.packets())).build());
                pb.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(l).value(unsigned(p.bytes())).build());
            }
            seen.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(s.rulesSeen()).build());
            omitted.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(s.rulesOmitted()).build());
            took.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(s.took().toNanos() / 1e9).build());
            when.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(s.time().toEpochMilli() / 1e3).build());
        }
        return MetricSnapshots.of(rp.build(), rb.build(), pp.build(), pb.build(), seen.build(), omitted.build(),
                took.build(), when.build(), err.build());
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.of("rampart_rule_packets", "rampart_rule_bytes", "rampart_policy_packets", "rampart_policy_bytes",
                "rampart_rule_counters_rules", "rampart_rule_counters_omitted_rules",
                "rampart_rule_counters_sample_seconds", "rampart_rule_counters_sample_timestamp_seconds",
                "rampart_rule_counters_sample_errors");
    }

    private static String family(Family f) {
        return f == Family.IPV4 ? "ipv4" : "ipv6";
    }

    /** The kernel's unsigned 64-bit value as a double. */
    private static double unsigned(long v) {
        return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
    }
}
