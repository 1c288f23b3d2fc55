package dev.rampart.monitor.parse;

/**
 * TCP flag bits as the kernel's LOG target names them ({@code CWR ECE URG ACK PSH RST SYN FIN}), with the
 * wire bit values, so a record's {@code tcpFlags} can be compared with header bytes.
 */
public final class TcpFlags {
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;
    public static final int ECE = 0x40;
    public static final int CWR = 0x80;

    private static final String[] NAMES = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"};

    private TcpFlags() {
    }

    /** The bit of the flag word {@code s[from, to)} or 0 when it is not a flag name. */
    static int bit(String s, int from, int to) {
        int n = to - from;
        if (n != 3) {
            return 0;
        }
        for (int i = 0; i < NAMES.length; i++) {
            if (s.regionMatches(from, NAMES[i], 0, 3)) {
                return 1 << i;
            }
        }
        return 0;
    }

    /** The flag names of {@code flags} in the kernel's order, space separated ({@code "URG PSH FIN"}). */
    public static String names(int flags) {
        StringBuilder sb = new StringBuilder();
        for (int i = NAMES.length - 1; i >= 0; i--) {
            if ((flags & (1 << i)) != 0) {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(NAMES[i]);
            }
        }
        return sb.toString();
    }
}
