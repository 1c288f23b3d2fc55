package dev.rampart.monitor.alert;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A minimal SMTP client (RFC 5321) for sending one message per connection: greeting, {@code EHLO},
 * optional {@code STARTTLS} (RFC 3207) with a fresh {@code EHLO}, optional {@code AUTH PLAIN} or
 * {@code AUTH LOGIN} (RFC 4954), {@code MAIL FROM}, {@code RCPT TO} per recipient, {@code DATA} with
 * dot-stuffing and CRLF line ends, {@code QUIT}.
 *
 * <p>Security: with {@link TlsMode#REQUIRED} the client refuses to continue when the server does not
 * offer STARTTLS; credentials are never sent over a connection that is not encrypted unless the
 * settings say {@code starttls: off} explicitly (a server on localhost). The TLS handshake checks the
 * server's certificate and host name with the given {@link SSLSocketFactory} (the JVM's trust store by
 * default).
 *
 * <p>Every reply is checked: a reply outside the expected class fails with an {@link IOException} that
 * quotes the command and the server's answer.
 */
public final class SmtpClient {
    /** Whether to upgrade the connection with STARTTLS. */
    public enum TlsMode {
        /** Never (only for a trusted relay on localhost or a private network). */
        OFF,
        /** When the server offers it. */
        IF_OFFERED,
        /** Always; fail when the server does not offer it. */
        REQUIRED
    }

    /**
     * What to connect to and how.
     *
     * @param host     the server
     * @param port     25, 587 (submission) ...
     * @param helo     the name this client gives in EHLO
     * @param tls      STARTTLS mode
     * @param username for AUTH, or null for none
     * @param password for AUTH, or null
     * @param timeout  connect and per-reply timeout
     */
    public record Connection(String host, int port, String helo, TlsMode tls, String username, String password,
                             Duration timeout) {
    }

    private final Connection conn;
    private final SSLSocketFactory tlsFactory;
    private final List<String> transcript = new ArrayList<>();

    private Socket socket;
    private BufferedReader in;
    private OutputStream out;

    /** A client using the JVM's default TLS settings. */
    public SmtpClient(Connection conn) {
        this(conn, (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    /** A client whose STARTTLS uses {@code tlsFactory} (tests: a factory trusting a test certificate). */
    public SmtpClient(Connection conn, SSLSocketFactory tlsFactory) {
        this.conn = conn;
        this.tlsFactory = tlsFactory;
    }

    /** The commands sent and replies read in the last {@link #send} (credentials masked), for diagnostics. */
    public List<String> transcript() {
        return List.copyOf(transcript);
    }

    /**
     * Sends one message: {@code message} is the full RFC 5322 message (headers, blank line, body) with
     * any line ends; it is sent with CRLF line ends and dot-stuffed.
     */
    public void send(String from, List<String> to, String message) throws IOException {
        transcript.clear();
        String sender = address(from);
        List<String> rcpts = to.stream().map(SmtpClient::address).toList();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(conn.host(), conn.port()), (int) conn.timeout().toMillis());
            s.setSoTimeout((int) conn.timeout().toMillis());
            attach(s);
            expect(null, 2);
            List<String> ext = ehlo();
            boolean tls = false;
            if (conn.tls() != TlsMode.OFF) {
                if (has(ext, "STARTTLS")) {
                    command("STARTTLS", 2);
                    SSLSocket ssl = (SSLSocket) tlsFactory.createSocket(socket, conn.host(), conn.port(), true);
                    javax.net.ssl.SSLParameters p = ssl.getSSLParameters();
                    p.setEndpointIdentificationAlgorithm("HTTPS");
                    ssl.setSSLParameters(p);
                    ssl.setUseClientMode(true);
                    ssl.startHandshake();
                    attach(ssl);
                    tls = true;
                    ext = ehlo();
                } else if (conn.tls() == TlsMode.REQUIRED) {
                    throw new IOException(conn.host() + ":" + conn.port() + " does not offer STARTTLS and starttls is"
                            + " 'required'; no mail sent");
                }
            }
            if (conn.username() != null) {
                if (!tls && conn.tls() != TlsMode.OFF) {
                    throw new IOException("not sending credentials to " + conn.host() + " over an unencrypted"
                            + " connection (the server did not offer STARTTLS); set starttls: off to allow it");
                }
                authenticate(ext);
            }
            command("MAIL FROM:<" + sender + ">", 2);
            for (String rcpt : rcpts) {
                command("RCPT TO:<" + rcpt + ">", 2);
            }
            command("DATA", 3);
            write(dotStuff(message) + ".\r\n", "<message>");
            expect("<end of data>", 2);
            try {
                command("QUIT", 2);
            } catch (IOException ignored) {
                // the message is accepted; a server that drops the line on QUIT changes nothing
            }
        }
    }

    private void attach(Socket s) throws IOException {
        socket = s;
        in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        out = s.getOutputStream();
    }

    private List<String> ehlo() throws IOException {
        write("EHLO " + conn.helo() + "\r\n", "EHLO " + conn.helo());
        List<String> lines = expect("EHLO", 2);
        List<String> ext = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            ext.add(lines.get(i).toUpperCase(Locale.ROOT));
        }
        return ext;
    }

