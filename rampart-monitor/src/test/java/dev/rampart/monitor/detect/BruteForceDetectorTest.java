package dev.rampart.monitor.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.net.IpAddress;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BruteForceDetectorTest {
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    static final IpAddress A = IpAddress.parse("203.0.113.7");

    @Test
    void bansOnTheMaxRetryThFailureWithinFindTime() {
        BruteForceDetector d = new BruteForceDetector(BruteForceSettings.DEFAULTS);
        for (int i = 0; i < 4; i++) {
            assertThat(d.failure(A, T0.plusSeconds(i * 60L))).isNull();
        }
        BanDecision ban = d.failure(A, T0.plusSeconds(240));
        assertThat(ban).isNotNull();
        assertThat(ban.target().toString()).isEqualTo("203.0.113.7/32");
        assertThat(ban.duration()).isEqualTo(Duration.ofMinutes(10));
        assertThat(ban.banNumber()).isEqualTo(1);
        assertThat(ban.until()).isEqualTo(T0.plusSeconds(240 + 600));
    }

    @Test
    void failuresSpreadBeyondFindTimeNeverBan() {
        BruteForceDetector d = new BruteForceDetector(BruteForceSettings.DEFAULTS);
        for (int i = 0; i < 100; i++) {
            assertThat(d.failure(A, T0.plusSeconds(i * 151L))).as("failure %d", i).isNull();
        }
    }

    @Test
    void repeatOffendersGetDoubledBansUpToTheMaximum() {
        BruteForceDetector d = new BruteForceDetector(BruteForceSettings.DEFAULTS);
        Instant t = T0;
        long[] expectedMinutes = {10, 20, 40, 80, 160};
        for (long minutes : expectedMinutes) {
            BanDecision ban = null;
            for (int i = 0; i < 5; i++) {
                ban = d.failure(A, t);
                t = t.plusSeconds(1);
            }
            assertThat(ban).isNotNull();
            assertThat(ban.duration()).isEqualTo(Duration.ofMinutes(minutes));
            t = t.plus(ban.duration());
        }
        assertThat(BruteForceSettings.DEFAULTS.banDuration(30)).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void multipliersReplaceTheFormula() {
        BruteForceSettings s = new BruteForceSettings(Duration.ofMinutes(10), 3, Duration.ofMinutes(1), true,
                java.util.List.of(1, 5, 30), 1, Duration.ofDays(1), Duration.ofDays(1), 64, 100);
        assertThat(s.banDuration(0)).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.banDuration(1)).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.banDuration(9)).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void ipv6OffendersAreCountedPerSlash64WhenConfigured() {
        BruteForceDetector per64 = new BruteForceDetector(BruteForceSettings.DEFAULTS);
        BruteForceDetector perAddress = new BruteForceDetector(BruteForceSettings.DEFAULTS.withIpv6Prefix(128));
        BanDecision ban = null;
        for (int i = 1; i <= 5; i++) {
            IpAddress walker = IpAddress.parse("2001:db8:1:2::" + Integer.toHexString(i));
            ban = per64.failure(walker, T0.plusSeconds(i));
            assertThat(perAddress.failure(walker, T0.plusSeconds(i))).isNull();
        }
        assertThat(ban).isNotNull();
        assertThat(ban.target().toString()).isEqualTo("2001:db8:1:2::/64");
    }

    @Test
    void stateStaysBoundedUnderAFloodOfDistinctSources() {
        BruteForceDetector d = new BruteForceDetector(BruteForceSettings.DEFAULTS.withMaxTracked(10_000));
        int sources = 1_000_000;
        for (int i = 0; i < sources; i++) {
            assertThat(d.trackedSources()).isLessThanOrEqualTo(10_000);
            d.failure(IpAddress.ipv4(0xC6120000 + i), T0.plusMillis(i));
        }
        assertThat(d.trackedSources()).isEqualTo(10_000);
        assertThat(d.evictions()).isEqualTo(sources - 10_000);
        // the most recent sources are the ones kept: the last one still bans after 4 more failures
        IpAddress last = IpAddress.ipv4(0xC6120000 + sources - 1);
        for (int i = 0; i < 3; i++) {
            assertThat(d.failure(last, T0.plusSeconds(2000 + i))).isNull();
        }
        assertThat(d.failure(last, T0.plusSeconds(2003))).isNull();
    }

    @Test
    void failuresFedOutOfOrderStillNeedToBeWithinFindTime() {
        BruteForceDetector d = new BruteForceDetector(BruteForceSettings.DEFAULTS);
        // newest file first: failures a day apart, read backwards
        for (int i = 10; i > 0; i--) {
            assertThat(d.failure(A, T0.plus(Duration.ofDays(i)))).isNull();
        }
    }
}
