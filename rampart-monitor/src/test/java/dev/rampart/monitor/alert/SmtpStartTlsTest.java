package dev.rampart.monitor.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * STARTTLS with a real TLS handshake: a test SMTP server on 127.0.0.1 with a self-signed certificate
 * (made by the JDK's keytool for IP 127.0.0.1), the client trusting only that certificate.
 */
class SmtpStartTlsTest {
    @TempDir
    static Path dir;

    static SSLContext serverTls;
    static SSLSocketFactory trustingClient;
    static SSLSocketFactory trustingOther;

    @BeforeAll
    static void certificates() throws Exception {
        serverTls = context(keystore("smtp", "IP:127.0.0.1"), true);
        trustingClient = context(dir.resolve("smtp.p12"), false).getSocketFactory();
        trustingOther = context(keystore("other", "IP:127.0.0.1"), false).getSocketFactory();
    }

    private static Path keystore(String name, String san) throws Exception {
        Path ks = dir.resolve(name + ".p12");
        Process p = new ProcessBuilder("keytool", "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + name, "-ext", "san=" + san,
                "-validity", "2", "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", "changeit",
                "-keypass", "changeit").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return ks;
    }

    private static SSLContext context(Path p12, boolean server) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(p12)) {
            ks.load(in, "changeit".toCharArray());
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        if (server) {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, "changeit".toCharArray());
            ctx.init(kmf.getKeyManagers(), null, null);
        } else {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            ctx.init(null, tmf.getTrustManagers(), null);
        }
        return ctx;
    }

    /** A one-connection server: plain greeting and EHLO offering STARTTLS, then everything over TLS. */
    static final class TlsServer implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        final List<String> plain = Collections.synchronizedList(new ArrayList<>());
        final List<String> encrypted = Collections.synchronizedList(new ArrayList<>());
        final Thread thread = new Thread(this::serve, "tls-smtp");

        TlsServer() throws IOException {
            thread.setDaemon(true);
            thread.start();
        }

        private void serve() {
            try (Socket s = socket.accept()) {
                s.setSoTimeout(10_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream out = s.getOutputStream();
                send(out, "220 tls.test ESMTP");
                String line;
                while ((line = in.readLine()) != null) {
                    plain.add(line);
                    if (line.startsWith("EHLO")) {
                        send(out, "250-tls.test\r\n250-STARTTLS\r\n250 8BITMIME");
                    } else if (line.equals("STARTTLS")) {
                        send(out, "220 2.0.0 Ready to start TLS");
                        SSLSocket tls = (SSLSocket) serverTls.getSocketFactory().createSocket(s, "127.0.0.1", s.getPort(), false);
                        tls.setUseClientMode(false);
                        tls.startHandshake();
                        converse(tls);
                        return;
                    } else {
                        send(out, "530 5.7.0 Must issue a STARTTLS command first");
                    }
                }
            } catch (IOException ignored) {
                // the test asserts what was received
            }
        }

        private void converse(SSLSocket tls) throws IOException {
            BufferedReader in = new BufferedReader(new InputStreamReader(tls.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = tls.getOutputStream();
            String line;
            while ((line = in.readLine()) != null) {
                encrypted.add(line);
                if (line.startsWith("EHLO")) {
                    send(out, "250-tls.test\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME");
                } else if (line.startsWith("AUTH PLAIN")) {
                    send(out, "235 2.7.0 Authentication successful");
                } else if (line.equals("DATA")) {
                    send(out, "354 go ahead");
                    while ((line = in.readLine()) != null && !line.equals(".")) {
                        encrypted.add(line);
                    }
                    send(out, "250 2.0.0 queued");
                } else if (line.equals("QUIT")) {
                    send(out, "221 bye");
                    return;
                } else {
                    send(out, "250 ok");
                }
            }
        }

        private static void send(OutputStream out, String text) throws IOException {
            out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void startTlsUpgradesThenAuthenticatesAndSendsOnlyOverTls() throws Exception {
        try (TlsServer server = new TlsServer()) {
            SmtpClient c = new SmtpClient(new SmtpClient.Connection("127.0.0.1", server.socket.getLocalPort(), "web1.test",
                    SmtpClient.TlsMode.REQUIRED, "rampart", "pa:ss", Duration.ofSeconds(10)), trustingClient);
            c.send("rampart@web1.test", List.of("ops@example.org"), "Subject: drift\n\n.hidden line\nbody\n");
            server.thread.join(5000);
            assertThat(server.plain).containsExactly("EHLO web1.test", "STARTTLS");
            String token = Base64.getEncoder().encodeToString("\0rampart\0pa:ss".getBytes(StandardCharsets.UTF_8));
            assertThat(server.encrypted).containsSubsequence("EHLO web1.test", "AUTH PLAIN " + token,
                    "MAIL FROM:<rampart@web1.test>", "RCPT TO:<ops@example.org>", "DATA", "Subject: drift", "",
                    "..hidden line", "body", "QUIT");
        }
    }

    @Test
    void anUntrustedCertificateStopsBeforeAnyCredentialOrMail() throws Exception {
        try (TlsServer server = new TlsServer()) {
            SmtpClient c = new SmtpClient(new SmtpClient.Connection("127.0.0.1", server.socket.getLocalPort(), "web1.test",
                    SmtpClient.TlsMode.REQUIRED, "rampart", "pa:ss", Duration.ofSeconds(10)), trustingOther);
            assertThatThrownBy(() -> c.send("rampart@web1.test", List.of("ops@example.org"), "Subject: x\n\nbody\n"))
                    .isInstanceOf(IOException.class);
            server.thread.join(5000);
            assertThat(server.plain).containsExactly("EHLO web1.test", "STARTTLS");
            assertThat(server.encrypted).isEmpty();
        }
    }
}
