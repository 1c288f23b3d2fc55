package dev.rampart.monitor.service;

import dev.rampart.monitor.event.EventKind;
import dev.rampart.monitor.parse.Scan;
import dev.rampart.monitor.parse.SyslogHeader;
import java.util.Locale;

/**
 * Postfix's SMTP abuse, as fail2ban's {@code postfix} filter reads it, per mode: {@link Mode#NORMAL}
 * (rejected transactions: {@code NOQUEUE: reject: RCPT from name[ADDR]: 554 5.7.1 ...}, improper command
 * pipelining, too many errors), {@link Mode#RBL} (clients blocked by a DNS block list), {@link Mode#AUTH}
 * (SASL authentication failures), {@link Mode#ERRORS} (too many errors only), {@link Mode#DDOS} (lost
 * connections, {@code disconnect ... auth=0/N}, postscreen PREGREET/HANGUP/COMMAND LIMIT, rate limits),
 * {@link Mode#AGGRESSIVE} (all of them, plus SASL "invalid mechanism" and names that do not resolve back).
 *
 * <p>The address is the one Postfix writes in brackets after the client name it verified
 * ({@code name[ADDR]}); Postfix only prints a verified DNS name or {@code unknown} there, so the first
 * {@code [} after {@code from} is the address's.
 */
public final class PostfixParser implements ServiceParser {

    /** fail2ban's modes of the postfix filter. */
    public enum Mode { NORMAL, RBL, AUTH, ERRORS, DDOS, AGGRESSIVE }

    private final Mode mode;

    public PostfixParser(Mode mode) {
        this.mode = mode;
    }

    /** The mode named {@code name} (fail2ban's spelling; null or unknown: normal). */
    public static Mode mode(String name) {
        if (name == null) {
            return Mode.NORMAL;
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "rbl" -> Mode.RBL;
            case "auth" -> Mode.AUTH;
            case "errors" -> Mode.ERRORS;
            case "ddos" -> Mode.DDOS;
            case "aggressive" -> Mode.AGGRESSIVE;
            default -> Mode.NORMAL;
        };
    }

    @Override
    public String service() {
        return "postfix";
    }

    @Override
    public boolean accepts(String line, SyslogHeader h) {
        String p = h.program();
        return p != null && p.startsWith("postfix") && p.indexOf('/') > 0;
    }

    @Override
    public ServiceMatch parse(String line, SyslogHeader h) {
        String m = line.substring(h.messageStart());
        boolean normal = mode == Mode.NORMAL || mode == Mode.AGGRESSIVE;
        boolean ddos = mode == Mode.DDOS || mode == Mode.AGGRESSIVE;
        // "<queue id>: reject: VERB from name[ADDR]: CODE ..." / "... milter-reject: ..."
        int sp = m.indexOf(' ');
        if (sp > 0 && m.charAt(sp - 1) == ':' && (m.startsWith("reject: ", sp + 1) || m.startsWith("milter-reject: ", sp + 1))) {
            int from = m.indexOf(" from ", sp);
            String host = bracketed(m, from);
            if (host == null) {
                return null;
            }
            boolean rbl = m.contains(" blocked using ") || m.contains("] blocked using ");
            if (normal || (mode == Mode.RBL && rbl)) {
                return new ServiceMatch(EventKind.MAIL_REJECT, host, null);
            }
            return null;
        }
        if (m.startsWith("improper command pipelining after ") && normal) {
            return match(EventKind.MAIL_REJECT, m, m.indexOf(" from "));
        }
        if (m.startsWith("too many errors after ") && (normal || mode == Mode.ERRORS)) {
            return match(EventKind.MAIL_REJECT, m, m.indexOf(" from "));
        }
        if (m.startsWith("warning: ")) {
            return warning(m);
        }
        if (!ddos) {
            return null;
        }
        if (m.startsWith("NOQUEUE: lost connection after ")) {
            m = m.substring(9);
        }
        if (m.startsWith("lost connection after ")) {
            int verbEnd = Scan.tokenEnd(m, 22);
            String verb = m.substring(22, verbEnd);
            if (verb.equals("DATA") || verb.equals("AUTH")) {
                return null; // lawful aborts, or counted by the disconnect line that follows
            }
            return match(EventKind.PROTOCOL_ABUSE, m, m.indexOf(" from "));
        }
        if (m.startsWith("disconnect from ")) {
            int auth = m.indexOf(" auth=0/");
            if (auth > 0 && Scan.number(m, auth + 8, Scan.tokenEnd(m, auth + 8)) > 0) {
                return match(EventKind.AUTH_FAILURE, m, 10);
            }
            return null;
        }
        if (m.startsWith("PREGREET ") || m.startsWith("HANGUP after ") || m.startsWith("COMMAND TIME LIMIT from ")
                || m.startsWith("COMMAND COUNT LIMIT from ") || m.startsWith("COMMAND LENGTH LIMIT from ")) {
            return match(EventKind.PROTOCOL_ABUSE, m, m.indexOf(" from "));
        }
        return null;
    }

