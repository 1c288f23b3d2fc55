package dev.rampart.monitor.parse;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Turns the local date and time a log line carries into an instant. Syslog's classic stamp
 * ({@code Mar 11 20:35:11}) has no year and no zone: the year is the year of {@code now}, minus one when
 * that would put the line more than a day after {@code now} (the rule fail2ban uses, so a December line
 * read in January is last year's); the zone is the configured one.
 *
 * <p>Design: converting through {@link ZonedDateTime} costs far more than the rest of a kernel line's
 * parse, so the UTC offset and the epoch day are cached per (month, day, hour); a daylight-saving change
 * inside an hour is resolved as {@link ZonedDateTime#of} resolves the first instant of that hour.
 * Not thread-safe: one resolver per reading thread.
 */
public final class TimeResolver {
    private final ZoneId zone;
    private final long nowEpochSecond;
    private final int nowYear;
    /** (month 1-12, day 1-31, hour 0-23) to epoch second of that hour in the zone, or Long.MIN_VALUE. */
    private final long[] hourStart = new long[13 * 32 * 24];

    public TimeResolver(ZoneId zone, Instant now) {
        this.zone = zone;
        this.nowEpochSecond = now.getEpochSecond();
        this.nowYear = ZonedDateTime.ofInstant(now, zone).getYear();
        java.util.Arrays.fill(hourStart, Long.MIN_VALUE);
    }

    /** A resolver in the system zone with {@code now} = the current time. */
    public static TimeResolver systemDefault() {
        return new TimeResolver(ZoneId.systemDefault(), Instant.now());
    }

    public ZoneId zone() {
        return zone;
    }

    /**
     * The instant of {@code month day hh:mm:ss.nanos} in the year chosen by the rule above, or null when
     * the fields are out of range.
     */
    public Instant yearless(int month, int day, int hour, int minute, int second, int nanos) {
        if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
            return null;
        }
        int key = (month * 32 + day) * 24 + hour;
        long start = hourStart[key];
        if (start == Long.MIN_VALUE) {
            start = resolveHour(month, day, hour);
            if (start == Long.MIN_VALUE) {
                return null;
            }
            hourStart[key] = start;
        }
        return Instant.ofEpochSecond(start + minute * 60L + second, nanos);
    }

    private long resolveHour(int month, int day, int hour) {
        try {
            long t = ZonedDateTime.of(nowYear, month, day, hour, 0, 0, 0, zone).toEpochSecond();
            if (t > nowEpochSecond + 86_400) {
                t = ZonedDateTime.of(nowYear - 1, month, day, hour, 0, 0, 0, zone).toEpochSecond();
            }
            return t;
        } catch (java.time.DateTimeException e) {
            return Long.MIN_VALUE;
        }
    }

    /** The instant of a full local date and time in the configured zone, or null when out of range. */
    public Instant local(int year, int month, int day, int hour, int minute, int second, int nanos) {
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos).atZone(zone).toInstant();
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    /** The instant of a full date and time at a fixed offset, or null when out of range. */
    public static Instant offset(int year, int month, int day, int hour, int minute, int second, int nanos,
                                 int offsetSeconds) {
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos)
                    .toInstant(ZoneOffset.ofTotalSeconds(offsetSeconds));
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }
}
