package dev.rampart.monitor.alert;

import dev.rampart.monitor.settings.SectionReader;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The {@code alerts:} section of {@code /etc/rampart/monitor.yaml}; see {@code docs/alerts.md}.
 *
 * <pre>
 * alerts:
 *   window: 5m              # same-kind alerts within this window after one was sent become one summary
 *   burst: 10               # per sink: alerts sent at once at most ...
 *   per: 1m                 # ... then one more per this period
 *   webhook:
 *     url: https://hooks.example.org/rampart
 *     timeout: 5s
 *     retries: 3
 *     backoff: 1s
 *     max_backoff: 30s
 *     headers: {Authorization: "Bearer ..."}
 *     min_severity: info
 *   email:
 *     host: smtp.example.org
 *     port: 587
 *     starttls: required     # required | if_offered | off
 *     username: rampart
 *     password_file: /etc/rampart/smtp-password
 *     from: rampart@web1.example.org
 *     to: [ops@example.org]
 *     timeout: 30s
 *     min_severity: warning
 *   syslog:
 *     mode: logger           # logger (/dev/log through util-linux logger) | udp (RFC 5424 to host:port)
 *     facility: daemon
 *     tag: rampart
 *     min_severity: info
 * </pre>
 *
 * @param throttling window and rate limit, per sink
 * @param webhook    the webhook, or null
 * @param email      the mail settings, or null
 * @param syslog     the syslog settings, or null
 */
