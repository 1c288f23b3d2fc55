package dev.rampart.monitor.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.model.net.IpAddress;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The SMTP client and the mail sink against a tiny SMTP server on 127.0.0.1 run by the test. */
class SmtpSinkTest {

    /** A one-connection SMTP server that records every line it reads and the DATA exactly as received. */
    static final class TinySmtpServer implements AutoCloseable {
        final ServerSocket socket;
        final List<String> received = Collections.synchronizedList(new ArrayList<>());
        final StringBuilder data = new StringBuilder();
        final Thread thread;
        final String ehloExtensions;

        TinySmtpServer(String ehloExtensions) throws IOException {
            this.ehloExtensions = ehloExtensions;
            socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
            thread = new Thread(this::serve, "tiny-smtp");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve() {
            try (Socket s = socket.accept()) {
                s.setSoTimeout(10_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                OutputStream out = s.getOutputStream();
                reply(out, "220 tiny.test ESMTP ready");
                String line;
                while ((line = in.readLine()) != null) {
                    received.add(line);
                    String cmd = line.toUpperCase(java.util.Locale.ROOT);
                    if (cmd.startsWith("EHLO")) {
                        reply(out, "250-tiny.test greets you\r\n" + ehloExtensions + "250 8BITMIME");
                    } else if (cmd.startsWith("AUTH PLAIN")) {
                        reply(out, "235 2.7.0 Authentication successful");
                    } else if (cmd.equals("AUTH LOGIN")) {
                        reply(out, "334 VXNlcm5hbWU6");
                        received.add(in.readLine());
                        reply(out, "334 UGFzc3dvcmQ6");
                        received.add(in.readLine());
                        reply(out, "235 2.7.0 Authentication successful");
                    } else if (cmd.startsWith("RCPT TO:<NOBODY")) {
                        reply(out, "550 5.1.1 no such user");
                    } else if (cmd.startsWith("MAIL FROM") || cmd.startsWith("RCPT TO")) {
                        reply(out, "250 2.1.0 Ok");
                    } else if (cmd.equals("DATA")) {
                        reply(out, "354 End data with <CR><LF>.<CR><LF>");
                        // read raw up to CRLF.CRLF to check line ends and dot-stuffing byte for byte
                        var raw = s.getInputStream();
                        StringBuilder d = new StringBuilder();
                        while (!d.toString().endsWith("\r\n.\r\n")) {
                            int c = raw.read();
                            if (c < 0) {
                                return;
                            }
                            d.append((char) c);
                        }
                        synchronized (data) {
                            data.append(d);
                        }
                        reply(out, "250 2.0.0 Ok: queued as 12345");
                    } else if (cmd.equals("QUIT")) {
                        reply(out, "221 2.0.0 Bye");
                        return;
                    } else {
                        reply(out, "502 5.5.2 Error: command not recognized");
                    }
                }
            } catch (IOException ignored) {
                // the test fails on what was (not) received
            }
        }

        private static void reply(OutputStream out, String text) throws IOException {
            out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        String data() throws InterruptedException {
            thread.join(5000);
            synchronized (data) {
                return data.toString();
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    TinySmtpServer server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T12:00:05Z"), ZoneOffset.UTC);

    EmailSink sink(SmtpClient.TlsMode tls, String user) {
        return new EmailSink(new EmailSink.Settings(new SmtpClient.Connection("127.0.0.1", server.port(), "web1.test", tls,
                user, user == null ? null : "pa:ss", Duration.ofSeconds(5)), "rampart@web1.test",
                List.of("ops@example.org", "<oncall@example.org>"), AlertSeverity.INFO), "web1", CLOCK);
    }

    static Alert drift(String details) {
        return Alert.of(AlertKind.DRIFT, AlertSeverity.CRITICAL, "drift from approved state 42: 1 packet class changes fate",
                details, Instant.parse("2026-01-01T12:00:00Z"), null);
    }

    @Test
    void theDialogueAndTheMessageWithDotStuffing() throws Exception {
        server = new TinySmtpServer("250-AUTH PLAIN LOGIN\r\n");
        String details = "IPv4 filter INPUT: DROP -> ACCEPT\n.\n..two dots\n.leading dot\nlast line";
        sink(SmtpClient.TlsMode.OFF, null).send(drift(details));
        String data = server.data();
        assertThat(server.received).containsExactly("EHLO web1.test", "MAIL FROM:<rampart@web1.test>",
                "RCPT TO:<ops@example.org>", "RCPT TO:<oncall@example.org>", "DATA", "QUIT");
        assertThat(data).startsWith("From: rampart@web1.test\r\nTo: ops@example.org, oncall@example.org\r\n"
                + "Subject: [rampart web1] critical: drift from approved state 42: 1 packet class changes fate\r\n"
                + "Date: Thu, 1 Jan 2026 12:00:05 GMT\r\nMessage-ID: <");
        assertThat(data).contains("\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
                        + "Content-Transfer-Encoding: 7bit\r\nAuto-Submitted: auto-generated\r\n"
                        + "X-Rampart-Kind: drift\r\nX-Rampart-Severity: critical\r\n\r\n"
                        + "drift from approved state 42: 1 packet class changes fate\r\n\r\n",
                "kind:     drift\r\n", "time:     2026-01-01T12:00:00Z\r\n");
        // every line starting with a dot got one more; the lone dot cannot end the data early
        assertThat(data).contains("\r\nIPv4 filter INPUT: DROP -> ACCEPT\r\n..\r\n...two dots\r\n..leading dot\r\nlast line\r\n.\r\n");
        assertThat(data.replace("\r\n", "")).doesNotContain("\n").doesNotContain("\r");
    }

    @Test
    void authPlainIsUsedWhenOfferedAndTheCredentialsAreMaskedInTheTranscript() throws Exception {
        server = new TinySmtpServer("250-AUTH LOGIN PLAIN\r\n");
        SmtpClient c = new SmtpClient(new SmtpClient.Connection("127.0.0.1", server.port(), "web1.test",
                SmtpClient.TlsMode.OFF, "rampart", "pa:ss", Duration.ofSeconds(5)));
        c.send("a@b.test", List.of("c@d.test"), "Subject: x\n\nbody\n");
        server.data();
        String token = Base64.getEncoder().encodeToString("\0rampart\0pa:ss".getBytes(StandardCharsets.UTF_8));
        assertThat(server.received).containsSubsequence("EHLO web1.test", "AUTH PLAIN " + token, "MAIL FROM:<a@b.test>");
        assertThat(String.join("\n", c.transcript())).contains("C: AUTH PLAIN <credentials>").doesNotContain(token);
    }

    @Test
    void authLoginWhenOnlyLoginIsOffered() throws Exception {
        server = new TinySmtpServer("250-AUTH LOGIN\r\n");
        new SmtpClient(new SmtpClient.Connection("127.0.0.1", server.port(), "h", SmtpClient.TlsMode.OFF, "rampart",
                "pa:ss", Duration.ofSeconds(5))).send("a@b.test", List.of("c@d.test"), "Subject: x\n\nbody\n");
        server.data();
        Base64.Encoder b = Base64.getEncoder();
        assertThat(server.received).containsSubsequence("AUTH LOGIN", b.encodeToString("rampart".getBytes()),
                b.encodeToString("pa:ss".getBytes()), "MAIL FROM:<a@b.test>");
    }

    @Test
    void requiredStarttlsThatIsNotOfferedSendsNothing() throws Exception {
        server = new TinySmtpServer("");
        assertThatThrownBy(() -> sink(SmtpClient.TlsMode.REQUIRED, "rampart").send(drift("")))
                .isInstanceOf(IOException.class).hasMessageContaining("does not offer STARTTLS");
        server.close();
        server.thread.join(5000);
        assertThat(server.received).containsExactly("EHLO web1.test");
    }

    @Test
    void credentialsAreNeverSentInClearUnlessStarttlsIsOff() throws Exception {
        server = new TinySmtpServer("250-AUTH PLAIN\r\n");
        assertThatThrownBy(() -> sink(SmtpClient.TlsMode.IF_OFFERED, "rampart").send(drift("")))
                .hasMessageContaining("not sending credentials");
        server.close();
        server.thread.join(5000);
        assertThat(server.received).noneMatch(l -> l.startsWith("AUTH"));
    }

    @Test
    void aRefusedRecipientFailsWithTheServersAnswer() throws Exception {
        server = new TinySmtpServer("");
        SmtpClient c = new SmtpClient(new SmtpClient.Connection("127.0.0.1", server.port(), "h", SmtpClient.TlsMode.OFF,
                null, null, Duration.ofSeconds(5)));
        assertThatThrownBy(() -> c.send("a@b.test", List.of("nobody@d.test"), "x")).isInstanceOf(IOException.class)
                .hasMessageContaining("refused RCPT TO:<nobody@d.test>: 550 5.1.1 no such user");
    }

    @Test
    void addressesThatCouldInjectCommandsAreRejected() {
        SmtpClient c = new SmtpClient(new SmtpClient.Connection("127.0.0.1", 1, "h", SmtpClient.TlsMode.OFF,
                null, null, Duration.ofSeconds(1)));
        assertThatThrownBy(() -> c.send("a@b.test", List.of("x\r\nDATA@evil"), "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid mail address");
    }

    @Test
    void nonAsciiBodiesAreBase64AndSubjectsEncodedWords() {
        server = null;
        EmailSink s = new EmailSink(new EmailSink.Settings(new SmtpClient.Connection("127.0.0.1", 25, "h",
                SmtpClient.TlsMode.OFF, null, null, Duration.ofSeconds(1)), "a@b.test", List.of("c@d.test"),
                AlertSeverity.INFO), "web1", CLOCK);
        String m = s.message(Alert.of(AlertKind.SCAN, AlertSeverity.INFO, "scan from 2001:db8::1 — SYN", "",
                Instant.EPOCH, IpAddress.parse("2001:db8::1")));
        assertThat(m).contains("Subject: =?UTF-8?B?").contains("Content-Transfer-Encoding: base64")
                .doesNotContain("—");
    }

    @Test
    void longNonAsciiSubjectsAreSplitIntoEncodedWordsOfAtMost75Characters() {
        String subject = "Änderung der Firewall auf web1 — " + "ü".repeat(60);
        String h = EmailSink.encodeHeader(subject);
        String[] words = h.split("\n ");
        assertThat(words.length).isGreaterThan(1);
        StringBuilder decoded = new StringBuilder();
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (String w : words) {
            assertThat(w.length()).isLessThanOrEqualTo(75);
            assertThat(w).startsWith("=?UTF-8?B?").endsWith("?=");
            byte[] b = Base64.getDecoder().decode(w.substring(10, w.length() - 2));
            // each word decodes on its own: no character is split between words
            decoded.append(new String(b, StandardCharsets.UTF_8));
            all.writeBytes(b);
        }
        assertThat(decoded.toString()).isEqualTo(subject);
    }
}
