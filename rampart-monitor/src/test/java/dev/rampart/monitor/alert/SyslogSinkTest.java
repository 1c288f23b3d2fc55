package dev.rampart.monitor.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.host.ProcessRunner;
import dev.rampart.model.net.IpAddress;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** syslog over UDP (RFC 5424) to a local receiver, and through the real logger to a private Unix socket. */
class SyslogSinkTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T12:00:05Z"), ZoneOffset.UTC);
    static final Alert BAN = Alert.of(AlertKind.BRUTE_FORCE_BAN, AlertSeverity.WARNING, "banned 192.0.2.7 for 10 min",
            "details are not logged", Instant.parse("2026-01-01T12:00:00Z"), IpAddress.parse("192.0.2.7"));

    @TempDir
    Path dir;

    @Test
    void udpSendsOneRfc5424Datagram() throws Exception {
        try (DatagramSocket receiver = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            receiver.setSoTimeout(5000);
            SyslogSink sink = new SyslogSink(new SyslogSink.Settings(SyslogSink.Mode.UDP, "auth", "rampart", null,
                    "127.0.0.1", receiver.getLocalPort(), AlertSeverity.INFO), new ProcessRunner(), "web1", CLOCK);
            sink.send(BAN);
            DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
            receiver.receive(p);
            String msg = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
            // auth (4) * 8 + warning (4) = 36
            assertThat(msg).isEqualTo("<36>1 2026-01-01T12:00:05Z web1 rampart " + ProcessHandle.current().pid()
                    + " brute_force_ban [rampart@32473 kind=\"brute_force_ban\" severity=\"warning\" source=\"192.0.2.7\"]"
                    + " warning brute-force ban: banned 192.0.2.7 for 10 min (source 192.0.2.7)");
        }
    }

    @Test
    void loggerWritesToTheUnixDatagramSocket() throws Exception {
        Path sock = dir.resolve("log.sock");
        Path out = dir.resolve("received.txt");
        Process socat;
        try {
            socat = new ProcessBuilder("socat", "-u", "UNIX-RECV:" + sock, "OPEN:" + out + ",creat,append").start();
        } catch (IOException e) {
            Assumptions.abort("socat is not installed: " + e.getMessage());
            return;
        }
        try {
            for (int i = 0; i < 100 && !Files.exists(sock); i++) {
                Thread.sleep(20);
            }
            SyslogSink sink = new SyslogSink(new SyslogSink.Settings(SyslogSink.Mode.LOGGER, "daemon", "rampart",
                    sock.toString(), null, 514, AlertSeverity.INFO), new ProcessRunner(), "web1", CLOCK);
            sink.send(BAN);
            String got = "";
            for (int i = 0; i < 100 && !got.contains("banned"); i++) {
                Thread.sleep(20);
                got = Files.exists(out) ? Files.readString(out) : "";
            }
            // daemon (3) * 8 + warning (4) = 28
            assertThat(got).startsWith("<28>").contains("rampart")
                    .contains("warning brute-force ban: banned 192.0.2.7 for 10 min (source 192.0.2.7)")
                    .doesNotContain("details are not logged");
        } finally {
            socat.destroy();
            socat.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aMissingSocketIsAnErrorWithLoggersMessage() {
        SyslogSink sink = new SyslogSink(new SyslogSink.Settings(SyslogSink.Mode.LOGGER, "daemon", "rampart",
                dir.resolve("nothing.sock").toString(), null, 514, AlertSeverity.INFO), new ProcessRunner(), "web1", CLOCK);
        assertThatThrownBy(() -> sink.send(BAN)).isInstanceOf(IOException.class).hasMessageContaining("logger");
    }

    @Test
    void controlCharactersCannotForgeASecondLine() {
        Alert a = Alert.of(AlertKind.SCAN, AlertSeverity.INFO, "scan \u001b[31m from x", "", Instant.EPOCH, null);
        assertThat(SyslogSink.line(a)).isEqualTo("info scan: scan  [31m from x");
    }
}
