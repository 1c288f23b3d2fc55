package dev.rampart.cli.monitor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.cli.DiagnosticOutput;
import dev.rampart.cli.ExitCode;
import dev.rampart.cli.FormatOption;
import dev.rampart.cli.OutputFormat;
import dev.rampart.cli.UsageException;
import dev.rampart.monitor.Classified;
import dev.rampart.monitor.LineClassifier;
import dev.rampart.monitor.LogFiles;
import dev.rampart.monitor.detect.BruteForceSettings;
import dev.rampart.monitor.detect.ScanDetection;
import dev.rampart.monitor.detect.ScanSettings;
import dev.rampart.monitor.event.LogEvent;
import dev.rampart.monitor.event.LogEventJson;
import dev.rampart.monitor.event.LogEvents;
import dev.rampart.monitor.parse.TimeResolver;
import dev.rampart.monitor.report.LogReport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rampart logs FILE...}: reads kernel, auth, web and mail logs (plain or gzip'd) once and prints
 * either a report (top dropped sources, ports, protocols, prefixes, scans, brute-force sources) or, with
 * {@code --events}, one event per meaningful line (the JSON contract of {@code docs/log-events.md}).
 */
@Command(name = "logs", mixinStandardHelpOptions = true,
        description = {"Read kernel (iptables LOG), sshd, nginx, apache, postfix and dovecot logs once.",
                "Report: top dropped sources, ports, protocols and log prefixes, port scans",
                "(psad's classes, danger levels) and brute-force sources (fail2ban defaults).",
                "--events: one event per meaningful line (JSON Lines with --format json)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:report or events printed", "2:usage error or unreadable file"})
public final class LogsCommand implements Callable<Integer> {
    /** Rows shown per table of the report unless {@code --top} says otherwise. */
    static final int DEFAULT_TOP = 10;

    @Spec
    CommandSpec spec;

    @Mixin
    FormatOption format;

    @Parameters(paramLabel = "FILE", arity = "1..*",
            description = "Log files (plain or gzip'd, e.g. /var/log/kern.log /var/log/auth.log.2.gz); '-' for stdin.")
    List<String> files;

    @Option(names = "--since", paramLabel = "TIME",
            description = "Only lines at or after TIME: an ISO instant (2026-11-21T10:00:00Z), a local date or "
                    + "date-time (2026-11-21, 2026-11-21T10:00), or an age (90s, 30m, 12h, 7d). Lines without a "
                    + "time stamp are kept.")
    String since;

    @Option(names = "--events", description = "Print one event per meaningful line instead of the report.")
    boolean events;

    @Option(names = "--rotated", description = "Also read each FILE's rotated generations (FILE.N, FILE.N.gz,"
            + " FILE-DATE[.gz]), oldest first, before FILE itself.")
    boolean rotated;

    @Option(names = "--top", paramLabel = "N", description = "Rows per table of the report (default ${DEFAULT-VALUE}).")
    int top = DEFAULT_TOP;

    @Override
    public Integer call() throws IOException {
        // picocli's writer flushes on every println; events can be millions of lines
        PrintWriter out = new PrintWriter(new java.io.BufferedWriter(spec.commandLine().getOut(), 1 << 16), false);
        Instant from = since == null ? null : parseSince(since, Instant.now(), ZoneId.systemDefault());
        if (top < 1) {
            throw new UsageException("--top must be at least 1");
        }
        LogReport report = new LogReport(ScanSettings.DEFAULTS, BruteForceSettings.DEFAULTS);
        for (String f : files) {
            if (rotated && !f.equals("-")) {
                List<Path> all;
                try {
                    all = dev.rampart.monitor.source.RotatedFiles.oldestFirst(Paths.get(f));
                } catch (IOException e) {
                    throw new UsageException("cannot list the rotated files of " + f + ": " + e.getMessage());
                }
                if (all.isEmpty()) {
                    throw new UsageException("cannot read " + f + ": no such file, and no rotated files");
                }
                for (Path p : all) {
                    read(p.toString(), from, out, report);
                }
            } else {
                read(f, from, out, report);
            }
        }
        if (!events) {
            if (format.format() == OutputFormat.JSON) {
                json(out, report);
            } else {
                text(out, report);
            }
        }
        out.flush();
        return ExitCode.OK;
    }

    private void read(String file, Instant from, PrintWriter out, LogReport report) throws IOException {
        Instant now;
        BufferedReader in;
        try {
            if (file.equals("-")) {
                now = Instant.now();
                in = LogFiles.open(System.in);
            } else {
                Path p = Paths.get(file);
                // year-less syslog stamps are placed in the year before the file was last written
                now = Files.getLastModifiedTime(p).toInstant();
                in = LogFiles.open(p);
            }
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage());
        }
        LineClassifier classifier = LineClassifier.withDefaults(new TimeResolver(ZoneId.systemDefault(), now));
        try (in) {
            String line;
            long n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                Classified c = classifier.classify(line);
                if (from != null && before(c, from)) {
                    continue;
                }
                if (events) {
                    LogEvent e = LogEvents.of(file, n, c);
                    if (e != null) {
                        out.println(format.format() == OutputFormat.JSON ? LogEventJson.write(e) : text(e));
                    }
                } else {
                    report.add(c);
                }
            }
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static boolean before(Classified c, Instant from) {
        Instant t = null;
        if (c instanceof Classified.KernelLine k) {
            t = k.record().time();
        } else if (c instanceof Classified.ServiceLine s) {
            t = s.time();
        }
        return t != null && t.isBefore(from);
    }

    /** {@code --since}: an instant, a local date or date-time, or an age before {@code now}. */
    static Instant parseSince(String s, Instant now, ZoneId zone) {
        String v = s.trim();
        if (v.matches("\\d+[smhd]")) {
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            Duration d = switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return now.minus(d);
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            // not an instant: try the local forms
        }
        try {
            return LocalDateTime.parse(v.replace(' ', 'T')).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            // not a local date-time
        }
        try {
            return LocalDate.parse(v).atStartOfDay(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new UsageException("--since: '" + s + "' is not a time; write 2026-11-21T10:00:00Z, "
                    + "2026-11-21, 2026-11-21T10:00 or an age such as 30m, 12h, 7d");
        }
    }

    /** One event as a text line: {@code FILE:LINE TIME SERVICE KIND ADDR [user U] [PROTO/PORT] [prefix P]}. */
    static String text(LogEvent e) {
        StringBuilder sb = new StringBuilder();
        sb.append(e.file()).append(':').append(e.line()).append(' ')
                .append(e.time() == null ? "-" : DateTimeFormatter.ISO_INSTANT.format(e.time())).append(' ')
                .append(e.service()).append(' ').append(e.kind().json()).append(' ').append(e.addr());
        if (e.user() != null) {
            sb.append(" user=").append(printable(e.user()));
        }
        if (e.proto() != null) {
            sb.append(' ').append(e.proto()).append(e.port() >= 0 ? "/" + e.port() : "");
        }
        if (e.flags() != null && !e.flags().isEmpty()) {
            sb.append(" [").append(e.flags()).append(']');
        }
        if (e.prefix() != null && !e.prefix().isEmpty()) {
            sb.append(" prefix=").append(printable(e.prefix()));
        }
        return sb.toString();
    }

    /** Text with control characters shown as {@code \xNN} (user names come from attackers). */
    private static String printable(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return '"' + sb.toString() + '"';
    }

    private void text(PrintWriter out, LogReport r) {
        out.println("Lines read: " + r.lines() + " (kernel packets: " + r.kernelLines() + ", service failures: "
                + r.serviceLines() + ")");
        if (r.first() != null) {
            out.println("Time span: " + r.first() + " .. " + r.last());
        }
        if (r.kernelLines() > 0) {
            section(out, "Top dropped sources (packets)", r.topDroppedSources(top));
            section(out, "Top destination ports (packets)", r.topPorts(top));
            section(out, "Protocols (packets)", r.protocols());
            section(out, "Log prefixes (packets)", r.prefixes());
        }
        List<ScanDetection> scans = r.scans();
        out.println();
        out.println("Scans: " + (scans.isEmpty() ? "none" : scans.size()));
        for (ScanDetection s : scans.subList(0, Math.min(top, scans.size()))) {
            out.println("  " + s.source() + "  " + s.type().description() + "  danger " + s.danger() + "  "
                    + s.packets() + " packets, " + s.ports() + " ports"
                    + (s.lowPort() >= 0 ? " (" + s.lowPort() + "-" + s.highPort() + ")" : "") + ", " + s.hosts()
                    + " hosts" + (s.first() != null ? "  " + s.first() + " .. " + s.last() : ""));
        }
        if (r.serviceLines() > 0) {
            out.println();
            out.println("Authentication failures (service, source, failures, users tried)");
            for (Map.Entry<String, Long> e : r.topFailures(top)) {
                String users = String.join(",", r.users(e.getKey()));
                out.println("  " + e.getKey() + "  " + e.getValue() + (users.isEmpty() ? "" : "  " + printable(users)));
            }
        }
        List<LogReport.Ban> bans = r.bans();
        out.println();
        out.println("Brute force (would be banned with maxretry " + BruteForceSettings.DEFAULTS.maxRetry()
                + " in " + BruteForceSettings.DEFAULTS.findTime().toMinutes() + " min): "
                + (bans.isEmpty() ? "none" : bans.size()));
        for (LogReport.Ban b : bans.subList(0, Math.min(top, bans.size()))) {
            out.println("  " + b.service() + "  " + b.source() + "  " + b.bans() + (b.bans() == 1 ? " ban" : " bans")
                    + ", last at " + b.last().at() + " for " + b.last().duration().toMinutes() + " min");
        }
    }

    private static void section(PrintWriter out, String title, List<Map.Entry<String, Long>> rows) {
        out.println();
        out.println(title);
        if (rows.isEmpty()) {
            out.println("  none");
        }
        for (Map.Entry<String, Long> e : rows) {
            out.println(String.format(Locale.ROOT, "  %-42s %d", e.getKey(), e.getValue()));
        }
    }

    private void json(PrintWriter out, LogReport r) throws JsonProcessingException {
        ObjectNode o = DiagnosticOutput.json().createObjectNode();
        ArrayNode fs = o.putArray("files");
        files.forEach(fs::add);
        o.put("lines", r.lines());
        o.put("kernel_lines", r.kernelLines());
        o.put("service_lines", r.serviceLines());
        o.put("first", r.first() == null ? null : r.first().toString());
        o.put("last", r.last() == null ? null : r.last().toString());
        rows(o.putArray("top_dropped_sources"), "addr", "packets", r.topDroppedSources(top));
        ArrayNode ports = o.putArray("top_ports");
        for (Map.Entry<String, Long> e : r.topPorts(top)) {
            String[] pp = e.getKey().split("/", 2);
            ports.addObject().put("proto", pp[0]).put("port", Integer.parseInt(pp[1])).put("packets", e.getValue());
        }
        rows(o.putArray("protocols"), "proto", "packets", r.protocols());
        rows(o.putArray("prefixes"), "prefix", "packets", r.prefixes());
        ArrayNode scans = o.putArray("scans");
        for (ScanDetection s : r.scans()) {
            ObjectNode j = scans.addObject();
            j.put("source", s.source().toString());
            j.put("type", s.type().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            j.put("description", s.type().description());
            j.put("danger", s.danger());
            j.put("packets", s.packets());
            j.put("ports", s.ports());
            j.put("hosts", s.hosts());
            j.put("protocols", s.protocols());
            if (s.lowPort() >= 0) {
                j.put("low_port", s.lowPort());
                j.put("high_port", s.highPort());
            }
            j.put("first", s.first() == null ? null : s.first().toString());
            j.put("last", s.last() == null ? null : s.last().toString());
        }
        ArrayNode failures = o.putArray("auth_failures");
        for (Map.Entry<String, Long> e : r.topFailures(top)) {
            String[] sa = e.getKey().split(" ", 2);
            ObjectNode j = failures.addObject().put("service", sa[0]).put("addr", sa[1]).put("failures", e.getValue());
            ArrayNode users = j.putArray("users");
            r.users(e.getKey()).forEach(users::add);
        }
        ArrayNode bans = o.putArray("brute_force");
        for (LogReport.Ban b : r.bans()) {
            bans.addObject().put("service", b.service()).put("target", b.source()).put("bans", b.bans())
                    .put("last_ban", b.last().at().toString()).put("last_ban_seconds", b.last().duration().getSeconds());
        }
        out.println(DiagnosticOutput.json().writerWithDefaultPrettyPrinter().writeValueAsString(o));
    }

    private static void rows(ArrayNode a, String key, String count, List<Map.Entry<String, Long>> rows) {
        for (Map.Entry<String, Long> e : rows) {
            a.addObject().put(key, e.getKey()).put(count, e.getValue());
        }
    }
}