    private ServiceMatch warning(String m) {
        boolean ddos = mode == Mode.DDOS || mode == Mode.AGGRESSIVE;
        if ((m.startsWith("warning: Connection rate limit exceeded: ")
                || m.startsWith("warning: Message delivery request rate limit exceeded: ")) && ddos) {
            return match(EventKind.PROTOCOL_ABUSE, m, m.indexOf(" from "));
        }
        if (m.startsWith("warning: hostname ") && mode == Mode.AGGRESSIVE) {
            int at = m.indexOf(" does not resolve to address ");
            if (at > 0) {
                int s = at + 29;
                int e = s;
                while (e < m.length() && Scan.addressChar(m.charAt(e))) {
                    e++;
                }
                if (e > s && m.charAt(e - 1) == ':') {
                    e--;
                }
                return Scan.address(m, s, e) == null ? null
                        : new ServiceMatch(EventKind.PROTOCOL_ABUSE, m.substring(s, e), null);
            }
            return null;
        }
        if (mode != Mode.AUTH && mode != Mode.AGGRESSIVE) {
            return null;
        }
        // warning: name[ADDR][:port]: SASL MECH authentication failed: reason
        int open = m.indexOf('[');
        int sasl = m.indexOf(": SASL ");
        if (open < 0 || sasl < open) {
            return null;
        }
        String host = bracketed(m, 8);
        int failed = m.indexOf(" authentication failed:", sasl);
        if (host == null || failed < 0) {
            return null;
        }
        String mech = m.substring(sasl + 7, failed).toUpperCase(Locale.ROOT);
        if (!(mech.equals("LOGIN") || mech.equals("PLAIN") || mech.equals("CRAM-MD5") || mech.equals("DIGEST-MD5"))) {
            return null;
        }
        String reason = m.substring(failed + 23);
        if (reason.startsWith(" Connection lost to authentication server")) {
            return null;
        }
        if (reason.startsWith(" Invalid authentication mechanism") && mode != Mode.AGGRESSIVE) {
            return null;
        }
        int u = reason.lastIndexOf(", sasl_username=");
        return new ServiceMatch(EventKind.AUTH_FAILURE, host, u >= 0 ? reason.substring(u + 16) : null);
    }

    private static ServiceMatch match(EventKind kind, String m, int from) {
        String host = bracketed(m, from);
        return host == null ? null : new ServiceMatch(kind, host, null);
    }

    /** The address in the first {@code [...]} after {@code from}. */
    private static String bracketed(String m, int from) {
        if (from < 0) {
            return null;
        }
        int open = m.indexOf('[', from);
        int close = open < 0 ? -1 : m.indexOf(']', open);
        if (close < 0 || Scan.address(m, open + 1, close) == null) {
            return null;
        }
        return Scan.unmapped(m.substring(open + 1, close));
    }
}
