package dev.rampart.monitor.parse;

import java.time.Instant;

/**
 * Reads the header of a log line in the forms syslog daemons and journald write:
 * <ul>
 *   <li>classic BSD syslog: {@code Mar 11 20:35:11 host prog[pid]: msg} (day space-padded or not, the host
 *       may be missing: {@code Nov 23 21:50:19 sshd[8148]: msg});</li>
 *   <li>rsyslog's RFC 3339 stamp: {@code 2015-03-07T05:09:30.045015+02:00 host prog[pid]: msg}, and
 *       {@code journalctl -o short-iso}'s {@code 2026-11-21T10:00:01+0100};</li>
 *   <li>{@code 2013-08-11 03:56:40 prog: msg} (local time);</li>
 *   <li>RFC 5424: {@code <38>1 2019-07-08T17:40:16.954167-04:00 host app procid msgid [sd] msg};</li>
 *   <li>daemontools' TAI64N label: {@code @400000004c91b044077a9e94 prog: msg};</li>
 *   <li>no stamp at all, as {@code journalctl -o short} without its stamp or a journal message:
 *       {@code host prog[pid]: msg}.</li>
 * </ul>
 * The program part is {@code name[pid]:}, {@code name:}, {@code [name]:} or {@code [name]}. A line whose
 * header cannot be read yields a header with {@code messageStart = 0} and no program, so parsers that
 * need no header (the kernel LOG parser) still see the whole line.
 */
public final class SyslogHeaderParser {
    private final TimeResolver time;
    private final StringCache strings = new StringCache();

    public SyslogHeaderParser(TimeResolver time) {
        this.time = time;
    }

    public TimeResolver timeResolver() {
        return time;
    }

    /** The header of {@code line}; never null. */
    public SyslogHeader parse(String line) {
        int n = line.length();
        int[] end = new int[1];
        Instant t = null;
        int rest = 0;
        if (n >= 15 && Scan.month(line, 0) != 0 && line.charAt(3) == ' ') {
            t = classic(line, end);
            if (t != null) {
                rest = end[0];
            }
        } else if (n >= 19 && isDigit(line, 0) && line.charAt(4) == '-' && line.charAt(7) == '-'
                && (line.charAt(10) == 'T' || line.charAt(10) == ' ')) {
            t = iso(line, 0, end);
            if (t != null) {
                rest = end[0];
            }
        } else if (n > 4 && line.charAt(0) == '<') {
            return rfc5424(line);
        } else if (n > 25 && line.charAt(0) == '@' && line.charAt(25) == ' ') {
            long label = Scan.hex(line, 1, 17);
            if (label > 0) {
                t = Instant.ofEpochSecond(label - 0x4000000000000000L);
                rest = 26;
            }
        }
        return programPart(line, rest, t);
    }

    /** {@code Mmm [ ]d HH:MM:SS[.frac] } at 0; sets end[0] to the first character after the stamp's space. */
    private Instant classic(String s, int[] end) {
        int month = Scan.month(s, 0);
        int i = 4;
        if (s.charAt(i) == ' ') {
            i++;
        }
        int dayStart = i;
        while (i < s.length() && isDigit(s, i)) {
            i++;
        }
        if (i == dayStart || i - dayStart > 2 || i + 9 > s.length() || s.charAt(i) != ' ') {
            return null;
        }
        int day = (int) Scan.number(s, dayStart, i);
        i++;
        if (!clock(s, i)) {
            return null;
        }
        int hh = two(s, i);
        int mm = two(s, i + 3);
        int ss = two(s, i + 6);
        i += 8;
        int nanos = 0;
        if (i < s.length() && s.charAt(i) == '.') {
            int f = i + 1;
            i = f;
            while (i < s.length() && isDigit(s, i)) {
                i++;
            }
            nanos = nanos(s, f, i);
        }
        if (i < s.length() && s.charAt(i) != ' ') {
            return null;
        }
        end[0] = Math.min(i + 1, s.length());
        return time.yearless(month, day, hh, mm, ss, nanos);
    }

    /** {@code YYYY-MM-DD[T ]HH:MM:SS[.frac][Z|+hh:mm]} at {@code at}. */
    private Instant iso(String s, int at, int[] end) {
        int year = (int) Scan.number(s, at, at + 4);
        int month = (int) Scan.number(s, at + 5, at + 7);
        int day = (int) Scan.number(s, at + 8, at + 10);
        int i = at + 11;
        if (year < 0 || month < 0 || day < 0 || i + 8 > s.length() || !clock(s, i)) {
            return null;
        }
        int hh = two(s, i);
        int mm = two(s, i + 3);
        int ss = two(s, i + 6);
        i += 8;
        int nanos = 0;
        if (i < s.length() && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
            int f = i + 1;
            i = f;
            while (i < s.length() && isDigit(s, i)) {
                i++;
            }
            nanos = nanos(s, f, i);
        }
        Instant t;
        if (i < s.length() && s.charAt(i) == 'Z') {
            t = TimeResolver.offset(year, month, day, hh, mm, ss, nanos, 0);
            i++;
        } else if (i + 6 <= s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
            int oh = two(s, i + 1);
            int om = two(s, i + 4);
            int sign = s.charAt(i) == '-' ? -1 : 1;
            t = TimeResolver.offset(year, month, day, hh, mm, ss, nanos, sign * (oh * 3600 + om * 60));
            i += 6;
        } else if (i + 5 <= s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-') && Scan.number(s, i + 1, i + 5) >= 0
                && (i + 5 == s.length() || s.charAt(i + 5) == ' ')) {
            // journalctl -o short-iso writes +hhmm
            int oh = two(s, i + 1);
            int om = two(s, i + 3);
            int sign = s.charAt(i) == '-' ? -1 : 1;
            t = TimeResolver.offset(year, month, day, hh, mm, ss, nanos, sign * (oh * 3600 + om * 60));
            i += 5;
        } else {
            t = time.local(year, month, day, hh, mm, ss, nanos);
        }
        if (i < s.length() && s.charAt(i) != ' ') {
            return null;
        }
        end[0] = Math.min(i + 1, s.length());
        return t;
    }

