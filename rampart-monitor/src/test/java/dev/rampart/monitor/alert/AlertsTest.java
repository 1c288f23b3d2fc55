package dev.rampart.monitor.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.net.IpAddress;
import dev.rampart.model.net.IpPrefix;
import dev.rampart.monitor.detect.BanDecision;
import dev.rampart.monitor.detect.ScanDetection;
import dev.rampart.monitor.detect.ScanType;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AlertsTest {
    static final Instant T = Instant.parse("2026-01-01T12:00:00Z");

    @Test
    void aScanAlertNamesTypeSourceAndLevel() {
        ScanDetection d = new ScanDetection(IpAddress.parse("203.0.113.9"), ScanType.SYN, 3, 150, 120, 1, 1, 20, 8080,
                T.minusSeconds(30), T);
        Alert a = Alerts.scan(d, Instant.EPOCH);
        assertThat(a.summary()).isEqualTo("SYN scan from 203.0.113.9 (danger level 3, 150 packets, 120 ports, 1 host, ports 20-8080)");
        assertThat(a.severity()).isEqualTo(AlertSeverity.WARNING);
        assertThat(a.time()).isEqualTo(T);
        assertThat(a.source()).isEqualTo(IpAddress.parse("203.0.113.9"));
        assertThat(a.details()).contains("nmap -sS");
        ScanDetection low = new ScanDetection(IpAddress.parse("203.0.113.9"), ScanType.UDP, 1, 5, 5, 1, 1, -1, -1, null, null);
        Alert b = Alerts.scan(low, T);
        assertThat(b.severity()).isEqualTo(AlertSeverity.INFO);
        assertThat(b.time()).isEqualTo(T);
        assertThat(b.summary()).doesNotContain("port ");
    }

    @Test
    void aBanAlertNamesTargetDurationServiceAndRepeat() {
        BanDecision single = new BanDecision(IpAddress.parse("192.0.2.7").asPrefix(), T, Duration.ofMinutes(20), 5, 2);
        Alert a = Alerts.ban(single, "sshd", "Failed password for root from 192.0.2.7\n");
        assertThat(a.summary()).isEqualTo("banned 192.0.2.7 for 20 min (sshd: 5 failures, ban #2)");
        assertThat(a.source()).isEqualTo(IpAddress.parse("192.0.2.7"));
        assertThat(a.details()).startsWith("until: 2026-01-01T12:20:00Z\n").contains("Failed password");
        IpAddress m = IpAddress.parse("2001:db8:1:2::5").masked(64);
        BanDecision net = new BanDecision(IpPrefix.ipv6(m.hi(), m.lo(), 64), T, Duration.ofHours(2), 5, 1);
        Alert b = Alerts.ban(net, "nginx-http-auth", "");
        assertThat(b.summary()).isEqualTo("banned 2001:db8:1:2::/64 for 2 h (nginx-http-auth: 5 failures)");
        assertThat(b.source()).isNull();
    }
}
