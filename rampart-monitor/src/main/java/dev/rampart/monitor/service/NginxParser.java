package dev.rampart.monitor.service;

import dev.rampart.monitor.event.EventKind;
import dev.rampart.monitor.parse.Scan;
import dev.rampart.monitor.parse.SyslogHeader;
import dev.rampart.monitor.parse.TimeResolver;
import java.time.Instant;

/**
 * nginx's error and access logs, as fail2ban's {@code nginx-http-auth} and {@code nginx-botsearch}
 * filters read them: HTTP basic-auth failures ({@code user "x" was not found in "..."},
 * {@code user "x": password mismatch}, PAM failures), optionally TLS handshake garbage ({@code [crit]
 * SSL_do_handshake() failed ... too long|short}, fail2ban's {@code fallback} mode), and requests for
 * well-known vulnerable paths (phpMyAdmin, webmail, WordPress log-in, cgi-bin) answered 404 or "No such
 * file". Lines may stand alone (nginx's own files) or behind a journal header
 * ({@code host nginx[pid]: [host nginx: ]2023/12/09 21:35:20 [error] ...}).
 *
 * <p><b>Log injection.</b> In the error log the client controls the user name (from the Authorization
 * header) and the request line, both written around nginx's {@code , client: ADDR, server: } field. The
 * user name comes first, so the address is taken from the LAST {@code , client: ADDR, server: } before
 * {@code , request: "}. In the access log the address is the leading field, which only nginx writes.
 */
public final class NginxParser implements ServiceParser {

    private final boolean auth;
    private final boolean sslGarbage;
    private final boolean botSearch;
    private final TimeResolver time;

    /**
     * @param auth       report basic-auth failures (nginx-http-auth)
     * @param sslGarbage report TLS handshakes with garbage records (nginx-http-auth's fallback mode)
     * @param botSearch  report requests for well-known vulnerable paths (nginx-botsearch)
     */
    public NginxParser(boolean auth, boolean sslGarbage, boolean botSearch, TimeResolver time) {
        this.auth = auth;
        this.sslGarbage = sslGarbage;
        this.botSearch = botSearch;
        this.time = time;
    }

    @Override
    public String service() {
        return "nginx";
    }

    @Override
    public boolean accepts(String line, SyslogHeader h) {
        if (h.program() != null) {
            return h.program().equals("nginx");
        }
        return line.length() > 20 && (Character.isDigit(line.charAt(0)) || Scan.addressChar(line.charAt(0)));
    }

    @Override
    public ServiceMatch parse(String line, SyslogHeader h) {
        int p = h.program() != null ? h.messageStart() : 0;
        // journal: an optional repeated "host nginx: " before nginx's own stamp
        int sp = line.indexOf(' ', p);
        if (sp > 0 && line.startsWith("nginx: ", sp + 1) && !Character.isDigit(line.charAt(p))) {
            p = sp + 8;
        }
        Instant t = null;
        if (line.length() > p + 20 && line.charAt(p + 4) == '/' && line.charAt(p + 7) == '/'
                && line.charAt(p + 10) == ' ') {
            t = time.local((int) Scan.number(line, p, p + 4), (int) Scan.number(line, p + 5, p + 7),
                    (int) Scan.number(line, p + 8, p + 10), (int) Scan.number(line, p + 11, p + 13),
                    (int) Scan.number(line, p + 14, p + 16), (int) Scan.number(line, p + 17, p + 19), 0);
            p += 20;
        }
        if (line.startsWith("[error] ", p) || line.startsWith("[crit] ", p)) {
            return errorLine(line, p, t);
        }
        if (botSearch && h.program() == null) {
            return accessLine(line);
        }
        return null;
    }

    private ServiceMatch errorLine(String line, int p, Instant t) {
        boolean crit = line.charAt(p + 1) == 'c';
        int star = line.indexOf(": *", p);
        if (star < 0) {
            return null;
        }
        int msg = Scan.tokenEnd(line, star + 2) + 1;
        int request = line.lastIndexOf(", request: \"");
        int limit = request > msg ? request : line.length();
        int client = line.lastIndexOf(", client: ", limit);
        if (client < msg) {
            return null;
        }
        int hostStart = client + 10;
        int hostEnd = Scan.indexOf(line, ',', hostStart, line.length());
        String host = Scan.hostToken(line, hostStart, hostEnd) ? Scan.unmapped(line.substring(hostStart, hostEnd)) : null;
        if (host == null) {
            return null;
        }
        String message = line.substring(msg, client);
        if (crit) {
            if (sslGarbage && message.startsWith("SSL_") && message.contains("() failed (SSL: ")) {
                return new ServiceMatch(EventKind.PROTOCOL_ABUSE, host, null, t);
            }
            return null;
        }
        if (auth && message.startsWith("user \"")) {
            // user "NAME": password mismatch | user "NAME" was not found in "FILE" (the last of them: the name
            // is the client's and may contain either phrase)
            int q = message.lastIndexOf("\": password mismatch");
            int nf = Math.max(message.lastIndexOf("\" was not found in \""), message.lastIndexOf("\": was not found in \""));
            int end = Math.max(q, nf);
            if (end >= 6 && (end == q ? q + 20 == message.length() : message.endsWith("\""))) {
                return new ServiceMatch(EventKind.AUTH_FAILURE, host, message.substring(6, end), t);
            }
        }
        if (auth && message.startsWith("PAM: user '") && message.endsWith("' - not authenticated: Authentication failure")) {
            return new ServiceMatch(EventKind.AUTH_FAILURE, host, message.substring(11, message.length() - 45), t);
        }
        if (botSearch && request > 0 && (message.endsWith(" failed (2: No such file or directory)")
                || message.endsWith(" is not found (2: No such file or directory)"))) {
            int path = line.indexOf(' ', request + 12);
            if (path > 0 && method(line, request + 12, path) && vulnerablePath(line, path + 1)) {
                return new ServiceMatch(EventKind.BOT_SEARCH, host, null, t);
            }
        }
        return null;
    }

