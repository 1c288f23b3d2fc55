package dev.rampart.monitor.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.net.IpAddress;
import dev.rampart.monitor.testing.MutableClock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Rate limiting and aggregation with a fake clock. */
class AlertThrottleTest {
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T12:00:00Z"));

    Alert ban(int i) {
        return Alert.of(AlertKind.BRUTE_FORCE_BAN, AlertSeverity.WARNING, "banned 192.0.2." + i, "", clock.instant(),
                IpAddress.parse("192.0.2." + i));
    }

    @Test
    void aBurstOfBansBecomesOneAlertAndOneSummary() {
        AlertThrottle t = new AlertThrottle(Duration.ofMinutes(5), 10, Duration.ofMinutes(1), clock);
        assertThat(t.offer(ban(1)).send()).isNotNull();
        for (int i = 2; i <= 38; i++) {
            clock.advance(Duration.ofSeconds(5));
            AlertThrottle.Decision d = t.offer(ban(i));
            assertThat(d.send()).isNull();
            assertThat(d.suppressed()).isEqualTo(AlertThrottle.Reason.AGGREGATED);
        }
        assertThat(t.held()).isEqualTo(37);
        assertThat(t.due()).isEmpty(); // 185 s into the 5 min window
        clock.advance(Duration.ofSeconds(115));
        List<Alert> due = t.due();
        assertThat(due).hasSize(1);
        Alert s = due.get(0);
        assertThat(s.summary()).isEqualTo("37 more brute-force bans in the last 5 min");
        assertThat(s.aggregated()).isEqualTo(37);
        assertThat(s.kind()).isEqualTo(AlertKind.BRUTE_FORCE_BAN);
        assertThat(s.severity()).isEqualTo(AlertSeverity.WARNING);
        assertThat(s.source()).isNull();
        assertThat(s.details().lines()).hasSize(AlertThrottle.SAMPLES + 1);
        assertThat(s.details()).contains("warning: banned 192.0.2.2").endsWith("... and 17 more\n");
        assertThat(t.held()).isZero();
        assertThat(t.due()).isEmpty();
    }

    @Test
    void kindsAreAggregatedSeparately() {
        AlertThrottle t = new AlertThrottle(Duration.ofMinutes(5), 10, Duration.ofMinutes(1), clock);
        assertThat(t.offer(ban(1)).send()).isNotNull();
        Alert scan = Alert.of(AlertKind.SCAN, AlertSeverity.INFO, "SYN scan from 203.0.113.9", "", clock.instant(),
                IpAddress.parse("203.0.113.9"));
        assertThat(t.offer(scan).send()).isSameAs(scan);
        assertThat(t.offer(ban(2)).send()).isNull();
    }

    @Test
    void aSingleHeldAlertGoesOutAsItself() {
        AlertThrottle t = new AlertThrottle(Duration.ofMinutes(5), 10, Duration.ofMinutes(1), clock);
        t.offer(ban(1));
        Alert second = ban(2);
        t.offer(second);
        clock.advance(Duration.ofMinutes(5));
        assertThat(t.due()).containsExactly(second);
    }

    @Test
    void theTokenBucketLimitsEveryKindTogetherAndNothingIsLost() {
        // burst 2, one token per minute, no aggregation window: the bucket alone limits
        AlertThrottle t = new AlertThrottle(Duration.ZERO, 2, Duration.ofMinutes(1), clock);
        int sent = 0;
        int offered = 0;
        int summarised = 0;
        for (int minute = 0; minute < 10; minute++) {
            for (int i = 0; i < 10; i++) {
                offered++;
                if (t.offer(ban(i)).send() != null) {
                    sent++;
                }
                clock.advance(Duration.ofSeconds(6));
            }
            for (Alert a : t.due()) {
                sent++;
                summarised += Math.max(1, a.aggregated()) - 1;
            }
        }
        // 2 at once, then one per minute: at most 2 + 10 sends in 10 minutes
        assertThat(sent).isLessThanOrEqualTo(12);
        for (Alert a : t.drain()) {
            summarised += Math.max(1, a.aggregated()) - 1;
            sent++;
        }
        assertThat(sent + summarised).as("every offered alert is sent or counted in a summary").isEqualTo(offered);
    }

