package dev.rampart.monitor.event;

import java.time.format.DateTimeFormatter;

/**
 * Writes a {@link LogEvent} as one line of JSON with the contract's keys, in the contract's order:
 * {@code file, line, time, service, kind, addr, user, port, proto, prefix} and, for kernel lines,
 * {@code dst, flags}. Absent values are JSON {@code null}. Strings are escaped per RFC 8259 (control
 * characters as {@code \\uXXXX}), so attacker-controlled user names cannot break the line.
 */
public final class LogEventJson {
    private LogEventJson() {
    }

    public static String write(LogEvent e) {
        StringBuilder sb = new StringBuilder(192);
        sb.append("{\"file\":");
        string(sb, e.file());
        sb.append(",\"line\":").append(e.line());
        sb.append(",\"time\":");
        string(sb, e.time() == null ? null : DateTimeFormatter.ISO_INSTANT.format(e.time()));
        sb.append(",\"service\":");
        string(sb, e.service());
        sb.append(",\"kind\":");
        string(sb, e.kind().json());
        sb.append(",\"addr\":");
        string(sb, e.addr());
        sb.append(",\"user\":");
        string(sb, e.user());
        sb.append(",\"port\":");
        if (e.port() < 0) {
            sb.append("null");
        } else {
            sb.append(e.port());
        }
        sb.append(",\"proto\":");
        string(sb, e.proto());
        sb.append(",\"prefix\":");
        string(sb, e.prefix());
        if (e.service().equals("kernel")) {
            sb.append(",\"dst\":");
            string(sb, e.dst());
            sb.append(",\"flags\":");
            string(sb, e.flags());
        }
        return sb.append('}').toString();
    }

    private static void string(StringBuilder sb, String s) {
        if (s == null) {
            sb.append("null");
            return;
        }
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
