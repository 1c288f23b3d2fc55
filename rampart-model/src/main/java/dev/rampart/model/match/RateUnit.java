package dev.rampart.model.match;

import java.util.Locale;

/**
 * The time units of {@code limit}/{@code hashlimit} rates ({@code N/sec}, {@code N/min}, ...), and the
 * arithmetic iptables uses to turn a rate into a kernel period and back.
 */
enum RateUnit {
    SECOND("second", "sec", 1), MINUTE("minute", "min", 60), HOUR("hour", "hour", 3600), DAY("day", "day", 86400);

    private final String full;
    private final String printed;
    private final long seconds;

    RateUnit(String full, String printed, long seconds) {
        this.full = full;
        this.printed = printed;
        this.seconds = seconds;
    }

    long seconds() {
        return seconds;
    }

    /** A non-empty, case-insensitive prefix of the unit's full name, as iptables accepts; else null. */
    static RateUnit parse(String text) {
        if (text.isEmpty()) {
            return null;
        }
        String t = text.toLowerCase(Locale.ROOT);
        for (RateUnit u : values()) {
            if (u.full.startsWith(t)) {
                return u;
            }
        }
        return null;
    }

    /** {@code atoi}: the leading decimal digits of {@code text} (0 when none). */
    static long leadingNumber(String text) {
        long v = 0;
        int i = 0;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
            v = v * 10 + (text.charAt(i) - '0');
            if (v > Integer.MAX_VALUE) {
                return -1;
            }
            i++;
        }
        return v;
    }

    /**
     * The text iptables prints for a period of {@code period} units of {@code 1/scale} s per event:
     * the largest unit in which the rate is still represented exactly enough ({@code print_rate}).
     * Returns the unit chosen in {@code chosen[0]} when not null.
     */
    static String format(long period, long scale, RateUnit[] chosen) {
        RateUnit[] order = {DAY, HOUR, MINUTE, SECOND};
        int i;
        for (i = 1; i < order.length; i++) {
            long mult = scale * order[i].seconds;
            if (period > mult || mult / period < mult % period) {
                break;
            }
        }
        RateUnit u = order[i - 1];
        if (chosen != null) {
            chosen[0] = u;
        }
        return Long.divideUnsigned(scale * u.seconds, period) + "/" + u.printed;
    }
}