    private static boolean has(List<String> ext, String keyword) {
        for (String e : ext) {
            if (e.equals(keyword) || e.startsWith(keyword + " ")) {
                return true;
            }
        }
        return false;
    }

    private void authenticate(List<String> ext) throws IOException {
        String mechs = ext.stream().filter(e -> e.startsWith("AUTH ") || e.startsWith("AUTH=")).findFirst()
                .map(e -> e.substring(5)).orElse("");
        List<String> offered = List.of(mechs.split("\\s+"));
        String user = conn.username();
        String pass = conn.password() == null ? "" : conn.password();
        Base64.Encoder b64 = Base64.getEncoder();
        if (offered.contains("PLAIN")) {
            String token = b64.encodeToString(("\0" + user + "\0" + pass).getBytes(StandardCharsets.UTF_8));
            write("AUTH PLAIN " + token + "\r\n", "AUTH PLAIN <credentials>");
            expect("AUTH PLAIN", 2);
        } else if (offered.contains("LOGIN")) {
            command("AUTH LOGIN", 3);
            write(b64.encodeToString(user.getBytes(StandardCharsets.UTF_8)) + "\r\n", "<user name>");
            expect("AUTH LOGIN user name", 3);
            write(b64.encodeToString(pass.getBytes(StandardCharsets.UTF_8)) + "\r\n", "<password>");
            expect("AUTH LOGIN password", 2);
        } else {
            throw new IOException(conn.host() + " offers no AUTH mechanism this client has (PLAIN, LOGIN); offered: '"
                    + mechs + "'");
        }
    }

    private void command(String line, int expectedClass) throws IOException {
        write(line + "\r\n", line);
        expect(line, expectedClass);
    }

    private void write(String text, String shown) throws IOException {
        transcript.add("C: " + shown);
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Reads one (possibly multi-line) reply; fails unless its code is {@code expectedClass}xx. */
    private List<String> expect(String after, int expectedClass) throws IOException {
        List<String> lines = new ArrayList<>();
        int code;
        while (true) {
            String line = in.readLine();
            if (line == null) {
                throw new IOException(conn.host() + " closed the connection" + (after == null ? "" : " after " + after));
            }
            transcript.add("S: " + line);
            if (line.length() < 3 || !Character.isDigit(line.charAt(0))) {
                throw new IOException(conn.host() + " sent a malformed reply: '" + line + "'");
            }
            code = Integer.parseInt(line.substring(0, 3));
            lines.add(line.length() > 4 ? line.substring(4) : "");
            if (line.length() == 3 || line.charAt(3) != '-') {
                break;
            }
        }
        if (code / 100 != expectedClass) {
            throw new IOException(conn.host() + " refused " + (after == null ? "the connection" : after) + ": " + code
                    + " " + String.join(" ", lines));
        }
        return lines;
    }

    /** The address without angle brackets; rejects CR, LF and brackets (no command injection). */
    static String address(String a) {
        String s = a.strip();
        if (s.startsWith("<") && s.endsWith(">")) {
            s = s.substring(1, s.length() - 1);
        }
        if (s.isEmpty() || s.chars().anyMatch(c -> c == '\r' || c == '\n' || c == '<' || c == '>' || c == ' ')) {
            throw new IllegalArgumentException("invalid mail address '" + a + "'");
        }
        return s;
    }

    /**
     * The message with CRLF line ends, a final CRLF, and every line that starts with a dot given a second
     * dot (RFC 5321 4.5.2), so that a line holding a single dot cannot end the data early.
     */
    static String dotStuff(String message) {
        String[] lines = message.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        StringBuilder sb = new StringBuilder(message.length() + 64);
        int n = lines.length;
        if (n > 0 && lines[n - 1].isEmpty()) {
            n--;
        }
        for (int i = 0; i < n; i++) {
            if (lines[i].startsWith(".")) {
                sb.append('.');
            }
            sb.append(lines[i]).append("\r\n");
        }
        return sb.toString();
    }
}
