package dev.rampart.monitor.service;

import dev.rampart.monitor.event.EventKind;
import dev.rampart.monitor.parse.Scan;
import dev.rampart.monitor.parse.SyslogHeader;

/**
 * Dovecot's authentication failures, as fail2ban's {@code dovecot} filter reads them: login processes
 * ({@code imap-login: Aborted login (auth failed, 3 attempts in 16 secs): user=<x>, method=PLAIN,
 * rip=ADDR, lip=...}), auth workers ({@code pam(user,ADDR): pam_authenticate() failed: ...},
 * {@code sql(user,ADDR,<session>): unknown user}, {@code ldap(...): invalid credentials}) and PAM
 * ({@code pam_unix(dovecot:auth): authentication failure; ... ruser=x rhost=ADDR}). Aggressive mode also
 * counts connections closed without any authentication attempt.
 *
 * <p><b>Log injection.</b> The user name is written inside {@code user=<...>} before {@code rip=}; the
 * address is taken from the LAST {@code  rip=} of the line. In {@code pam_unix} lines {@code ruser=} is one
 * token written immediately before {@code rhost=}, so {@code ruser=rhost=1.2.3.4 rhost=ADDR} yields ADDR.
 * In {@code backend(user,ADDR,...)} the address is the last comma field that is an IP address.
 */
public final class DovecotParser implements ServiceParser {
    private static final String[] LOGIN_STARTS = {"Aborted login", "Disconnected", "Remote closed connection",
        "Client has quit the connection", "Login aborted"};

    private final boolean aggressive;

    public DovecotParser(boolean aggressive) {
        this.aggressive = aggressive;
    }

    @Override
    public String service() {
        return "dovecot";
    }

    @Override
    public boolean accepts(String line, SyslogHeader h) {
        String p = h.program();
        return p != null && (p.startsWith("dovecot") || p.startsWith("auth") || p.endsWith("-login"));
    }

    @Override
    public ServiceMatch parse(String line, SyslogHeader h) {
        String m = line.substring(h.messageStart());
        String p = h.program();
        if (p.startsWith("auth(") ) {
            // auth(user,ADDR,mech)<session>: Info: backend: Password mismatch
            int close = p.indexOf(')');
            String host = lastAddressField(p, 5, close < 0 ? p.length() : close);
            String rest = strip(m);
            int c = rest.indexOf(": ");
            String what = c > 0 ? rest.substring(c + 2) : rest;
            return host != null && credentialFailure(what) ? new ServiceMatch(EventKind.AUTH_FAILURE, host, null) : null;
        }
        m = strip(m);
        if (m.startsWith("pam_unix(dovecot:auth): ")) {
            m = m.substring(24);
        }
        if (m.startsWith("authentication failure; ")) {
            int ruser = m.indexOf(" ruser=");
            if (ruser < 0) {
                return null;
            }
            int ruserEnd = Scan.tokenEnd(m, ruser + 7);
            if (!m.startsWith(" rhost=", ruserEnd)) {
                return null;
            }
            int hs = ruserEnd + 7;
            int he = Scan.tokenEnd(m, hs);
            return Scan.hostToken(m, hs, he)
                    ? new ServiceMatch(EventKind.AUTH_FAILURE, m.substring(hs, he), m.substring(ruser + 7, ruserEnd))
                    : null;
        }
        for (String s : LOGIN_STARTS) {
            if (m.startsWith(s)) {
                return login(m);
            }
        }
        int open = m.indexOf('(');
        if (open >= 3 && open <= 15 && isBackendName(m, open)) {
            int close = m.indexOf("): ", open);
            if (close < 0) {
                return null;
            }
            String host = lastAddressField(m, open + 1, close);
            String what = m.substring(close + 3);
            if (host == null) {
                return null;
            }
            if (what.startsWith("pam_authenticate() failed: ")) {
                String r = what.substring(27);
                boolean fails = (r.startsWith("User not known to the underlying authentication module: ")
                        && r.endsWith(" Time(s)")) || r.startsWith("Authentication failure (Password mismatch?)")
                        || r.startsWith("Authentication failure (password mismatch?)") || r.startsWith("Permission denied");
                return fails ? new ServiceMatch(EventKind.AUTH_FAILURE, host, null) : null;
            }
            return credentialFailure(what) ? new ServiceMatch(EventKind.AUTH_FAILURE, host, null) : null;
        }
        return null;
    }

    private static boolean credentialFailure(String what) {
        return what.startsWith("unknown user") || what.startsWith("Unknown user") || what.startsWith("invalid credentials")
                || what.startsWith("Invalid credentials") || what.startsWith("Password mismatch")
                || what.startsWith("password mismatch");
    }

    private static boolean isBackendName(String m, int open) {
        for (int i = 0; i < open; i++) {
            char c = m.charAt(i);
            if (!((c >= 'a' && c <= 'z') || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** Removes the prefixes dovecot and its log helpers put before the message. */
    private static String strip(String m) {
        boolean again = true;
        while (again) {
            again = false;
            for (String pre : new String[] {"dovecot: ", "Info: ", "auth: ", "pop3-login: ", "imap-login: ",
                    "managesieve-login: ", "submission-login: "}) {
                if (m.startsWith(pre)) {
                    m = m.substring(pre.length());
                    again = true;
                }
            }
            if (m.startsWith("auth-worker(") || m.startsWith("auth(")) {
                int c = m.indexOf("): ");
                if (c > 0) {
                    m = m.substring(c + 3);
                    again = true;
                }
            }
            if (m.startsWith("conn unix:")) {
                int c = m.indexOf(">: ");
                if (c > 0) {
                    m = m.substring(c + 3);
                    again = true;
                }
            }
        }
        return m;
    }

    private ServiceMatch login(String m) {
        int rip = m.lastIndexOf(" rip=");
        if (rip < 0) {
            return null;
        }
        int hs = rip + 5;
        int he = hs;
        while (he < m.length() && m.charAt(he) != ',' && m.charAt(he) != ' ') {
            he++;
        }
        if (Scan.address(m, hs, he) == null) {
            return null;
        }
        String head = m.substring(0, rip);
        boolean failed = head.contains("(auth failed, ") || head.contains("(tried to use disabled ")
                || head.contains("(tried to use disallowed ") || head.contains("(proxy dest auth failed)");
        boolean noAuth = head.contains("(no auth attempts") || head.contains("(disconnected before auth was ready,")
                || head.contains("(client didn't finish ") || head.contains("(disconnected during TLS handshake)");
        if (!failed && !(aggressive && noAuth)) {
            return null;
        }
        String user = null;
        int u = head.indexOf(": user=<");
        if (u >= 0) {
            int close = head.lastIndexOf(">,");
            user = close > u + 8 ? head.substring(u + 8, close) : "";
        }
        return new ServiceMatch(failed ? EventKind.AUTH_FAILURE : EventKind.PROTOCOL_ABUSE, m.substring(hs, he), user);
    }

    /** The last field of {@code s[from, to)} (comma separated) that is an IP address, or null. */
    private static String lastAddressField(String s, int from, int to) {
        int end = to;
        while (end > from) {
            int comma = s.lastIndexOf(',', end - 1);
            int start = comma < from ? from : comma + 1;
            if (Scan.address(s, start, end) != null) {
                return s.substring(start, end);
            }
            if (comma < from) {
                break;
            }
            end = comma;
        }
        return null;
    }
}
