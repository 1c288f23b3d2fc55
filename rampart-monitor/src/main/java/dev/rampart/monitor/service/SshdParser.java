package dev.rampart.monitor.service;

import static dev.rampart.monitor.service.SshdStructure.TAIL_COLON;
import static dev.rampart.monitor.service.SshdStructure.TAIL_END;
import static dev.rampart.monitor.service.SshdStructure.hostAt;
import static dev.rampart.monitor.service.SshdStructure.hostIn;
import static dev.rampart.monitor.service.SshdStructure.lastFromWithTail;
import static dev.rampart.monitor.service.SshdStructure.tail;

import dev.rampart.monitor.event.EventKind;
import dev.rampart.monitor.parse.Scan;
import dev.rampart.monitor.parse.SyslogHeader;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * OpenSSH's {@code sshd} (and {@code sshd-session}) authentication failures, with fail2ban's
 * {@code sshd} filter as the reference for what counts (its annotated samples are the oracle, see
 * {@code docs/log-parsers.md}). Modes as fail2ban's: {@link Mode#NORMAL} (authentication failures),
 * {@link Mode#DDOS} (also pre-authentication abuse: no identification string, failed key exchange,
 * connections closed before authentication), {@link Mode#EXTRA} (also negotiation failures and
 * "no authentication methods") and {@link Mode#AGGRESSIVE} (all).
 *
 * <p><b>Log injection.</b> sshd writes attacker-controlled text (the user name, the client's
 * identification string, the auth-info) before the address. The address is therefore taken from the
 * structure sshd writes after it, never from the first {@code from} in the line: for
 * {@code Invalid user U from ADDR[ port N]} and the like, the last {@code from ADDR} that is followed
 * only by sshd's own tail ({@code port N}, {@code on ADDR port N}, {@code ssh2}, {@code [preauth]}) up to
 * the end of the line; for {@code Failed METHOD for U from ADDR port N ssh2[: INFO]} the first
 * {@code from} whose user part is one word and that is followed by {@code ": "} (the auth-info), else the
 * last one that ends the line — the same choice fail2ban makes. An address must be a single token of
 * address or DNS-name characters. See {@code SshdInjectionTest}.
 *
 * <p><b>Connections.</b> Per sshd pid (the connection) the parser remembers the client address and any
 * failure seen before the address was known; a later line of the same pid that names the address
 * completes it ({@code Disconnecting: Too many authentication failures} followed by
 * {@code Connection closed by ADDR [preauth]}). A valid user's failed public key is not a failure by
 * itself (clients offer several keys); it counts when the connection ends with too many failures.
 * PAM failures count when a second user name is tried, when the client then logs in as yet another
 * user, or when the connection closes. The table of connections is bounded ({@link #MAX_CONNECTIONS},
 * oldest evicted first).
 */
public final class SshdParser implements ServiceParser {

    /** fail2ban's {@code mode} parameter of the sshd filter. */
    public enum Mode {
        NORMAL, DDOS, EXTRA, AGGRESSIVE;

        boolean ddos() {
            return this == DDOS || this == AGGRESSIVE;
        }

        boolean extra() {
            return this == EXTRA || this == AGGRESSIVE;
        }
    }

    /** Connections (sshd pids) remembered at most; the oldest is forgotten first. */
    public static final int MAX_CONNECTIONS = 4096;

    private final Mode mode;
    private final Map<Long, Conn> conns = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Conn> eldest) {
            return size() > MAX_CONNECTIONS;
        }
    };

    /** What is known about one connection. */
    private static final class Conn {
        String host;
        /** A failure seen before the address was known, waiting for it. */
        EventKind pending;
        String pendingUser;
        /** PAM failures not yet counted, and the user names PAM failed for. */
        int pamPending;
        final Set<String> pamUsers = new HashSet<>();
    }

    public SshdParser(Mode mode) {
        this.mode = mode;
    }

    @Override
    public String service() {
        return "sshd";
    }

    @Override
    public boolean accepts(String line, SyslogHeader h) {
        String p = h.program();
        return p != null && (p.equals("sshd") || p.equals("sshd-session"));
    }

    @Override
    public ServiceMatch parse(String line, SyslogHeader h) {
        int p = h.messageStart();
        if (line.startsWith("kernel:", p)) {
            // journald with a kernel stamp in the message: "kernel:[  970.69]: " or "kernel: [ 970.69] "
            int q = p + 7;
            if (q < line.length() && line.charAt(q) == ' ') {
                q++;
            }
            int close = q < line.length() && line.charAt(q) == '[' ? line.indexOf(']', q) : -1;
            if (close > 0) {
                q = close + 1;
                if (q < line.length() && line.charAt(q) == ':') {
                    q++;
                }
                if (q < line.length() && line.charAt(q) == ' ') {
                    q++;
                }
                p = q;
            }
        }
        if (line.startsWith("[ID ", p)) {
            int close = line.indexOf("] ", p);
            if (close > 0) {
                p = close + 2;
            }
        }
        if (line.startsWith("error: ", p) || line.startsWith("fatal: ", p)) {
            p += 7;
            if (line.startsWith("PAM: ", p)) {
                p += 5;
            }
        }
        int end = line.length();
        while (end > p && line.charAt(end - 1) == ' ') {
            end--;
        }
        boolean preauth = false;
        if (line.startsWith(" [preauth]", end - 10) && end - 10 >= p) {
            preauth = true;
            end -= 10;
            while (end > p && line.charAt(end - 1) == ' ') {
                end--;
            }
        }
        String m = line.substring(p, end);
        return message(m, preauth, h.pid());
    }

    private Conn conn(long pid) {
        return conns.computeIfAbsent(pid, k -> new Conn());
    }

    private ServiceMatch message(String m, boolean preauth, long pid) {
        char c0 = m.isEmpty() ? ' ' : m.charAt(0);
        switch (c0) {
            case 'A' -> {
                if (m.startsWith("Accepted ")) {
                    return accepted(m, pid);
                }
                if (m.startsWith("Authentication ")) {
                    return authenticationFailure(m, pid);
                }
            }
            case 'a' -> {
                if (m.startsWith("authentication ")) {
                    return authenticationFailure(m, pid);
                }
            }
            case 'F' -> {
                if (m.startsWith("Failed ")) {
                    return failed(m, pid);
                }
            }
            case 'I' -> {
                if (m.startsWith("Invalid user ") || m.startsWith("Illegal user ")) {
                    return trailing(m, "Invalid user ".length(), EventKind.INVALID_USER, pid, true);
                }
            }
            case 'i' -> {
                if (m.startsWith("illegal user ")) {
                    return trailing(m, "illegal user ".length(), EventKind.INVALID_USER, pid, true);
                }
            }
            case 'U' -> {
                if (m.startsWith("User not known to the underlying authentication module for ")) {
                    return trailing(m, "User not known to the underlying authentication module for ".length(),
                            EventKind.INVALID_USER, pid, true);
                }
                if (m.startsWith("User ")) {
                    return userNotAllowed(m, pid);
                }
                if (m.startsWith("Unable to negotiate with ") && mode.extra()) {
                    return negotiate(m, pid);
                }
                if (m.startsWith("Unable to negotiate a ") && mode.extra()) {
                    return withoutHost(EventKind.PROTOCOL_ABUSE, null, pid);
                }
            }
            case 'R' -> {
                if (m.startsWith("ROOT LOGIN REFUSED")) {
                    int at = m.lastIndexOf(" FROM ");
                    if (at > 0) {
                        String host = hostAt(m, at + 6);
                        return host == null ? null : fail(EventKind.INVALID_USER, host, "ROOT", pid);
                    }
                }
                if (m.startsWith("Received disconnect from ")) {
                    return receivedDisconnect(m, pid);
                }
                if (m.startsWith("Read from socket failed: Connection reset by peer") && mode.ddos()) {
                    return withoutHost(EventKind.PROTOCOL_ABUSE, null, pid);
                }
            }
            case 'r' -> {
                if (m.startsWith("refused connect from ")) {
                    int open = m.lastIndexOf(" (");
                    if (open > 0 && m.endsWith(")")) {
                        String host = hostIn(m, open + 2, m.length() - 1);
                        return host == null ? null : fail(EventKind.INVALID_USER, host, null, pid);
                    }
                }
            }
            case 'p' -> {
                if (m.startsWith("pam_unix(sshd:auth): authentication failure;")) {
                    return pamFailure(m, pid);
                }
            }
            case 'm' -> {
                if (m.startsWith("maximum authentication attempts exceeded for ")) {
                    return trailing(m, "maximum authentication attempts exceeded for ".length(), EventKind.AUTH_FAILURE,
                            pid, true);
                }
            }
            case 'n' -> {
                if (m.startsWith("no matching ") && mode.extra()) {
                    return withoutHost(EventKind.PROTOCOL_ABUSE, null, pid);
                }
            }
            case 'D' -> {
                if (m.startsWith("Disconnecting: Too many authentication failures")) {
                    String user = m.startsWith(" for ", 47) ? m.substring(52) : null;
                    ServiceMatch r = withoutHost(EventKind.AUTH_FAILURE, user, pid);
                    if (r != null) {
                        conns.remove(pid);
                    }
                    return r;
                }
                if (m.startsWith("Disconnecting invalid user ") || m.startsWith("Disconnecting authenticating user ")) {
                    return disconnecting(m, pid);
                }
                if (m.startsWith("Did not receive identification string from ") && mode.ddos()) {
                    return trailing(m, 0, EventKind.PROTOCOL_ABUSE, pid, false);
                }
                if (m.startsWith("Disconnected from ")) {
                    return disconnected(m, preauth, pid);
                }
            }
            case 'B' -> {
                if (m.startsWith("Bad protocol version identification ") && mode.ddos()) {
                    int at = lastFromWithTail(m, 0);
                    return at < 0 ? null : fail(EventKind.PROTOCOL_ABUSE, hostAt(m, at + 6), null, pid);
                }
            }
            case 'b' -> {
                if (m.startsWith("banner exchange: Connection from ") && mode.ddos()) {
                    return connectionFromColon(m, 33, pid);
                }
            }
            case 's' -> {
                if (m.startsWith("ssh_dispatch_run_fatal: Connection from ") && mode.ddos()) {
                    return connectionFromColon(m, 40, pid);
                }
            }
            case 'k' -> {
                if (m.startsWith("kex_exchange_identification: ") && mode.ddos()) {
                    if (m.startsWith("banner line too long", 29)) {
                        return null;
                    }
                    return withoutHost(EventKind.PROTOCOL_ABUSE, null, pid);
                }
            }
            case 'T' -> {
                if (m.startsWith("Timeout before authentication for ") && mode.ddos()) {
                    int from = 34;
                    if (m.startsWith("connection from ", from)) {
                        from += 16;
                    }
                    int e = Scan.tokenEnd(m, from);
                    String host = hostIn(m, from, e);
                    return host == null ? null : fail(EventKind.PROTOCOL_ABUSE, host, null, pid);
                }
            }
            case 'C' -> {
                if (m.startsWith("Connection from ")) {
                    int e = Scan.tokenEnd(m, 16);
                    String host = hostIn(m, 16, e);
                    return host == null ? null : learnHost(host, pid);
                }
                if (m.startsWith("Connection closed by ") || m.startsWith("Connection reset by ")) {
                    return connectionClosed(m, preauth, pid);
                }
            }
            case 'S' -> {
                if (m.startsWith("SSH: Server;Ltype: ")) {
                    int r = m.indexOf(";Remote: ");
                    if (r > 0) {
                        int semi = Scan.indexOf(m, ';', r + 9, m.length());
                        int dash = m.lastIndexOf('-', semi);
                        String host = dash > r ? hostIn(m, r + 9, dash) : null;
                        return host == null ? null : learnHost(host, pid);
                    }
                }
            }
            default -> {
                return null;
            }
        }
        return null;
    }

    // --- the failures -------------------------------------------------------------------------------

    private ServiceMatch fail(EventKind kind, String host, String user, long pid) {
        if (host == null) {
            return null;
        }
        Conn c = conn(pid);
        c.host = host;
        c.pending = null;
        c.pendingUser = null;
        return new ServiceMatch(kind, host, user);
    }

    /** A failure whose line names no address: counted with the connection's address, or kept until known. */
    private ServiceMatch withoutHost(EventKind kind, String user, long pid) {
        Conn c = conn(pid);
        if (c.host != null) {
            c.pending = null;
            return new ServiceMatch(kind, c.host, user);
        }
        c.pending = kind;
        c.pendingUser = user;
        return null;
    }

    /** A line that names the client without being a failure: completes a pending failure. */
    private ServiceMatch learnHost(String host, long pid) {
        Conn c = conn(pid);
        c.host = host;
        if (c.pending != null) {
            EventKind k = c.pending;
            c.pending = null;
            return new ServiceMatch(k, host, c.pendingUser);
        }
        if (c.pamPending > 0) {
            c.pamPending = 0;
            return new ServiceMatch(EventKind.AUTH_FAILURE, host, c.pamUsers.iterator().next());
        }
        return null;
    }

    private ServiceMatch accepted(String m, long pid) {
        Conn c = conns.remove(pid);
        int forAt = m.indexOf(" for ");
        int fromAt = m.lastIndexOf(" from ");
        if (c == null || c.pamUsers.isEmpty() || forAt < 0 || fromAt < forAt) {
            return null;
        }
        String user = m.substring(forAt + 5, fromAt);
        if (c.pamUsers.contains(user)) {
            return null;
        }
        String host = hostAt(m, fromAt + 6);
        return host == null ? null : new ServiceMatch(EventKind.AUTH_FAILURE, host, user);
    }

    /** {@code [aA]uthentication (failure|error|failed) for USER from HOST[ via X]}. */
    private ServiceMatch authenticationFailure(String m, long pid) {
        int forAt = m.indexOf(" for ");
        if (forAt < 0) {
            return null;
        }
        String what = m.substring(15, forAt);
        if (!what.equals("failure") && !what.equals("error") && !what.equals("failed")) {
            return null;
        }
        int end = m.length();
        int via = m.lastIndexOf(" via ");
        if (via > forAt && Scan.tokenEnd(m, via + 5) == end) {
            end = via;
        }
        int fromAt = m.lastIndexOf(" from ", end);
        if (fromAt < forAt) {
            return null;
        }
        String host = hostIn(m, fromAt + 6, end);
        return host == null ? null : fail(EventKind.AUTH_FAILURE, host, m.substring(forAt + 5, fromAt), pid);
    }

    /** {@code Failed METHOD for [invalid user ]USER from HOST[ port N][ ssh2][: INFO]}. */
    private ServiceMatch failed(String m, long pid) {
        int methodEnd = Scan.tokenEnd(m, 7);
        if (!m.startsWith(" for ", methodEnd)) {
            return null;
        }
        String method = m.substring(7, methodEnd);
        int userStart = methodEnd + 5;
        boolean invalid = m.startsWith("invalid user ", userStart);
        if (invalid) {
            userStart += 13;
        }
        int chosen = -1;
        int lastEnd = -1;
        int at = m.indexOf(" from ", Math.max(userStart - 1, 0));
        while (at >= 0) {
            int tail = tail(m, at + 6);
            if (tail == TAIL_COLON && at >= userStart && Scan.tokenEnd(m, userStart) == at) {
                chosen = at;
                break;
            }
            if (tail == TAIL_END) {
                lastEnd = at;
            }
            at = m.indexOf(" from ", at + 1);
        }
        if (chosen < 0) {
            chosen = lastEnd;
        }
        if (chosen < 0) {
            return null;
        }
        String host = hostAt(m, chosen + 6);
        String user = chosen >= userStart ? m.substring(userStart, chosen) : "";
        if (method.equals("publickey") && !invalid) {
            // a valid user's rejected key: clients offer several; counted only if the connection fails
            Conn c = conn(pid);
            c.host = host;
            return null;
        }
        return fail(invalid ? EventKind.INVALID_USER : EventKind.AUTH_FAILURE, host, user, pid);
    }

    /**
     * Messages ending {@code from HOST[ port N]}: the last {@code from} followed only by sshd's tail.
     * {@code skip} is where the user part starts.
     */
    private ServiceMatch trailing(String m, int skip, EventKind kind, long pid, boolean hasUser) {
        int at = lastFromWithTail(m, Math.max(skip - 1, 0));
        if (at < 0) {
            return null;
        }
        String host = hostAt(m, at + 6);
        String user = null;
        if (hasUser) {
            int us = Math.min(skip, at);
            user = m.substring(us, at);
            if (user.startsWith("invalid user ")) {
                user = user.substring(13);
            }
        }
        return fail(kind, host, user, pid);
    }

    private ServiceMatch userNotAllowed(String m, long pid) {
        int because = m.indexOf(" not allowed because ");
        if (because < 0) {
            return null;
        }
        // the reason is sshd's own text after the last " not allowed because "
        because = m.lastIndexOf(" not allowed because ");
        String reason = m.substring(because + 21);
        int fromAt = m.lastIndexOf(" from ", because);
        if (reason.equals("account is locked")) {
            return withoutHost(EventKind.INVALID_USER, m.substring(5, because), pid);
        }
        if (fromAt < 5 || !(reason.equals("not listed in AllowUsers") || reason.equals("listed in DenyUsers")
                || reason.equals("not in any group") || reason.equals("a group is listed in DenyGroups")
                || reason.equals("none of user's groups are listed in AllowGroups"))) {
            return null;
        }
        String host = hostIn(m, fromAt + 6, because);
        return host == null ? null : fail(EventKind.INVALID_USER, host, m.substring(5, fromAt), pid);
    }

    private ServiceMatch receivedDisconnect(String m, long pid) {
        int hs = 25;
        int colon = m.indexOf(": ", hs);
        int port = m.indexOf(" port ", hs);
        int hostEnd;
        int codeStart;
        if (port > 0 && (colon < 0 || port < colon)) {
            hostEnd = port;
            int pe = port + 6;
            while (pe < m.length() && Character.isDigit(m.charAt(pe))) {
                pe++;
            }
            if (pe >= m.length() || m.charAt(pe) != ':') {
                return null;
            }
            codeStart = pe + 1;
        } else if (colon > 0) {
            hostEnd = colon;
            codeStart = colon + 1;
        } else {
            return null;
        }
        String host = hostIn(m, hs, hostEnd);
        if (host == null) {
            return null;
        }
        while (codeStart < m.length() && m.charAt(codeStart) == ' ') {
            codeStart++;
        }
        int codeEnd = Scan.indexOf(m, ':', codeStart, m.length());
        long code = Scan.number(m, codeStart, codeEnd);
        String rest = codeEnd + 1 < m.length() ? m.substring(codeEnd + 1).trim() : "";
        if (code == 3 && rest.endsWith(": Auth fail")) {
            ServiceMatch r = fail(EventKind.AUTH_FAILURE, host, null, pid);
            conns.remove(pid);
            return r;
        }
        if (code == 14 && mode.extra() && (rest.equals("No supported authentication methods available")
                || rest.equals("No authentication methods available"))) {
            ServiceMatch r = fail(EventKind.PROTOCOL_ABUSE, host, null, pid);
            conns.remove(pid);
            return r;
        }
        ServiceMatch r = learnHost(host, pid);
        conns.remove(pid);
        return r;
    }

    private ServiceMatch pamFailure(String m, long pid) {
        int rhost = m.indexOf(" rhost=");
        if (rhost < 0) {
            return null;
        }
        int he = Scan.tokenEnd(m, rhost + 7);
        String host = hostIn(m, rhost + 7, he);
        if (host == null) {
            return null;
        }
        int ruser = m.lastIndexOf(" ruser=", rhost);
        String user = ruser < 0 ? "" : m.substring(ruser + 7, rhost);
        if (user.isEmpty()) {
            int u = m.indexOf(" user=", he);
            if (u > 0) {
                user = m.substring(u + 6, Scan.tokenEnd(m, u + 6));
            }
        }
        Conn c = conn(pid);
        c.host = host;
        boolean other = !c.pamUsers.isEmpty() && !c.pamUsers.contains(user);
        c.pamUsers.add(user);
        if (other) {
            c.pamPending = 0;
            return new ServiceMatch(EventKind.AUTH_FAILURE, host, user);
        }
        c.pamPending++;
        return null;
    }

    private ServiceMatch disconnecting(String m, long pid) {
        // Disconnecting (invalid|authenticating) user USER HOST port N: REASON (the first " port N: ")
        int port = m.indexOf(" port ");
        int colon = -1;
        while (port > 0) {
            int j = port + 6;
            while (j < m.length() && Character.isDigit(m.charAt(j))) {
                j++;
            }
            if (j > port + 6 && m.startsWith(": ", j)) {
                colon = j;
                break;
            }
            port = m.indexOf(" port ", port + 1);
        }
        if (colon < 0) {
            return null;
        }
        int hostStart = m.lastIndexOf(' ', port - 1) + 1;
        String host = hostIn(m, hostStart, port);
        String reason = m.substring(colon + 2);
        if (host == null || !reason.startsWith("Change of username or service not allowed")) {
            return null;
        }
        int us = m.indexOf(" user ") + 6;
        return fail(EventKind.INVALID_USER, host, us <= hostStart - 1 ? m.substring(us, hostStart - 1) : "", pid);
    }

    private ServiceMatch disconnected(String m, boolean preauth, long pid) {
        // Disconnected from [authenticating|invalid] user USER HOST port N / Disconnected from HOST port N
        String rest = m.substring(18);
        boolean authenticating = rest.startsWith("authenticating user ") || rest.startsWith("invalid user ");
        if (rest.startsWith("user ") || !preauth) {
            return null;
        }
        int port = m.lastIndexOf(" port ");
        int hostEnd = port > 0 && Scan.number(m, port + 6, m.length()) >= 0 ? port : m.length();
        int hostStart = m.lastIndexOf(' ', hostEnd - 1) + 1;
        String host = hostIn(m, hostStart, hostEnd);
        if (host == null) {
            return null;
        }
        boolean counts = authenticating ? mode.extra() : mode.ddos();
        if (!counts) {
            return learnHost(host, pid);
        }
        return fail(EventKind.PROTOCOL_ABUSE, host, null, pid);
    }

    private ServiceMatch connectionClosed(String m, boolean preauth, long pid) {
        int by = m.indexOf(" by ") + 4;
        boolean withUser = m.startsWith("authenticating user ", by) || m.startsWith("invalid user ", by);
        int port = m.lastIndexOf(" port ");
        int hostEnd = port > by && Scan.number(m, port + 6, m.length()) >= 0 ? port : m.length();
        int hostStart = withUser ? m.lastIndexOf(' ', hostEnd - 1) + 1 : by;
        String host = hostIn(m, hostStart, hostEnd);
        if (host == null) {
            return null;
        }
        String user = null;
        if (withUser) {
            int us = m.indexOf(" user ", by) + 6;
            user = us <= hostStart - 1 ? m.substring(us, hostStart - 1) : "";
        }
        ServiceMatch r;
        if (preauth && mode.ddos()) {
            r = fail(EventKind.PROTOCOL_ABUSE, host, user, pid);
        } else {
            r = learnHost(host, pid);
        }
        conns.remove(pid);
        return r;
    }

    private ServiceMatch negotiate(String m, long pid) {
        int colon = m.indexOf(": no matching ");
        if (colon < 0) {
            return null;
        }
        int port = m.lastIndexOf(" port ", colon);
        int hostEnd = port > 25 ? port : colon;
        String host = hostIn(m, 25, hostEnd);
        return host == null ? null : fail(EventKind.PROTOCOL_ABUSE, host, null, pid);
    }

    private ServiceMatch connectionFromColon(String m, int from, long pid) {
        int port = m.indexOf(" port ", from);
        if (port < 0) {
            return null;
        }
        String host = hostIn(m, from, port);
        return host == null ? null : fail(EventKind.PROTOCOL_ABUSE, host, null, pid);
    }
}
