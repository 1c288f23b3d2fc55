package dev.rampart.monitor.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Reads one line of {@code journalctl -o json} into a {@link JournalEntry}. Field values are strings,
 * except that journald writes a value that is not valid UTF-8 (or contains control characters other
 * than newline and tab) as an array of byte values, and a field present several times as an array of
 * such values; both are decoded (UTF-8, malformed bytes replaced; the first of repeated values).
 * Kernel entries ({@code _TRANSPORT=kernel}) are given the identifier {@code kernel} whatever their
 * {@code SYSLOG_IDENTIFIER}; their message has no kernel time stamp, the time is the entry's.
 * Thread-safe.
 */
public final class JournalJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JournalJson() {
    }

    /**
     * The entry of {@code line}, or null when the line is not a JSON object or has no {@code MESSAGE}
     * (an entry without a message means nothing to the parsers; its cursor is still reported by
     * {@link #cursorOf}).
     */
    public static JournalEntry parse(String line) {
        JsonNode o = tree(line);
        if (o == null) {
            return null;
        }
        String message = text(o.get("MESSAGE"));
        if (message == null) {
            return null;
        }
        String transport = text(o.get("_TRANSPORT"));
        String identifier = "kernel".equals(transport) ? "kernel" : text(o.get("SYSLOG_IDENTIFIER"));
        if (identifier == null) {
            identifier = text(o.get("_COMM"));
        }
        Instant time = null;
        String micros = text(o.get("__REALTIME_TIMESTAMP"));
        if (micros != null) {
            try {
                long us = Long.parseLong(micros);
                time = Instant.ofEpochSecond(us / 1_000_000, (us % 1_000_000) * 1000);
            } catch (NumberFormatException e) {
                time = null;
            }
        }
        long pid = -1;
        String p = text(o.get("_PID"));
        if (p == null) {
            p = text(o.get("SYSLOG_PID"));
        }
        if (p != null) {
            try {
                pid = Long.parseLong(p);
            } catch (NumberFormatException e) {
                pid = -1;
            }
        }
        return new JournalEntry(message, time, text(o.get("_HOSTNAME")), identifier, pid, text(o.get("__CURSOR")));
    }

    /** The {@code __CURSOR} of {@code line}, or null. */
    public static String cursorOf(String line) {
        JsonNode o = tree(line);
        return o == null ? null : text(o.get("__CURSOR"));
    }

    private static JsonNode tree(String line) {
        try {
            JsonNode o = MAPPER.readTree(line);
            return o != null && o.isObject() ? o : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static String text(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isArray()) {
            if (v.size() > 0 && (v.get(0).isTextual() || v.get(0).isArray())) {
                return text(v.get(0));
            }
            byte[] b = new byte[v.size()];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) v.get(i).asInt();
            }
            return new String(b, StandardCharsets.UTF_8);
        }
        return v.asText();
    }
}
