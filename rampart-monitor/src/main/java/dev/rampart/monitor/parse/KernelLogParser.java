package dev.rampart.monitor.parse;

import dev.rampart.model.net.IpAddress;
import java.time.Instant;

/**
 * Reads the packet lines of the kernel's {@code LOG} target ({@code nf_log_syslog.c}) in every form they
 * reach a log file: behind a classic or RFC 3339 syslog stamp with {@code kernel:} and the monotonic
 * {@code [ 1234.5678]} stamp, as a bare journal message, with any {@code --log-prefix} (with or without a
 * trailing space, glued to {@code IN=} as Shorewall's {@code Shorewall:net2fw:DROP:IN=}), IPv4 and IPv6
 * (addresses in the kernel's full uncompressed form or compressed), TCP/UDP/ICMP/ICMPv6 and bare protocol
 * numbers, {@code --log-tcp-options}/{@code --log-ip-options} groups and ICMP errors with the offending
 * packet in brackets (skipped). Userspace NFLOG loggers that print the same {@code KEY=value} list
 * (ulogd, Proxmox's pve-firewall) are read too.
 *
 * <p>Design: one left-to-right pass over the line, no regular expressions and no per-field substrings (text
 * fields that repeat from line to line — interfaces, MAC header, prefix — come from a small string cache);
 * keys are dispatched on their length and first letter. After
 * {@code PROTO=} the transport keys follow, so the second {@code LEN=} (UDP length) and {@code ID=} (ICMP
 * echo id) do not overwrite the IP header's. A line without {@code IN=} and {@code SRC=} is not a packet
 * line and yields null. Not thread-safe (it holds a {@link SyslogHeaderParser} with its time cache).
 */
public final class KernelLogParser {
    private final SyslogHeaderParser headers;
    private final StringCache strings = new StringCache();
    /** The values of the previous line: most lines of a log repeat them exactly. */
    private String lastIn;
    private String lastOut;
    private String lastMac;
    private String lastPrefix;

    public KernelLogParser(SyslogHeaderParser headers) {
        this.headers = headers;
    }

    /** Whether {@code line} looks like a packet line (cheap pre-check: {@code IN=} and {@code SRC=} present). */
    public static boolean looksLikePacket(String line) {
        return findIn(line) >= 0 && line.indexOf("SRC=") > 0;
    }

    /** The packet of {@code line}, or null when the line is not a kernel packet line. */
    public KernelLogRecord parse(String line) {
        int in = findIn(line);
        if (in < 0) {
            return null;
        }
        SyslogHeader h = headers.parse(line);
        int msg = Math.min(h.messageStart(), in);
        if (h.program() != null && h.program().equals("kernel") && msg < in && line.charAt(msg) == '[') {
            int close = Scan.indexOf(line, ']', msg, in);
            if (close < in && monotonicStamp(line, msg + 1, close)) {
                msg = close + 1;
            }
        }
        return fields(line, in, h.time(), h.host(), prefix(line, msg, in));
    }

    /** Whether {@code s[from, to)} is the kernel's {@code [ 1234.567890]} stamp (not a prefix like {@code [UFW BLOCK]}). */
    /**
     * The packet of a journal entry's {@code MESSAGE} (no header: journald keeps time, host and
     * identifier in their own fields), stamped with {@code time} and {@code host}; null when the message
     * is not a packet line.
     */
    public KernelLogRecord parseMessage(String message, java.time.Instant time, String host) {
        int in = findIn(message);
        if (in < 0) {
            return null;
        }
        return fields(message, in, time, host, prefix(message, 0, in));
    }