    /** {@code HOST - USER [dd/Mon/yyyy:HH:MM:SS +zzzz] "METHOD /path PROTO" STATUS ...}. */
    private ServiceMatch accessLine(String line) {
        int hostEnd = Scan.tokenEnd(line, 0);
        if (!Scan.hostToken(line, 0, hostEnd) || Scan.address(line, 0, hostEnd) == null) {
            return null;
        }
        int open = line.indexOf(" [", hostEnd);
        int close = open < 0 ? -1 : line.indexOf("] \"", open);
        if (close < 0) {
            return null;
        }
        Instant t = accessTime(line, open + 2, close);
        int req = close + 3;
        int methodEnd = line.indexOf(' ', req);
        if (methodEnd < 0 || !method(line, req, methodEnd)) {
            return null;
        }
        int reqEnd = line.indexOf("\" ", methodEnd);
        if (reqEnd < 0 || !line.startsWith("404 ", reqEnd + 2)) {
            return null;
        }
        if (!vulnerablePath(line, methodEnd + 1)) {
            return null;
        }
        return new ServiceMatch(EventKind.BOT_SEARCH, Scan.unmapped(line.substring(0, hostEnd)), null, t);
    }

    private Instant accessTime(String s, int from, int to) {
        // 20/Jan/2015:19:53:28 +0100
        if (to - from != 26 || s.charAt(from + 2) != '/') {
            return null;
        }
        int day = (int) Scan.number(s, from, from + 2);
        int month = Scan.month(s, from + 3);
        int year = (int) Scan.number(s, from + 7, from + 11);
        int off = (int) Scan.number(s, from + 22, from + 24) * 3600 + (int) Scan.number(s, from + 24, from + 26) * 60;
        if (s.charAt(from + 21) == '-') {
            off = -off;
        }
        return TimeResolver.offset(year, month, day, (int) Scan.number(s, from + 12, from + 14),
                (int) Scan.number(s, from + 15, from + 17), (int) Scan.number(s, from + 18, from + 20), 0, off);
    }

    private static boolean method(String s, int from, int to) {
        int n = to - from;
        return (n == 3 && s.startsWith("GET", from)) || (n == 4 && s.startsWith("POST", from))
                || (n == 4 && s.startsWith("HEAD", from));
    }

    /**
     * Whether the request path at {@code i} ({@code /} then an optional second {@code /}) names a
     * well-known target of vulnerability scanners, as fail2ban's {@code botsearch-common} lists them:
     * webmail (roundcube, mail, extmail, horde, webmail, v-webmail), phpMyAdmin ({@code pma},
     * {@code myadmin}, {@code phpmyadmin}, optionally under {@code typo3/}, {@code xampp/}, {@code admin/}),
     * WordPress log-in/sign-up/admin scripts, {@code cgi-bin} and {@code mysqladmin}.
     */
    static boolean vulnerablePath(String s, int i) {
        if (i >= s.length() || s.charAt(i) != '/') {
            return false;
        }
        i++;
        if (i < s.length() && s.charAt(i) == '/') {
            i++;
        }
        for (String w : new String[] {"roundcube", "extmail", "mail", "horde", "webmail", "v-webmail", "vwebmail",
                "cgi-bin", "mysqladmin", "wp-login.php", "wp-signup.php", "wp-admin.php"}) {
            if (s.startsWith(w, i)) {
                return true;
            }
        }
        for (String dir : new String[] {"typo3/", "xampp/", "admin/", ""}) {
            if (s.startsWith(dir, i)) {
                int j = i + dir.length();
                if (s.startsWith("pma", j) || s.startsWith("phpMyAdmin", j) || s.startsWith("phpMyadmin", j)
                        || s.startsWith("phpmyAdmin", j) || s.startsWith("phpmyadmin", j) || s.startsWith("MyAdmin", j)
                        || s.startsWith("myadmin", j) || s.startsWith("Myadmin", j) || s.startsWith("myAdmin", j)) {
                    return true;
                }
            }
        }
        return false;
    }
}
