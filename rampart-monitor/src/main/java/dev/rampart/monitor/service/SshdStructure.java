package dev.rampart.monitor.service;

import dev.rampart.monitor.parse.Scan;

/**
 * The fixed structure sshd writes after an address — {@code [ port N][ on ADDR[ port N]][ ssh2]} and then the
 * end of the message or {@code ": "} before the auth-info — which is how {@link SshdParser} tells the address
 * sshd wrote from addresses an attacker typed into a user name or identification string. An address is a
 * single token of address or DNS-name characters.
 */
final class SshdStructure {
    /** What follows an address and sshd's tail: something else, the end of the message, or {@code ": "}. */
    static final int TAIL_OTHER = 0;
    static final int TAIL_END = 1;
    static final int TAIL_COLON = 2;

    private SshdStructure() {
    }

    /** The last {@code " from "} at or after {@code from} whose address ends the line (after sshd's tail). */
    static int lastFromWithTail(String m, int from) {
        int at = m.lastIndexOf(" from ");
        while (at >= from && at >= 0) {
            if (tail(m, at + 6) == TAIL_END) {
                return at;
            }
            at = m.lastIndexOf(" from ", at - 1);
        }
        return -1;
    }

    /**
     * What follows the address at {@code i} after sshd's own tail {@code [ port N][ on ADDR[ port N]][ ssh\d*]}:
     * the end of the message, {@code ": "} (auth-info) or anything else.
     */
    static int tail(String m, int i) {
        int n = m.length();
        int e = Scan.tokenEnd(m, i);
        if (!Scan.hostToken(m, i, e)) {
            return TAIL_OTHER;
        }
        i = e;
        i = skipPort(m, i);
        if (m.startsWith(" on ", i)) {
            int oe = Scan.tokenEnd(m, i + 4);
            if (oe == i + 4) {
                return TAIL_OTHER;
            }
            i = skipPort(m, oe);
        }
        if (m.startsWith(" ssh", i)) {
            int j = i + 4;
            while (j < n && Character.isDigit(m.charAt(j))) {
                j++;
            }
            if (j == n || m.charAt(j) == ' ' || m.charAt(j) == ':') {
                i = j;
            }
        }
        if (i == n) {
            return TAIL_END;
        }
        if (m.startsWith(": ", i)) {
            return TAIL_COLON;
        }
        return TAIL_OTHER;
    }

    private static int skipPort(String m, int i) {
        if (m.startsWith(" port ", i)) {
            int j = i + 6;
            int d = j;
            while (j < m.length() && Character.isDigit(m.charAt(j))) {
                j++;
            }
            if (j > d) {
                return j;
            }
        }
        return i;
    }

    static String hostAt(String m, int i) {
        return hostIn(m, i, Scan.tokenEnd(m, i));
    }

    static String hostIn(String m, int from, int to) {
        if (to > from && m.charAt(to - 1) == ':' && m.indexOf(':', from) == to - 1) {
            to--;
        }
        if (!Scan.hostToken(m, from, to)) {
            return null;
        }
        return Scan.unmapped(m.substring(from, to));
    }
}
