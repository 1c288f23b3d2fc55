package dev.rampart.monitor.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.net.IpAddress;
import dev.rampart.monitor.parse.KernelLogRecord;
import dev.rampart.monitor.parse.TcpFlags;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScanDetectorTest {
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    static KernelLogRecord tcp(String src, String dst, int dport, int flags, Instant t) {
        return new KernelLogRecord(t, "gw", "DROP", "eth0", "", null, null, null, IpAddress.parse(src),
                IpAddress.parse(dst), 40, 0, 64, 1, false, 6, 40000, dport, 1024, flags, -1, -1, -1);
    }

    @Test
    void reportsOnFirstQualifyingPacketAndAgainOnEachDangerLevel() {
        ScanDetector d = new ScanDetector(ScanSettings.DEFAULTS);
        int reports = 0;
        for (int i = 0; i < 200; i++) {
            ScanDetection r = d.observe(tcp("203.0.113.9", "198.18.0.1", 1000 + i, 0, T0.plusMillis(i)));
            if (r != null) {
                reports++;
                assertThat(r.type()).isEqualTo(ScanType.NULL);
                assertThat(r.danger()).isEqualTo(reports);
                assertThat(r.packets()).isEqualTo(List.of(5L, 15L, 150L).get(reports - 1));
            }
        }
        assertThat(reports).isEqualTo(3);
    }

    @Test
    void manyPacketsToOnePortAreNoPortScan() {
        ScanDetector d = new ScanDetector(ScanSettings.DEFAULTS);
        for (int i = 0; i < 100; i++) {
            assertThat(d.observe(tcp("203.0.113.9", "198.18.0.1", 22, TcpFlags.SYN, T0.plusSeconds(i)))).isNull();
        }
        assertThat(d.detections()).isEmpty();
    }

    @Test
    void onePortOnManyHostsIsASweep() {
        ScanDetector d = new ScanDetector(ScanSettings.DEFAULTS);
        for (int i = 1; i <= 20; i++) {
            d.observe(tcp("203.0.113.9", "198.18.0." + i, 445, TcpFlags.SYN, T0.plusSeconds(i)));
        }
        assertThat(d.detections()).singleElement().satisfies(s -> {
            assertThat(s.type()).isEqualTo(ScanType.SWEEP);
            assertThat(s.hosts()).isEqualTo(20);
        });
    }

    @Test
    void stateStartsAfreshAfterTheWindow() {
        ScanSettings s = new ScanSettings(Duration.ofMinutes(1), 2, 5, 5, List.of(5, 15, 150, 1500, 10000), 10, 64);
        ScanDetector d = new ScanDetector(s);
        for (int i = 0; i < 4; i++) {
            d.observe(tcp("203.0.113.9", "198.18.0.1", 1000 + i, TcpFlags.SYN, T0.plusSeconds(i * 50L)));
        }
        assertThat(d.detections()).isEmpty(); // the 4th probe came after the window: only 1 in the new window
    }

    @Test
    void sourcesAreBoundedAndEvictionsCounted() {
        ScanSettings s = new ScanSettings(Duration.ofHours(1), 2, 5, 5, List.of(5, 15, 150, 1500, 10000), 1000, 64);
        ScanDetector d = new ScanDetector(s);
        for (int i = 0; i < 50_000; i++) {
            d.observe(tcp(IpAddress.ipv4(0xC6120000 + i).toString(), "198.18.0.1", 80, TcpFlags.SYN, T0));
        }
        assertThat(d.trackedSources()).isEqualTo(1000);
        assertThat(d.evictions()).isEqualTo(49_000);
    }

    @Test
    void aScanWhoseWindowEndedIsStillReported() {
        ScanDetector d = new ScanDetector(ScanSettings.DEFAULTS);
        for (int i = 0; i < 20; i++) {
            d.observe(tcp("203.0.113.9", "198.18.0.1", 1000 + i, TcpFlags.SYN, T0.plusMillis(i)));
        }
        for (int i = 0; i < 20; i++) {
            d.observe(tcp("203.0.113.9", "198.18.0.1", 2000 + i, TcpFlags.FIN, T0.plus(Duration.ofDays(1)).plusMillis(i)));
        }
        assertThat(d.detections()).extracting(ScanDetection::type).containsExactlyInAnyOrder(ScanType.SYN, ScanType.FIN);
    }
}
