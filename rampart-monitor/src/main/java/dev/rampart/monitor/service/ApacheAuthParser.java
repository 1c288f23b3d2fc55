package dev.rampart.monitor.service;

import dev.rampart.monitor.event.EventKind;
import dev.rampart.monitor.parse.Scan;
import dev.rampart.monitor.parse.SyslogHeader;
import dev.rampart.monitor.parse.TimeResolver;
import java.time.Instant;

/**
 * Apache httpd's error log authentication failures, as fail2ban's {@code apache-auth} filter reads them:
 * basic and digest failures, access denied by configuration, bad SNI. The line is
 * {@code [Www Mmm dd HH:MM:SS[.us] yyyy] [module:level] [pid N[:tid N]] [client ADDR[:port]] [AHnnnnn: ]MESSAGE}
 * (or {@code [error] [client ADDR]} for Apache 2.2, {@code [remote ADDR:port]} behind a proxy), alone or
 * behind a syslog header ({@code ErrorLog syslog}).
 *
 * <p><b>Log injection.</b> The address is the {@code [client ...]} field that Apache writes before the
 * message, at a fixed place; a {@code [client X]} inside the message (a requested path) is never read.
 * In normal mode mod_evasive's messages are ignored (a module name starting with {@code evasive}).
 */
public final class ApacheAuthParser implements ServiceParser {
    private final boolean aggressive;
    private final TimeResolver time;

    public ApacheAuthParser(boolean aggressive, TimeResolver time) {
        this.aggressive = aggressive;
        this.time = time;
    }

    @Override
    public String service() {
        return "apache";
    }

    @Override
    public boolean accepts(String line, SyslogHeader h) {
        if (h.program() != null) {
            String p = h.program();
            return p.startsWith("apache") || p.equals("httpd") || p.startsWith("httpd/");
        }
        return line.startsWith("[");
    }

    @Override
    public ServiceMatch parse(String line, SyslogHeader h) {
        int p = h.program() != null ? h.messageStart() : 0;
        Instant t = null;
        if (h.program() == null) {
            int close = line.indexOf("] ", p);
            if (close < 0) {
                return null;
            }
            t = stamp(line, p + 1, close);
            p = close + 2;
        }
        // [module:level] or [level]
        if (!line.startsWith("[", p)) {
            return null;
        }
        int close = line.indexOf("] ", p);
        if (close < 0) {
            return null;
        }
        String level = line.substring(p + 1, close);
        int colon = level.indexOf(':');
        if (!(level.equals("error") || (colon >= 0 && level.indexOf(' ') < 0))) {
            return null;
        }
        if (!aggressive && level.startsWith("evasive")) {
            return null;
        }
        p = close + 2;
        if (line.startsWith("[pid ", p)) {
            close = line.indexOf("] ", p);
            if (close < 0) {
                return null;
            }
            p = close + 2;
        }
        int hostStart;
        if (line.startsWith("[client ", p)) {
            hostStart = p + 8;
        } else if (line.startsWith("[remote ", p)) {
            hostStart = p + 8;
        } else {
            return null;
        }
        close = line.indexOf("] ", hostStart);
        if (close < 0) {
            return null;
        }
        String host = host(line, hostStart, close);
        if (host == null) {
            return null;
        }
        p = close + 2;
        if (line.startsWith("AH", p)) {
            int c = line.indexOf(": ", p);
            if (c > p + 2 && Scan.number(line, p + 2, c) >= 0) {
                p = c + 2;
            }
        }
        String m = line.substring(p);
        String user = failure(m);
        if (user == null) {
            return null;
        }
        return new ServiceMatch(EventKind.AUTH_FAILURE, host, user.isEmpty() && !m.startsWith("user ") ? null : user,
                t);
    }

    /** The user of a failure message ("" when it names none), or null when {@code m} is not a failure. */
    static String failure(String m) {
        if (m.startsWith("client denied by server configuration") || m.startsWith("client used wrong authentication scheme")) {
            return "";
        }
        if (m.startsWith("user ") && !m.startsWith("user `")) {
            for (String what : new String[] {" authentication failure", " authorization failure", " not found",
                    " denied by provider"}) {
                int at = m.indexOf(what, 5);
                if (at >= 5) {
                    String u = m.substring(5, at);
                    return u.endsWith(":") ? u.substring(0, u.length() - 1) : u;
                }
            }
        }
        if (m.startsWith("Authorization of user ")) {
            int to = m.indexOf(" to access ");
            return to > 0 && m.indexOf(" failed", to) > 0 ? m.substring(22, to) : null;
        }
        if (m.startsWith("invalid qop `") && m.contains("' received")) {
            return "";
        }
        if (m.startsWith("Hostname ") || m.startsWith("No hostname ")) {
            return m.contains(" provided via SNI") ? "" : null;
        }
        // optional auth type "Digest: "
        String r = m;
        int c = m.indexOf(": ");
        if (c > 0 && Character.isUpperCase(m.charAt(0)) && m.substring(0, c).chars().allMatch(Character::isLetterOrDigit)) {
            r = m.substring(c + 2);
        }
        if (r.startsWith("user ") && !r.startsWith("user `")) {
            int at = r.indexOf(": password mismatch");
            return at > 5 ? r.substring(5, at) : null;
        }
        if (r.startsWith("user `")) {
            int q = r.indexOf("' in realm `");
            if (q > 0 && (r.contains("' not found") || r.contains("' authentication failure")
                    || r.contains("' authorization failure") || r.contains("' denied by provider"))) {
                return r.substring(6, q);
            }
            return null;
        }
        if (r.startsWith("invalid nonce ") && (r.contains(" received - length is not")
                || r.contains(" received - user attempted time travel"))) {
            return "";
        }
        if (r.startsWith("realm mismatch - got `") && r.contains("' but expected")) {
            return "";
        }
        if (r.startsWith("unknown algorithm `") && r.contains("' received")) {
            return "";
        }
        return null;
    }

    private static String host(String s, int from, int to) {
        if (s.charAt(from) == '[') {
            int close = s.indexOf(']', from);
            return close > 0 && close < to ? hostOrNull(s, from + 1, close) : null;
        }
        int colon = s.lastIndexOf(':', to);
        if (colon > from && s.indexOf(':', from) == colon) {
            return hostOrNull(s, from, colon); // a.b.c.d:port
        }
        return hostOrNull(s, from, to);
    }

    private static String hostOrNull(String s, int from, int to) {
        return Scan.hostToken(s, from, to) ? s.substring(from, to) : null;
    }

    /** {@code Www Mmm dd HH:MM:SS[.us] yyyy}. */
    private Instant stamp(String s, int from, int to) {
        if (to - from < 24) {
            return null;
        }
        int month = Scan.month(s, from + 4);
        int day = (int) Scan.number(s, from + 8, from + 10);
        int hh = (int) Scan.number(s, from + 11, from + 13);
        int mm = (int) Scan.number(s, from + 14, from + 16);
        int ss = (int) Scan.number(s, from + 17, from + 19);
        int year = (int) Scan.number(s, to - 4, to);
        return time.local(year, month, day, hh, mm, ss, 0);
    }
}
