package dev.rampart.monitor.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.Family;
import dev.rampart.model.Ruleset;
import dev.rampart.model.net.IpAddress;
import dev.rampart.model.parse.RestoreParser;
import dev.rampart.monitor.parse.KernelLogParser;
import dev.rampart.monitor.parse.KernelLogRecord;
import dev.rampart.monitor.parse.SyslogHeaderParser;
import dev.rampart.monitor.parse.TimeResolver;
import dev.rampart.sim.engine.Simulator;
import dev.rampart.sim.engine.TraceResult;
import dev.rampart.sim.engine.Verdict;
import dev.rampart.sim.packet.Packet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The monitor tested end to end from simulated traffic, as the simulator's LOG lines are meant for: a
 * guide-style INPUT chain (established traffic, web for all, SSH for the admin network, then LOG and the
 * DROP policy) sees a real client's handshake, a SYN scan and a FIN scan in one stateful run; the LOG
 * lines it writes, behind a syslog header at the packets' times, go through the monitor's kernel-log
 * parser and scan detector. The detector must find both scanners, with the ports the ruleset logged,
 * and never the client.
 */
class SimulatedTrafficScanTest {
    static final String RULES = String.join("\n",
            "*filter",
            ":INPUT DROP [0:0]",
            ":FORWARD DROP [0:0]",
            ":OUTPUT ACCEPT [0:0]",
            "-A INPUT -i lo -j ACCEPT",
            "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
            "-A INPUT -p tcp -m tcp --dport 80 -m conntrack --ctstate NEW -j ACCEPT",
            "-A INPUT -s 198.51.100.0/24 -p tcp -m tcp --dport 22 -m conntrack --ctstate NEW -j ACCEPT",
            "-A INPUT -j LOG --log-prefix \"IPT-DROP: \"",
            "COMMIT",
            "");
    static final IpAddress SERVER = IpAddress.parse("198.18.0.1");
    static final IpAddress CLIENT = IpAddress.parse("198.51.100.7");
    static final IpAddress SYN_SCANNER = IpAddress.parse("203.0.113.5");
    static final IpAddress FIN_SCANNER = IpAddress.parse("192.0.2.9");
    static final Instant START = Instant.parse("2026-11-22T10:00:00Z");
    static final DateTimeFormatter SYSLOG_TIME = DateTimeFormatter.ofPattern("MMM dd HH:mm:ss", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private final List<String> syslog = new ArrayList<>();
    private Instant clock = START;

    @Test
    void scansSimulatedThroughTheRulesetAreDetectedFromTheirLogLines() {
        RestoreParser.Result parsed = new RestoreParser(Family.IPV4).parse(RULES, "guide.rules");
        assertThat(parsed.diagnostics().hasErrors()).isFalse();
        Ruleset rules = parsed.ruleset();
        Simulator run = Simulator.builder(rules).steps(false).build();

        // a client's handshake to the web server: accepted, nothing logged
        assertThat(send(run, tcp(CLIENT, 40000, SERVER, 80, Packet.SYN).in("eth0"))).isEqualTo(Verdict.ACCEPT);
        assertThat(send(run, tcp(SERVER, 80, CLIENT, 40000, Packet.SYN | Packet.ACK).out("eth0")))
                .isEqualTo(Verdict.ACCEPT);
        assertThat(send(run, tcp(CLIENT, 40000, SERVER, 80, Packet.ACK).in("eth0"))).isEqualTo(Verdict.ACCEPT);
        assertThat(syslog).as("the client's packets are not logged").isEmpty();

        // a SYN scan of ports 1-120: port 80 is open, the other 119 are dropped and logged
        for (int port = 1; port <= 120; port++) {
            Verdict v = send(run, tcp(SYN_SCANNER, 51000, SERVER, port, Packet.SYN).in("eth0"));
            assertThat(v).as("probe of port %d", port).isEqualTo(port == 80 ? Verdict.ACCEPT : Verdict.DROP);
        }
        // a FIN scan of ports 1000-1029 from another host: no connection, all dropped and logged
        for (int port = 1000; port < 1030; port++) {
            assertThat(send(run, tcp(FIN_SCANNER, 52000, SERVER, port, Packet.FIN).in("eth0")))
                    .isEqualTo(Verdict.DROP);
        }
        assertThat(syslog).hasSize(119 + 30);

        KernelLogParser parser = new KernelLogParser(new SyslogHeaderParser(
                new TimeResolver(ZoneId.of("UTC"), START.plus(Duration.ofHours(1)))));
        ScanDetector detector = new ScanDetector(ScanSettings.DEFAULTS);
        for (String line : syslog) {
            KernelLogRecord r = parser.parse(line);
            assertThat(r).as(line).isNotNull();
            assertThat(r.prefix()).isEqualTo("IPT-DROP:");
            detector.observe(r);
        }
        List<ScanDetection> found = detector.detections();
        assertThat(found).extracting(ScanDetection::source).containsExactlyInAnyOrder(SYN_SCANNER, FIN_SCANNER);
        ScanDetection syn = found.stream().filter(d -> d.source().equals(SYN_SCANNER)).findFirst().orElseThrow();
        assertThat(syn.type()).isEqualTo(ScanType.SYN);
        assertThat(syn.ports()).isEqualTo(119);
        assertThat(syn.lowPort()).isEqualTo(1);
        assertThat(syn.highPort()).isEqualTo(120);
        assertThat(syn.hosts()).isEqualTo(1);
        ScanDetection fin = found.stream().filter(d -> d.source().equals(FIN_SCANNER)).findFirst().orElseThrow();
        assertThat(fin.type()).isEqualTo(ScanType.FIN);
        assertThat(fin.ports()).isEqualTo(30);
        // the simulated clock reaches the detections through the syslog time stamps (whole seconds): the
        // SYN probes went out 0.08-2.46 s after 10:00:00, the FIN probes 2.48-3.06 s after
        assertThat(syn.first()).isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
        assertThat(syn.last()).isEqualTo(Instant.parse("2026-11-22T10:00:02Z"));
        assertThat(fin.last()).isEqualTo(Instant.parse("2026-11-22T10:00:03Z"));
    }

    private static Packet.Builder tcp(IpAddress src, int sport, IpAddress dst, int dport, int flags) {
        return Packet.builder(src, dst, 6).sport(sport).dport(dport).tcpFlags(flags);
    }

    /** Sends one packet 20 ms after the last and writes its LOG lines as syslog would. */
    private Verdict send(Simulator run, Packet.Builder b) {
        clock = clock.plusMillis(20);
        TraceResult r = run.process(b.time(clock).build());
        double uptime = 1000 + Duration.between(START, clock).toNanos() / 1e9;
        for (String line : r.log()) {
            syslog.add(SYSLOG_TIME.format(clock) + " gw kernel: [" + String.format(Locale.ROOT, "%12.6f", uptime)
                    + "] " + line);
        }
        return r.verdict();
    }
}
