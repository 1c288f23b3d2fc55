package dev.rampart.monitor.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.net.IpAddress;
import dev.rampart.monitor.parse.KernelLogParser;
import dev.rampart.monitor.parse.KernelLogRecord;
import dev.rampart.monitor.parse.SyslogHeaderParser;
import dev.rampart.monitor.parse.TimeResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * psad's own scan logs ({@code ../shared/logs/psad-scans}): each is classified as the scan it records and
 * attributed to the host that sent it; the harmless ones (five pings, three single probes from three
 * hosts) are no scan.
 */
class PsadScanTest {
    static final Path DIR = Paths.get(System.getProperty("rampart.shared", "../../shared")).toAbsolutePath()
            .normalize().resolve("logs/psad-scans");

    static List<ScanDetection> detect(String file) throws IOException {
        KernelLogParser parser = new KernelLogParser(new SyslogHeaderParser(
                new TimeResolver(ZoneId.of("UTC"), Instant.parse("2026-11-22T00:00:00Z"))));
        ScanDetector detector = new ScanDetector(ScanSettings.DEFAULTS);
        for (String line : Files.readAllLines(DIR.resolve(file))) {
            KernelLogRecord r = parser.parse(line);
            assertThat(r).as(line).isNotNull();
            detector.observe(r);
        }
        return detector.detections();
    }

    @ParameterizedTest(name = "{0} is a {1} from {2}")
    @CsvSource({
        "syn_scan_1000_1500, SYN, 192.168.10.55, 3, 1, 500",
        "syn_scan_1000_1500_multi_dst, SYN, 192.168.10.55, 4, 4, 500",
        "fin_scan_1000_1150, FIN, 192.168.10.55, 3, 1, 150",
        "ack_scan_1000_1150, ACK, 192.168.10.55, 3, 1, 150",
        "udp_scan_1000_1150, UDP, 192.168.10.55, 3, 1, 150",
        "proto_scan, PROTOCOL, 192.168.10.55, 3, 1, 0",
        "ipv6_tcp_connect_nmap_default_scan, SYN, 2001:db8:0:f101::2, 3, 2, 1000",
        "mirai_default_credentials_scan, SYN, 192.168.10.55, 1, 1, 2",
    })
    void scanLogIsClassifiedAndAttributed(String file, ScanType type, String source, int danger, int hosts,
                                          int minPorts) throws IOException {
        List<ScanDetection> found = detect(file);
        assertThat(found).as(file).hasSize(1);
        ScanDetection d = found.get(0);
        assertThat(d.type()).isEqualTo(type);
        assertThat(d.source()).isEqualTo(IpAddress.parse(source));
        assertThat(d.danger()).isEqualTo(danger);
        assertThat(d.hosts()).isGreaterThanOrEqualTo(hosts);
        assertThat(d.ports()).isGreaterThanOrEqualTo(minPorts);
    }

    @ParameterizedTest
    @CsvSource({"ipv4_valid_ping", "invalid_icmp_type_code", "syslog_time_fmt1.log"})
    void harmlessLogsAreNoScan(String file) throws IOException {
        assertThat(detect(file)).isEmpty();
    }
}