    private static boolean monotonicStamp(String s, int from, int to) {
        boolean digit = false;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c != ' ' && c != '.') {
                return false;
            }
        }
        return digit;
    }

    private String prefix(String line, int from, int to) {
        while (from < to && line.charAt(from) == ' ') {
            from++;
        }
        while (to > from && line.charAt(to - 1) == ' ') {
            to--;
        }
        lastPrefix = reuse(lastPrefix, line, from, to);
        return lastPrefix;
    }

    /** {@code last} when {@code s[from, to)} is the same text, else the cached string of the range. */
    private String reuse(String last, String s, int from, int to) {
        int len = to - from;
        if (last != null && last.length() == len && s.regionMatches(from, last, 0, len)) {
            return last;
        }
        return strings.get(s, from, to);
    }

    /** Index of the {@code IN=} key: at the start, after a space or after the ':' of a glued prefix. */
    static int findIn(String line) {
        int i = line.indexOf("IN=");
        while (i >= 0) {
            if (i == 0) {
                return i;
            }
            char c = line.charAt(i - 1);
            if (c == ' ' || c == ':') {
                return i;
            }
            i = line.indexOf("IN=", i + 3);
        }
        return -1;
    }

    private KernelLogRecord fields(String s, int start, Instant time, String host, String prefix) {
        int n = s.length();
        String inIf = null;
        String outIf = null;
        String physIn = null;
        String physOut = null;
        String mac = null;
        IpAddress src = null;
        IpAddress dst = null;
        int len = -1;
        int tos = -1;
        int ttl = -1;
        int id = -1;
        boolean df = false;
        int proto = -1;
        int spt = -1;
        int dpt = -1;
        int window = -1;
        int flags = 0;
        int icmpType = -1;
        int icmpCode = -1;
        long mark = -1;
        boolean transport = false;
        int i = start;
        while (i < n) {
            char c = s.charAt(i);
            if (c == ' ') {
                i++;
                continue;
            }
            if (c == '[') {
                break; // the offending packet of an ICMP error
            }
            if (c == '(') {
                int close = Scan.indexOf(s, ')', i, n);
                i = close + 1;
                continue;
            }
            int end = i;
            int eq = -1;
            while (end < n) {
                char ch = s.charAt(end);
                if (ch == ' ') {
                    break;
                }
                if (ch == '=' && eq < 0) {
                    eq = end;
                }
                end++;
            }
            if (eq < 0) {
                eq = end;
            }
            if (eq == end) {
                if (transport && proto == KernelLogRecord.PROTO_TCP) {
                    flags |= TcpFlags.bit(s, i, end);
                } else if (end - i == 2 && s.charAt(i) == 'D' && s.charAt(i + 1) == 'F') {
                    df = true;
                }
                i = end;
                continue;
            }
            int k = eq - i;
            int v = eq + 1;
            switch (k) {
                case 2 -> {
                    if (s.charAt(i) == 'I' && s.charAt(i + 1) == 'N' && inIf == null) {
                        inIf = lastIn = reuse(lastIn, s, v, end);
                    } else if (s.charAt(i) == 'I' && s.charAt(i + 1) == 'D' && !transport) {
                        id = (int) Scan.number(s, v, end);
                    } else if (s.charAt(i) == 'T' && s.charAt(i + 1) == 'C') {
                        tos = (int) Scan.number(s, v, end);
                    }
                }
                case 3 -> {
                    char a = s.charAt(i);
                    if (a == 'O' && s.startsWith("OUT", i)) {
                        outIf = lastOut = reuse(lastOut, s, v, end);
                    } else if (a == 'M' && s.startsWith("MAC", i)) {
                        mac = v == end ? null : (lastMac = reuse(lastMac, s, v, end));
                    } else if (a == 'S' && s.startsWith("SRC", i)) {
                        src = Scan.address(s, v, end);
                    } else if (a == 'D' && s.startsWith("DST", i)) {
                        dst = Scan.address(s, v, end);
                    } else if (a == 'L' && s.startsWith("LEN", i) && !transport) {
                        len = (int) Scan.number(s, v, end);
                    } else if (a == 'T' && s.startsWith("TOS", i)) {
                        tos = (int) Scan.hex(s, v, end);
                    } else if (a == 'T' && s.startsWith("TTL", i)) {
                        ttl = (int) Scan.number(s, v, end);
                    } else if (a == 'S' && s.startsWith("SPT", i)) {
                        spt = (int) Scan.number(s, v, end);
                    } else if (a == 'D' && s.startsWith("DPT", i)) {
                        dpt = (int) Scan.number(s, v, end);
                    }
                }
                case 4 -> {
                    char a = s.charAt(i);
                    if (a == 'T' && s.startsWith("TYPE", i)) {
                        icmpType = (int) Scan.number(s, v, end);
                    } else if (a == 'C' && s.startsWith("CODE", i)) {
                        icmpCode = (int) Scan.number(s, v, end);
                    } else if (a == 'M' && s.startsWith("MARK", i)) {
                        mark = Scan.hex(s, v, end);
                    }
                }
                case 5 -> {
                    if (s.startsWith("PROTO", i)) {
                        proto = protocol(s, v, end);
                        transport = true;
                    }
                }
                case 6 -> {
                    if (s.startsWith("WINDOW", i)) {
                        window = (int) Scan.number(s, v, end);
                    } else if (s.startsWith("PHYSIN", i)) {
                        physIn = strings.get(s, v, end);
                    }
                }
                case 7 -> {
                    if (s.startsWith("PHYSOUT", i)) {
                        physOut = strings.get(s, v, end);
                    }
                }
                case 8 -> {
                    if (s.startsWith("HOPLIMIT", i)) {
                        ttl = (int) Scan.number(s, v, end);
                    }
                }
                default -> {
                    // PREC, FLOWLBL, RES, URGP, SEQ, ACK, UID, GID, ...: not part of the record
                }
            }
            i = end;
        }
        if (inIf == null || src == null || dst == null) {
            return null;
        }
        return new KernelLogRecord(time, host, prefix, inIf, outIf, physIn, physOut, mac, src, dst, len, tos, ttl,
                id, df, proto, spt, dpt, window, flags, icmpType, icmpCode, mark);
    }

    private static int protocol(String s, int from, int to) {
        int n = to - from;
        if (n == 3 && s.startsWith("TCP", from)) {
            return KernelLogRecord.PROTO_TCP;
        }
        if (n == 3 && s.startsWith("UDP", from)) {
            return KernelLogRecord.PROTO_UDP;
        }
        if (n == 4 && s.startsWith("ICMP", from)) {
            return KernelLogRecord.PROTO_ICMP;
        }
        if (n == 6 && s.startsWith("ICMPv6", from)) {
            return KernelLogRecord.PROTO_ICMPV6;
        }
        if (n == 7 && s.startsWith("UDPLITE", from)) {
            return KernelLogRecord.PROTO_UDPLITE;
        }
        if (n == 4 && s.startsWith("SCTP", from)) {
            return KernelLogRecord.PROTO_SCTP;
        }
        return (int) Scan.number(s, from, to);
    }
}