public record AlertSettings(Throttling throttling, WebhookSink.Settings webhook, EmailSink.Settings email,
                            SyslogSink.Settings syslog) {

    /**
     * Aggregation and rate limit, applied per sink.
     *
     * @param window aggregation window per alert kind
     * @param burst  token bucket size
     * @param period time to gain a token
     */
    public record Throttling(Duration window, int burst, Duration period) {
        /** 5 min window, burst 10, one per minute. */
        public static final Throttling DEFAULTS = new Throttling(Duration.ofMinutes(5), 10, Duration.ofMinutes(1));
    }

    /** No sink; default throttling. */
    public static final AlertSettings NONE = new AlertSettings(Throttling.DEFAULTS, null, null, null);

    private static final List<String> SEVERITIES = List.of("info", "warning", "critical");

    /** Reads the section; problems go to the reader's diagnostics, a sink with problems is left out. */
    public static AlertSettings read(SectionReader r) {
        Throttling t = new Throttling(
                r.duration("window", Throttling.DEFAULTS.window(), Duration.ZERO, Duration.ofDays(1)),
                (int) r.integer("burst", Throttling.DEFAULTS.burst(), 1, 10_000),
                r.duration("per", Throttling.DEFAULTS.period(), Duration.ofMillis(1), Duration.ofDays(1)));
        WebhookSink.Settings webhook = r.has("webhook") ? webhook(r.section("webhook")) : null;
        EmailSink.Settings email = r.has("email") ? email(r.section("email")) : null;
        SyslogSink.Settings syslog = r.has("syslog") ? syslog(r.section("syslog")) : null;
        r.finish();
        return new AlertSettings(t, webhook, email, syslog);
    }

    private static AlertSeverity severity(SectionReader r, AlertSeverity dflt) {
        return AlertSeverity.parse(r.choice("min_severity", dflt.id(), SEVERITIES));
    }

    private static WebhookSink.Settings webhook(SectionReader r) {
        String url = r.string("url", null);
        Duration timeout = r.duration("timeout", Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMinutes(5));
        int retries = (int) r.integer("retries", 3, 0, 20);
        Duration backoff = r.duration("backoff", Duration.ofSeconds(1), Duration.ZERO, Duration.ofMinutes(10));
        Duration maxBackoff = r.duration("max_backoff", Duration.ofSeconds(30), Duration.ZERO, Duration.ofHours(1));
        var headers = r.stringMap("headers");
        AlertSeverity min = severity(r, AlertSeverity.INFO);
        URI uri = null;
        if (url == null) {
            r.problem("url", "webhook needs 'url'", "e.g. url: https://hooks.example.org/rampart");
        } else {
            try {
                uri = URI.create(url);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                    r.problem("url", "webhook url must be http:// or https:// with a host, not '" + url + "'", null);
                    uri = null;
                }
            } catch (IllegalArgumentException e) {
                r.problem("url", "invalid webhook url '" + url + "': " + e.getMessage(), null);
            }
        }
        r.finish();
        return uri == null ? null : new WebhookSink.Settings(uri, timeout, retries, backoff, maxBackoff, headers, min);
    }

    private static EmailSink.Settings email(SectionReader r) {
        String host = r.string("host", null);
        int port = (int) r.integer("port", 25, 1, 65535);
        String helo = r.string("helo", localName());
        SmtpClient.TlsMode tls = SmtpClient.TlsMode.valueOf(
                r.choice("starttls", "if_offered", List.of("required", "if_offered", "off")).toUpperCase(Locale.ROOT));
        String username = r.string("username", null);
        String passwordFile = r.string("password_file", null);
        String from = r.string("from", null);
        List<String> to = r.strings("to", List.of());
        Duration timeout = r.duration("timeout", Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofMinutes(10));
        AlertSeverity min = severity(r, AlertSeverity.WARNING);
        boolean ok = true;
        if (host == null) {
            r.problem("host", "email needs 'host' (the SMTP server)", null);
            ok = false;
        }
        if (from == null) {
            r.problem("from", "email needs 'from'", null);
            ok = false;
        }
        if (to.isEmpty()) {
            r.problem("to", "email needs at least one address in 'to'", null);
            ok = false;
        }
        String password = null;
        if (username != null && passwordFile == null) {
            r.problem("username", "'username' needs 'password_file' (a file readable only by root holding the password)", null);
            ok = false;
        } else if (passwordFile != null) {
            try {
                password = Files.readString(Path.of(passwordFile), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                r.problem("password_file", "cannot read password file '" + passwordFile + "': " + e.getMessage(), null);
                ok = false;
            }
        }
        r.finish();
        if (!ok) {
            return null;
        }
        try {
            return new EmailSink.Settings(new SmtpClient.Connection(host, port, helo, tls, username, password, timeout),
                    from, to, min);
        } catch (IllegalArgumentException e) {
            r.problem("to", e.getMessage(), null);
            return null;
        }
    }

    private static SyslogSink.Settings syslog(SectionReader r) {
        SyslogSink.Mode mode = SyslogSink.Mode.valueOf(r.choice("mode", "logger", List.of("logger", "udp"))
                .toUpperCase(Locale.ROOT));
        String facility = r.choice("facility", "daemon", SyslogSink.FACILITIES.keySet().stream().sorted().toList());
        String tag = r.string("tag", "rampart");
        String socket = r.string("socket", null);
        String host = r.string("host", null);
        int port = (int) r.integer("port", 514, 1, 65535);
        AlertSeverity min = severity(r, AlertSeverity.INFO);
        if (mode == SyslogSink.Mode.UDP && host == null) {
            r.problem("mode", "syslog mode udp needs 'host'", null);
            r.finish();
            return null;
        }
        r.finish();
        return new SyslogSink.Settings(mode, facility, tag, socket, host, port, min);
    }

    /**
     * The configured sinks, ready to use: webhook, e-mail, syslog, in that order (absent ones left out).
     *
     * @param runner runs {@code logger} for the syslog sink
     * @param host   this machine's name as alerts show it
     */
    public java.util.List<AlertSink> sinks(dev.rampart.host.ProcessRunner runner, String host, java.time.Clock clock) {
        java.util.List<AlertSink> out = new java.util.ArrayList<>();
        if (webhook != null) {
            out.add(new WebhookSink(webhook, host));
        }
        if (email != null) {
            out.add(new EmailSink(email, host, clock));
        }
        if (syslog != null) {
            out.add(new SyslogSink(syslog, runner, host, clock));
        }
        return out;
    }

    /** This machine's name, for EHLO and the alert's host field. */
    public static String localName() {
        try {
            String n = Files.readString(Path.of("/etc/hostname")).strip();
            if (!n.isEmpty()) {
                return n;
            }
        } catch (IOException | RuntimeException ignored) {
            // fall back to the resolver
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