    @Test
    void aRateLimitedAlertIsSentLaterInsideASummary() {
        AlertThrottle t = new AlertThrottle(Duration.ofMinutes(5), 1, Duration.ofMinutes(10), clock);
        assertThat(t.offer(ban(1)).send()).isNotNull();
        Alert drift = Alert.of(AlertKind.DRIFT, AlertSeverity.CRITICAL, "drift", "", clock.instant(), null);
        AlertThrottle.Decision d = t.offer(drift);
        assertThat(d.suppressed()).isEqualTo(AlertThrottle.Reason.RATE_LIMITED);
        assertThat(t.due()).isEmpty();
        clock.advance(Duration.ofMinutes(10));
        assertThat(t.due()).containsExactly(drift);
    }

    @Test
    void theDispatcherCountsSendsAndSuppressionsPerSink() throws Exception {
        PrometheusRegistry reg = new PrometheusRegistry();
        AlertMetrics metrics = new AlertMetrics(reg);
        List<Alert> got = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch three = new CountDownLatch(3);
        AlertSink recording = new AlertSink() {
            @Override
            public String name() {
                return "test";
            }

            @Override
            public AlertSeverity minSeverity() {
                return AlertSeverity.WARNING;
            }

            @Override
            public void send(Alert alert) throws IOException {
                got.add(alert);
                three.countDown();
                if (alert.kind() == AlertKind.DAEMON_ERROR) {
                    throw new IOException("sink down");
                }
            }
        };
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        AlertDispatcher d = new AlertDispatcher(List.of(recording),
                new AlertSettings.Throttling(Duration.ofMinutes(5), 10, Duration.ofMinutes(1)), metrics, clock, log::add);
        d.submit(Alert.of(AlertKind.SCAN, AlertSeverity.INFO, "low scan", "", clock.instant(), null));
        d.submit(ban(1));
        d.submit(ban(2));
        d.submit(ban(3));
        d.submit(Alert.of(AlertKind.DAEMON_ERROR, AlertSeverity.CRITICAL, "journal source died", "", clock.instant(), null));
        clock.advance(Duration.ofMinutes(5));
        d.tick();
        assertThat(three.await(5, TimeUnit.SECONDS)).isTrue();
        d.close(Duration.ofSeconds(5));
        assertThat(got).extracting(Alert::summary).containsExactly("banned 192.0.2.1", "journal source died",
                "2 more brute-force bans in the last 5 min");
        assertThat(metrics.sendCount("test", "ok")).isEqualTo(2);
        assertThat(metrics.sendCount("test", "failed")).isEqualTo(1);
        assertThat(metrics.suppressedCount("test", AlertKind.SCAN, "below_severity")).isEqualTo(1);
        assertThat(metrics.suppressedCount("test", AlertKind.BRUTE_FORCE_BAN, "aggregated")).isEqualTo(2);
        assertThat(log).singleElement().asString().contains("alert sink test failed: sink down");
        String text = dev.rampart.monitor.testing.MetricsText.of(reg);
        assertThat(text).contains("rampart_alert_sends_total{result=\"ok\",sink=\"test\"} 2.0",
                "rampart_alerts_suppressed_total{kind=\"brute_force_ban\",reason=\"aggregated\",sink=\"test\"} 2.0");
    }

    @Test
    void aHangingSinkFillsItsQueueAndTheOverflowIsCountedNotHidden() throws Exception {
        PrometheusRegistry reg = new PrometheusRegistry();
        AlertMetrics metrics = new AlertMetrics(reg);
        CountDownLatch release = new CountDownLatch(1);
        AlertSink hanging = new AlertSink() {
            @Override
            public String name() {
                return "hang";
            }

            @Override
            public AlertSeverity minSeverity() {
                return AlertSeverity.INFO;
            }

            @Override
            public void send(Alert alert) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        // no aggregation window and a big bucket: every alert goes to the send queue
        AlertDispatcher d = new AlertDispatcher(List.of(hanging),
                new AlertSettings.Throttling(Duration.ZERO, 1000, Duration.ofSeconds(1)), metrics, clock, log::add);
        for (int i = 0; i < 150; i++) {
            d.submit(ban(i % 250));
        }
        long full = metrics.suppressedCount("hang", AlertKind.BRUTE_FORCE_BAN, "queue_full");
        // one in the sender's hands, AlertDispatcher.QUEUE waiting, the rest counted as lost
        assertThat(full).isBetween(150L - AlertDispatcher.QUEUE - 1, 150L - AlertDispatcher.QUEUE);
        assertThat(log).hasSize((int) full).allMatch(l -> l.contains("queue full"));
        release.countDown();
        d.close(Duration.ofSeconds(10));
        assertThat(metrics.sendCount("hang", "ok") + full).isEqualTo(150);
    }
}
