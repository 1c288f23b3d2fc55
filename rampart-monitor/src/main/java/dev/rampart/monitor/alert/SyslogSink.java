package dev.rampart.monitor.alert;

import dev.rampart.host.HostException;
import dev.rampart.host.ProcessRunner;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes each alert to syslog, one line: {@code SEVERITY KIND: SUMMARY (source ADDR, N alerts)}.
 *
 * <p>Two transports, because the local syslog socket {@code /dev/log} is a datagram Unix socket, which
 * Java's {@code SocketChannel} (stream only) cannot open:
 * <ul>
 *   <li>{@code logger} (default): util-linux {@code logger} run through the host module's
 *       {@link ProcessRunner} (argument array, no shell) writes to {@code /dev/log} (or {@code socket}),
 *       where journald and rsyslog take it. {@code --socket-errors=on} makes a missing socket an error;</li>
 *   <li>{@code udp}: an RFC 5424 message in one UDP datagram to {@code host:port} (a remote collector),
 *       with structured data {@code [rampart@32473 kind="..." severity="..." source="..."]}. UDP gives no
 *       delivery guarantee: a send that leaves the machine counts as sent.</li>
 * </ul>
 * The details (e.g. a drift report) are not logged: syslog lines are short; the line says where to look.
 * The RFC 5424 severity follows the alert: info 6, warning 4, critical 2.
 */
public final class SyslogSink implements AlertSink {
    /** Transport. */
    public enum Mode { LOGGER, UDP }

    /** syslog facility numbers by name (RFC 5424 table 1). */
    public static final Map<String, Integer> FACILITIES = Map.ofEntries(Map.entry("kern", 0), Map.entry("user", 1),
            Map.entry("daemon", 3), Map.entry("auth", 4), Map.entry("authpriv", 10), Map.entry("local0", 16),
            Map.entry("local1", 17), Map.entry("local2", 18), Map.entry("local3", 19), Map.entry("local4", 20),
            Map.entry("local5", 21), Map.entry("local6", 22), Map.entry("local7", 23));

    /** Private enterprise number used in the structured data id (IANA's example range is not used). */
    static final String SD_ID = "rampart@32473";

    /**
     * The {@code alerts.syslog:} settings.
     *
     * @param mode        transport
     * @param facility    facility name ({@link #FACILITIES})
     * @param tag         the program name in the line (APP-NAME)
     * @param socket      for {@code logger}: the Unix socket ({@code /dev/log})
     * @param host        for {@code udp}: the collector
     * @param port        for {@code udp}: its port (514)
     * @param minSeverity least severity sent
     */
    public record Settings(Mode mode, String facility, String tag, String socket, String host, int port,
                           AlertSeverity minSeverity) {
        public Settings {
            Objects.requireNonNull(mode, "mode");
            if (!FACILITIES.containsKey(facility)) {
                throw new IllegalArgumentException("unknown syslog facility '" + facility + "'");
            }
            if (mode == Mode.UDP && (host == null || port < 1 || port > 65535)) {
                throw new IllegalArgumentException("syslog mode udp needs host and port");
            }
        }
    }

    private final Settings settings;
    private final ProcessRunner runner;
    private final String hostname;
    private final Clock clock;

    /**
     * @param runner   runs {@code logger} (mode logger)
     * @param hostname this machine's name (HOSTNAME field in udp mode)
     */
    public SyslogSink(Settings settings, ProcessRunner runner, String hostname, Clock clock) {
        this.settings = settings;
        this.runner = runner;
        this.hostname = hostname.replaceAll("[^\\x21-\\x7e]", "_");
        this.clock = clock;
    }

    @Override
    public String name() {
        return "syslog";
    }

    @Override
    public AlertSeverity minSeverity() {
        return settings.minSeverity();
    }

    @Override
    public void send(Alert alert) throws IOException {
        switch (settings.mode()) {
            case LOGGER -> {
                try {
                    runner.check(loggerCommand(alert), null);
                } catch (HostException e) {
                    throw new IOException(e.getMessage(), e);
                }
            }
            case UDP -> {
                byte[] b = rfc5424(alert).getBytes(StandardCharsets.UTF_8);
                try (DatagramSocket s = new DatagramSocket()) {
                    s.send(new DatagramPacket(b, b.length, InetAddress.getByName(settings.host()), settings.port()));
                }
            }
        }
    }

    /** The line logged for {@code a}. */
    static String line(Alert a) {
        StringBuilder sb = new StringBuilder();
        sb.append(a.severity().id()).append(' ').append(a.kind().words()).append(": ").append(a.summary());
        List<String> extra = new ArrayList<>();
        if (a.source() != null) {
            extra.add("source " + a.source());
        }
        if (a.aggregated() > 0) {
            extra.add(a.aggregated() + " alerts");
        }
        if (!extra.isEmpty()) {
            sb.append(" (").append(String.join(", ", extra)).append(')');
        }
        return sb.toString().replaceAll("[\\x00-\\x1f\\x7f]", " ");
    }

    /** The {@code logger} argument array for {@code a}. */
    List<String> loggerCommand(Alert a) {
        String prio = settings.facility() + "." + switch (a.severity()) {
            case INFO -> "info";
            case WARNING -> "warning";
            case CRITICAL -> "crit";
        };
        List<String> cmd = new ArrayList<>(List.of("logger", "--socket-errors=on", "-p", prio, "-t", settings.tag()));
        if (settings.socket() != null) {
            cmd.add("-u");
            cmd.add(settings.socket());
        }
        cmd.add("--");
        cmd.add(line(a));
        return cmd;
    }

    /** The RFC 5424 message for {@code a}. */
    String rfc5424(Alert a) {
        int pri = FACILITIES.get(settings.facility()) * 8 + a.severity().syslogSeverity();
        StringBuilder sb = new StringBuilder();
        sb.append('<').append(pri).append(">1 ")
                .append(DateTimeFormatter.ISO_INSTANT.format(clock.instant())).append(' ')
                .append(hostname).append(' ').append(settings.tag()).append(' ')
                .append(ProcessHandle.current().pid()).append(' ').append(a.kind().id()).append(' ');
        sb.append('[').append(SD_ID).append(" kind=\"").append(a.kind().id()).append("\" severity=\"")
                .append(a.severity().id()).append('"');
        if (a.source() != null) {
            sb.append(" source=\"").append(a.source()).append('"');
        }
        if (a.aggregated() > 0) {
            sb.append(" aggregated=\"").append(a.aggregated()).append('"');
        }
        sb.append("] ").append(line(a));
        return sb.toString();
    }
}