    private SyslogHeader rfc5424(String s) {
        int gt = Scan.indexOf(s, '>', 1, Math.min(s.length(), 6));
        int i = gt + 1;
        if (gt >= s.length() || i + 2 > s.length() || s.charAt(i) != '1' || s.charAt(i + 1) != ' ') {
            return new SyslogHeader(null, null, null, -1, 0);
        }
        i += 2;
        int[] end = new int[1];
        Instant t = s.charAt(i) == '-' ? null : iso(s, i, end);
        i = t == null ? Scan.tokenEnd(s, i) + 1 : end[0];
        int hostEnd = Scan.tokenEnd(s, i);
        String host = nil(s, i, hostEnd);
        int appStart = Math.min(hostEnd + 1, s.length());
        int appEnd = Scan.tokenEnd(s, appStart);
        String app = nil(s, appStart, appEnd);
        int pidStart = Math.min(appEnd + 1, s.length());
        int pidEnd = Scan.tokenEnd(s, pidStart);
        long pid = Scan.number(s, pidStart, pidEnd);
        int msgIdEnd = Scan.tokenEnd(s, Math.min(pidEnd + 1, s.length()));
        i = Math.min(msgIdEnd + 1, s.length());
        if (i < s.length() && s.charAt(i) == '-') {
            i++;
        } else {
            // structured data: [id key="value" ...]... where values may hold escaped quotes and brackets
            while (i < s.length() && s.charAt(i) == '[') {
                boolean quoted = false;
                i++;
                while (i < s.length()) {
                    char c = s.charAt(i);
                    if (quoted && c == '\\') {
                        i += 2;
                        continue;
                    }
                    if (c == '"') {
                        quoted = !quoted;
                    } else if (c == ']' && !quoted) {
                        break;
                    }
                    i++;
                }
                i++;
            }
        }
        if (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return new SyslogHeader(t, host, app, pid, Math.min(i, s.length()));
    }

    private static String nil(String s, int from, int to) {
        return from >= to || (to - from == 1 && s.charAt(from) == '-') ? null : s.substring(from, to);
    }

    /** Reads {@code [host ]program[pid]: } from {@code from}. */
    private SyslogHeader programPart(String s, int from, Instant t) {
        int n = s.length();
        int e1 = Scan.tokenEnd(s, from);
        if (e1 == from) {
            return new SyslogHeader(t, null, null, -1, from);
        }
        SyslogHeader h = program(s, from, e1, t, null);
        if (h != null) {
            return h;
        }
        int s2 = e1 + 1;
        if (s2 < n) {
            int e2 = Scan.tokenEnd(s, s2);
            h = program(s, s2, e2, t, strings.get(s, from, e1));
            if (h != null) {
                return h;
            }
        }
        return new SyslogHeader(t, null, null, -1, from);
    }

    /** The header when {@code s[from, to)} is a program token, else null. */
    private SyslogHeader program(String s, int from, int to, Instant t, String host) {
        char last = s.charAt(to - 1);
        int nameEnd = last == ':' ? to - 1 : to;
        if (nameEnd <= from) {
            return null;
        }
        boolean bracketed = s.charAt(from) == '[' && s.charAt(nameEnd - 1) == ']';
        if (last != ':' && !bracketed) {
            return null;
        }
        int msg = Math.min(to + 1, s.length());
        if (bracketed) {
            return new SyslogHeader(t, host, strings.get(s, from + 1, nameEnd - 1), -1, msg);
        }
        long pid = -1;
        int name = nameEnd;
        if (s.charAt(nameEnd - 1) == ']') {
            int open = s.lastIndexOf('[', nameEnd - 1);
            if (open > from) {
                pid = Scan.number(s, open + 1, nameEnd - 1);
                name = open;
            }
        }
        return new SyslogHeader(t, host, strings.get(s, from, name), pid, msg);
    }

    private static boolean clock(String s, int i) {
        return isDigit(s, i) && isDigit(s, i + 1) && s.charAt(i + 2) == ':' && isDigit(s, i + 3) && isDigit(s, i + 4)
                && s.charAt(i + 5) == ':' && isDigit(s, i + 6) && isDigit(s, i + 7);
    }

    private static int two(String s, int i) {
        return (s.charAt(i) - '0') * 10 + (s.charAt(i + 1) - '0');
    }

    private static boolean isDigit(String s, int i) {
        char c = s.charAt(i);
        return c >= '0' && c <= '9';
    }

    private static int nanos(String s, int from, int to) {
        int v = 0;
        int digits = 0;
        for (int i = from; i < to && digits < 9; i++, digits++) {
            v = v * 10 + (s.charAt(i) - '0');
        }
        for (; digits < 9; digits++) {
            v *= 10;
        }
        return v;
    }
}
