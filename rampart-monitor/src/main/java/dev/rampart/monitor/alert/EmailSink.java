package dev.rampart.monitor.alert;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Mails each alert over SMTP ({@link SmtpClient}): subject {@code [rampart HOST] SEVERITY: SUMMARY}, a
 * plain-text body with the alert's fields and details, headers {@code X-Rampart-Kind} and
 * {@code X-Rampart-Severity} for filtering. One connection per alert (alerts are rate-limited, so this is
 * a few connections per hour at most).
 */
public final class EmailSink implements AlertSink {
    /**
     * The {@code alerts.email:} settings.
     *
     * @param connection  the SMTP server and how to talk to it
     * @param from        the envelope and header sender
     * @param to          the recipients (at least one)
     * @param minSeverity least severity sent
     */
    public record Settings(SmtpClient.Connection connection, String from, List<String> to, AlertSeverity minSeverity) {
        public Settings {
            Objects.requireNonNull(connection, "connection");
            SmtpClient.address(from);
            to = List.copyOf(to);
            if (to.isEmpty()) {
                throw new IllegalArgumentException("email alerts need at least one recipient");
            }
            to.forEach(SmtpClient::address);
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

    private final Settings settings;
    private final String host;
    private final Clock clock;
    private final javax.net.ssl.SSLSocketFactory tls;

    /** A sink with the JVM's TLS trust. */
    public EmailSink(Settings settings, String host, Clock clock) {
        this(settings, host, clock, (javax.net.ssl.SSLSocketFactory) javax.net.ssl.SSLSocketFactory.getDefault());
    }

    /** A sink whose STARTTLS uses {@code tls}. */
    public EmailSink(Settings settings, String host, Clock clock, javax.net.ssl.SSLSocketFactory tls) {
        this.settings = settings;
        this.host = host.replaceAll("[^A-Za-z0-9.-]", "_");
        this.clock = clock;
        this.tls = tls;
    }

    @Override
    public String name() {
        return "email";
    }

    @Override
    public AlertSeverity minSeverity() {
        return settings.minSeverity();
    }

    @Override
    public void send(Alert alert) throws IOException {
        new SmtpClient(settings.connection(), tls).send(settings.from(), settings.to(), message(alert));
    }

    /** The RFC 5322 message for {@code alert} (LF line ends; the client sends CRLF). */
    String message(Alert a) {
        StringBuilder body = new StringBuilder();
        body.append(a.summary()).append("\n\n");
        body.append("host:     ").append(host).append('\n');
        body.append("kind:     ").append(a.kind().words()).append('\n');
        body.append("severity: ").append(a.severity().id()).append('\n');
        body.append("time:     ").append(a.time()).append('\n');
        if (a.source() != null) {
            body.append("source:   ").append(a.source()).append('\n');
        }
        if (a.aggregated() > 0) {
            body.append("alerts:   ").append(a.aggregated()).append(" (summary of a burst)\n");
        }
        if (!a.details().isEmpty()) {
            body.append('\n').append(a.details());
            if (!a.details().endsWith("\n")) {
                body.append('\n');
            }
        }
        String text = body.toString();
        boolean ascii = text.chars().allMatch(c -> c < 128);
        StringBuilder m = new StringBuilder();
        m.append("From: ").append(SmtpClient.address(settings.from())).append('\n');
        m.append("To: ").append(String.join(", ", settings.to().stream().map(SmtpClient::address).toList())).append('\n');
        m.append("Subject: ").append(encodeHeader("[rampart " + host + "] " + a.severity().id() + ": " + a.summary())).append('\n');
        m.append("Date: ").append(DATE.format(clock.instant().atZone(ZoneOffset.UTC))).append('\n');
        m.append("Message-ID: <").append(HexFormat.of().formatHex(randomBytes())).append(".rampart@").append(host).append(">\n");
        m.append("MIME-Version: 1.0\n");
        m.append("Content-Type: text/plain; charset=utf-8\n");
        m.append("Content-Transfer-Encoding: ").append(ascii ? "7bit" : "base64").append('\n');
        m.append("Auto-Submitted: auto-generated\n");
        m.append("X-Rampart-Kind: ").append(a.kind().id()).append('\n');
        m.append("X-Rampart-Severity: ").append(a.severity().id()).append('\n');
        m.append('\n');
        if (ascii) {
            m.append(text);
        } else {
            String b = Base64.getMimeEncoder(76, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(text.getBytes(StandardCharsets.UTF_8));
            m.append(b).append('\n');
        }
        return m.toString();
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return b;
    }

    /**
     * The header value as is when printable ASCII, else RFC 2047 encoded words (UTF-8, base64) of at
     * most 75 characters each, split between characters, joined by folding whitespace.
     */
    static String encodeHeader(String v) {
        if (v.chars().allMatch(c -> c >= 32 && c < 127)) {
            return v;
        }
        // "=?UTF-8?B?" + base64 + "?=" <= 75 characters: at most 45 bytes of text per word
        final int maxBytes = 45;
        StringBuilder out = new StringBuilder();
        java.io.ByteArrayOutputStream chunk = new java.io.ByteArrayOutputStream();
        int i = 0;
        while (i < v.length()) {
            int cp = v.codePointAt(i);
            byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
            if (chunk.size() + b.length > maxBytes) {
                word(out, chunk.toByteArray());
                chunk.reset();
            }
            chunk.write(b, 0, b.length);
            i += Character.charCount(cp);
        }
        word(out, chunk.toByteArray());
        return out.toString();
    }

    private static void word(StringBuilder out, byte[] bytes) {
        if (bytes.length == 0) {
            return;
        }
        if (out.length() > 0) {
            out.append("\n ");
        }
        out.append("=?UTF-8?B?").append(Base64.getEncoder().encodeToString(bytes)).append("?=");
    }
}
