package dev.rampart.monitor.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rampart.monitor.parse.SyslogHeader;
import dev.rampart.monitor.parse.SyslogHeaderParser;
import dev.rampart.monitor.parse.TimeResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The oracle for the service parsers: fail2ban's annotated samples. For every supported service, every
 * {@code # failJSON:} line must yield the same match, host and user (and, when annotated, the same local
 * time in fail2ban's test zone), and every unannotated line must yield nothing. Lines run in file order
 * through one parser per option set (the parsers keep per-connection state, as fail2ban's filters do);
 * a line whose {@code constraint} is false for the option set is skipped, as fail2ban's harness skips it.
 *
 * <p>Writes the per-service pass table to {@code target/log-parsers.md}; with
 * {@code -Drampart.updateDocs=true} also to {@code docs/log-parsers.md}.
 */
class FailJsonOracleTest {
    /** fail2ban's frozen "now" (2005-08-14 12:00 CEST) and zone of its sample tests. */
    static final Instant NOW = Instant.ofEpochSecond(1124013600L);
    static final ZoneId ZONE = ZoneId.of("Europe/Zurich");

    /** A supported service: the sample file and how to build its parser for an option set. */
    record Supported(String name, String file, Function<Map<String, String>, ServiceParser> factory) {
    }

    static final List<Supported> SUPPORTED = List.of(
            new Supported("sshd (normal, ddos, extra, aggressive; journal)", "sshd",
                    o -> new SshdParser(ServiceModes.sshd(o.get("mode")))),
            new Supported("nginx-http-auth (normal, fallback, aggressive; journal)", "nginx-http-auth",
                    o -> new NginxParser(true, "fallback".equals(o.get("mode")) || "aggressive".equals(o.get("mode")),
                            "aggressive".equals(o.get("mode")), resolver())),
            new Supported("nginx-botsearch (file, journal)", "nginx-botsearch",
                    o -> new NginxParser(false, false, true, resolver())),
            new Supported("apache-auth (normal, aggressive; file, syslog)", "apache-auth",
                    o -> new ApacheAuthParser("aggressive".equals(o.get("mode")), resolver())),
            new Supported("postfix (normal, rbl, auth, errors, ddos, aggressive)", "postfix",
                    o -> new PostfixParser(PostfixParser.mode(o.get("mode")))),
            new Supported("dovecot (normal, aggressive)", "dovecot",
                    o -> new DovecotParser("aggressive".equals(o.get("mode")))));

    static TimeResolver resolver() {
        return new TimeResolver(ZONE, NOW);
    }

    /** One line that did not give what fail2ban expects. */
    record Failure(String service, String file, int lineNo, String options, String line, String why) {
    }

    record Tally(String service, int total, int passed) {
    }

    static final List<Tally> TALLIES = new ArrayList<>();
    static final List<Failure> FAILURES = new ArrayList<>();

    @Test
    void everySupportedServiceAgreesWithFail2bansSamples() throws IOException {
        for (Supported s : SUPPORTED) {
            run(s);
        }
        assertThat(FAILURES).as("lines that disagree with fail2ban's samples (see target/log-parsers.md)")
                .isEmpty();
    }

    private static void run(Supported s) throws IOException {
        List<FailJsonSamples.Sample> samples = FailJsonSamples.read(s.file());
        Map<String, ServiceParser> parsers = new HashMap<>();
        int total = 0;
        int passed = 0;
        for (FailJsonSamples.Sample sample : samples) {
            for (Map<String, String> opts : sample.optionSets()) {
                String cond = opts.get("test.condition");
                if (cond != null && !FailJsonSamples.condition(cond, s.file(), opts)) {
                    continue;
                }
                JsonNode expect = sample.expect();
                if (expect != null && expect.has("constraint")
                        && !FailJsonSamples.condition(expect.get("constraint").asText(), s.file(), opts)) {
                    continue;
                }
                Map<String, String> key = new LinkedHashMap<>(opts);
                key.keySet().removeIf(k -> k.startsWith("test."));
                ServiceParser parser = parsers.computeIfAbsent(key.toString(), k -> s.factory().apply(opts));
                SyslogHeaderParser headers = new SyslogHeaderParser(new TimeResolver(ZONE, NOW));
                SyslogHeader h = headers.parse(sample.line());
                ServiceMatch got = parser.accepts(sample.line(), h) ? parser.parse(sample.line(), h) : null;
                String why = compare(expect, got, got != null && got.time() != null ? got.time() : h.time());
                total++;
                if (why == null) {
                    passed++;
                } else {
                    FAILURES.add(new Failure(s.name(), sample.file(), sample.lineNo(), key.toString(), sample.line(),
                            why));
                }
            }
        }
        TALLIES.add(new Tally(s.name(), total, passed));
    }

    /** Null when {@code got} is what {@code expect} says, else the difference. */
    static String compare(JsonNode expect, ServiceMatch got, Instant time) {
        boolean match = expect != null && expect.path("match").asBoolean(false);
        if (!match) {
            return got == null ? null : "expected no match, got host " + got.host() + " user " + got.user();
        }
        if (got == null) {
            return "expected a match (host " + expect.path("host").asText() + "), got none";
        }
        for (String key : new String[] {"host", "ip4", "ip6"}) {
            if (expect.has(key) && !expect.get(key).asText().equals(got.host())) {
                return "expected " + key + " " + expect.get(key).asText() + ", got " + got.host();
            }
        }
        if (expect.has("user") && !expect.get("user").isNull() && !expect.get("user").asText().equals(got.user())) {
            return "expected user '" + expect.get("user").asText() + "', got '" + got.user() + "'";
        }
        if (expect.has("time")) {
            String want = LocalDateTime.parse(normalise(expect.get("time").asText())).toString();
            String have = time == null ? "none"
                    : LocalDateTime.ofInstant(time.truncatedTo(ChronoUnit.SECONDS), ZONE)
                            .format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
            if (!want.equals(have) && !(want + ":00").equals(have)) {
                return "expected time " + want + ", got " + have;
            }
        }
        return null;
    }

    /** fail2ban writes {@code 2005-03-7T02:09:33}; pad the day. */
    private static String normalise(String t) {
        String[] dt = t.split("T");
        String[] ymd = dt[0].split("-");
        return String.format("%s-%02d-%02dT%s", ymd[0], Integer.parseInt(ymd[1]), Integer.parseInt(ymd[2]), dt[1]);
    }

    @AfterAll
    static void writeReport() throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("# Log parsers\n\n");
        sb.append("Rampart reads the kernel's iptables `LOG` lines and the authentication failures of sshd, nginx,\n")
                .append("apache, postfix and dovecot with hand-written scanners (`rampart-monitor`, package\n")
                .append("`dev.rampart.monitor`); the format of each and the injection rules are below the table.\n\n");
        sb.append("## Agreement with fail2ban's annotated samples\n\n")
                .append("The oracle is fail2ban's own test data (`../shared/logs/fail2ban/`, format in `FORMAT-failJSON.md`):\n")
                .append("every `# failJSON:` line must give the same match, host and user (and the same local time when\n")
                .append("annotated, in fail2ban's test zone Europe/Zurich with \"now\" frozen at 2005-08-14 12:00), every\n")
                .append("unannotated line must give nothing. Each line runs once per option set (`mode`, `logtype`) in\n")
                .append("force, in file order, through one parser per option set. `attempts` and `users` (fail2ban's\n")
                .append("counters over several lines) are not compared.\n\n")
                .append("Regenerate this table with:\n\n```\n")
                .append("mvn -o -q -pl rampart-monitor -am test -Dtest=FailJsonOracleTest -Dsurefire.failIfNoSpecifiedTests=false -Drampart.updateDocs=true\n")
                .append("```\n\n");
        sb.append("| service | sample file(s) | line runs | agree | rate |\n|---|---|---|---|---|\n");
        for (Tally t : TALLIES) {
            Supported s = SUPPORTED.stream().filter(x -> x.name().equals(t.service())).findFirst().orElseThrow();
            sb.append("| ").append(t.service()).append(" | `").append(s.file()).append(s.file().equals("sshd") ? "`, `sshd-journal" : "").append("` | ").append(t.total())
                    .append(" | ").append(t.passed()).append(" | ")
                    .append(String.format("%.1f%%", t.total() == 0 ? 0.0 : 100.0 * t.passed() / t.total()))
                    .append(" |\n");
        }
        sb.append("\n### Lines that disagree\n\n");
        if (FAILURES.isEmpty()) {
            sb.append("None.\n");
        } else {
            sb.append("| file:line | options | why | line |\n|---|---|---|---|\n");
            for (Failure f : FAILURES) {
                sb.append("| ").append(f.file()).append(':').append(f.lineNo()).append(" | ")
                        .append(f.options().replace("|", "\\|")).append(" | ").append(f.why().replace("|", "\\|"))
                        .append(" | `").append(f.line().replace("|", "\\|").replace("`", "'")).append("` |\n");
            }
        }
        Path docFragment = Paths.get("src/test/resources/log-parsers-formats.md");
        if (Files.exists(docFragment)) {
            sb.append('\n').append(Files.readString(docFragment));
        }
        Path target = Paths.get("target/log-parsers.md");
        Files.createDirectories(target.getParent());
        Files.writeString(target, sb.toString());
        if (Boolean.getBoolean("rampart.updateDocs")) {
            Files.writeString(Paths.get("../docs/log-parsers.md"), sb.toString());
        }
    }
}
