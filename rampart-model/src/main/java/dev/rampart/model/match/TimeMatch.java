package dev.rampart.model.match;

import dev.rampart.model.diag.DiagnosticCode;
import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.write.SaveLine;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * {@code -m time}: the packet's arrival time (UTC, or the kernel's time zone with {@code kernelTz})
 * lies within every given bound.
 *
 * <ul>
 *   <li>{@code dateStart}/{@code dateStop}: seconds since the epoch (defaults 0 and 2^31-1, the
 *       kernel's "no bound").</li>
 *   <li>{@code daytimeStart}/{@code daytimeStop}: seconds since midnight, 0..86399 (defaults 0 and
 *       86399). A start after the stop wraps around midnight; with {@code contiguous} the whole
 *       wrapped period counts as one (weekday/monthday tested at its start).</li>
 *   <li>{@code monthdays}: bit {@code d} set for day of month {@code d} (1..31); default all.</li>
 *   <li>{@code weekdays}: bit {@code d} set for ISO weekday {@code d} (1 = Monday .. 7 = Sunday); default all.</li>
 * </ul>
 *
 * <p>Printing follows iptables-save exactly, including its quirk of always printing the default
 * {@code --datestop 2038-01-19T03:14:07}.
 */
public record TimeMatch(long dateStart, long dateStop, int daytimeStart, int daytimeStop, int monthdays,
                        int weekdays, boolean kernelTz, boolean contiguous) implements Match {

    /** The extension that parses {@code -m time}. */
    public static final MatchExtension EXTENSION = new Extension();

    /** Default {@code dateStop}: the kernel's maximum, 2038-01-19T03:14:07 UTC, in seconds. */
    public static final long NO_DATE_STOP = Integer.MAX_VALUE;
    /** Last second of a day. */
    public static final int MAX_DAYTIME = 24 * 60 * 60 - 1;
    /** {@code monthdays} with every day 1..31. */
    public static final int ALL_MONTHDAYS = 0xFFFFFFFE;
    /** {@code weekdays} with every day Monday..Sunday. */
    public static final int ALL_WEEKDAYS = 0xFE;

    private static final String[] WEEK_DAYS = {null, "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

    @Override
    public String module() {
        return "time";
    }

    @Override
    public void writeOptions(SaveLine out) {
        if (daytimeStart != 0 || daytimeStop != MAX_DAYTIME) {
            out.option("timestart", daytime(daytimeStart));
            out.option("timestop", daytime(daytimeStop));
        }
        if (monthdays != ALL_MONTHDAYS) {
            StringBuilder sb = new StringBuilder();
            for (int d = 1; d <= 31; d++) {
                if ((monthdays & (1 << d)) != 0) {
                    sb.append(sb.length() > 0 ? "," : "").append(d);
                }
            }
            out.option("monthdays", sb.toString());
        }
        if ((weekdays & 0xFF) != ALL_WEEKDAYS) {
            StringBuilder sb = new StringBuilder();
            for (int d = 1; d <= 7; d++) {
                if ((weekdays & (1 << d)) != 0) {
                    sb.append(sb.length() > 0 ? "," : "").append(WEEK_DAYS[d]);
                }
            }
            out.option("weekdays", sb.toString());
        }
        if (dateStart != 0) {
            out.option("datestart", date(dateStart));
        }
        if (dateStop != 0) {
            out.option("datestop", date(dateStop));
        }
        if (kernelTz) {
            out.option("kerneltz");
        }
        if (contiguous) {
            out.option("contiguous");
        }
    }

    private static String daytime(int s) {
        return String.format("%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }

    private static String date(long epochSeconds) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSeconds, 0, ZoneOffset.UTC);
        return String.format("%04d-%02d-%02dT%02d:%02d:%02d", t.getYear(), t.getMonthValue(), t.getDayOfMonth(),
                t.getHour(), t.getMinute(), t.getSecond());
    }

    /** Digits at the start of {@code s} from {@code at} (as strtoul(s, &e, 10)); returns {value, end}. */
    private static long[] digits(String s, int at) {
        long v = 0;
        int i = at;
        while (i < s.length() && Character.isDigit(s.charAt(i)) && v < 100000) {
            v = v * 10 + (s.charAt(i) - '0');
            i++;
        }
        return new long[] {v, i};
    }

    /** {@code YYYY[-MM[-DD[Thh[:mm[:ss]]]]]} in UTC, as libxt_time's time_parse_date. */
    static long parseDate(OptionUse u) throws ExtensionException {
        String s = u.arg();
        long[] f = {1970, 1, 1, 0, 0, 0};
        char[] seps = {'-', '-', 'T', ':', ':', '\0'};
        long[] max = {2038, 12, 31, 23, 59, 59};
        int at = 0;
        for (int k = 0; k < 6; k++) {
            long[] d = digits(s, at);
            int end = (int) d[1];
            boolean last = end == s.length();
            if (!last && s.charAt(end) != seps[k] || d[0] > max[k]
                    || k == 0 && d[0] < 1970) {
                throw ExtensionException.badValue(u, "invalid date '" + s + "' for --" + u.name()
                        + "; expected YYYY[-MM[-DD[Thh[:mm[:ss]]]]] between 1970 and 2038",
                        "write e.g. 2026-01-31T08:00:00");
            }
            f[k] = d[0];
            if (last) {
                break;
            }
            at = end + 1;
        }
        // mktime normalises month 0 / day 0 into the previous month/year; do the same
        LocalDateTime t = LocalDateTime.of((int) f[0], 1, 1, 0, 0, 0).plusMonths(f[1] - 1).plusDays(f[2] - 1)
                .plusHours(f[3]).plusMinutes(f[4]).plusSeconds(f[5]);
        long epoch = t.toEpochSecond(ZoneOffset.UTC);
        if (epoch < 0) {
            throw ExtensionException.badValue(u, "date '" + s + "' lies before 1970-01-01");
        }
        return epoch;
    }

    /** {@code hh:mm[:ss]} as seconds since midnight. */
    static int parseDaytime(OptionUse u) throws ExtensionException {
        String s = u.arg();
        long[] h = digits(s, 0);
        int e = (int) h[1];
        boolean ok = e > 0 && e < s.length() && s.charAt(e) == ':' && h[0] <= 23;
        long min = 0;
        long sec = 0;
        if (ok) {
            long[] m = digits(s, e + 1);
            e = (int) m[1];
            min = m[0];
            ok = m[0] <= 59 && (e == s.length() || s.charAt(e) == ':');
            if (ok && e < s.length()) {
                long[] sc = digits(s, e + 1);
                sec = sc[0];
                ok = sc[1] == s.length() && sc[0] <= 59;
            }
        }
        if (!ok) {
            throw ExtensionException.badValue(u, "invalid time '" + s + "' for --" + u.name()
                    + "; expected hh:mm[:ss] between 00:00:00 and 23:59:59");
        }
        return (int) (h[0] * 3600 + min * 60 + sec);
    }

    static int parseMonthdays(OptionUse u) throws ExtensionException {
        int mask = 0;
        for (String day : u.arg().split(",", -1)) {
            long d = dev.rampart.model.ext.Values.parseUnsigned(day);
            if (d < 1 || d > 31) {
                throw ExtensionException.badValue(u, "'" + day + "' is not a valid day for --monthdays; expected 1 to 31");
            }
            mask |= 1 << d;
        }
        return mask;
    }

    static int parseWeekdays(OptionUse u) throws ExtensionException {
        int mask = 0;
        for (String day : u.arg().split(",", -1)) {
            long n = dev.rampart.model.ext.Values.parseUnsigned(day);
            if (n == 0) {
                throw ExtensionException.badValue(u, "weekday 0 does not exist; days are 1 (Mon) to 7 (Sun)");
            }
            if (n > 0) {
                if (n > 7) {
                    throw ExtensionException.badValue(u, "'" + day + "' is not a valid weekday; expected 1 to 7");
                }
                mask |= 1 << n;
                continue;
            }
            boolean found = false;
            for (int i = 1; i <= 7 && day.length() >= 2; i++) {
                if (WEEK_DAYS[i].startsWith(day.substring(0, 2))) {
                    mask |= 1 << i;
                    found = true;
                }
            }
            if (!found) {
                throw ExtensionException.badValue(u, "'" + day + "' is not a valid weekday",
                        "use Mon, Tue, Wed, Thu, Fri, Sat, Sun or 1 to 7");
            }
        }
        return mask;
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(
                OptionSpec.arg("datestart"),
                OptionSpec.arg("datestop"),
                OptionSpec.arg("timestart"),
                OptionSpec.arg("timestop"),
                OptionSpec.flag("contiguous"),
                OptionSpec.arg("weekdays").inv(),
                OptionSpec.arg("monthdays").inv(),
                OptionSpec.flag("localtz"),
                OptionSpec.flag("utc"),
                OptionSpec.flag("kerneltz"));

        @Override
        public String name() {
            return "time";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            long dateStart = 0;
            long dateStop = NO_DATE_STOP;
            int start = 0;
            int stop = MAX_DAYTIME;
            int monthdays = ALL_MONTHDAYS;
            int weekdays = ALL_WEEKDAYS;
            boolean kernelTz = false;
            boolean contiguous = false;
            OptionUse utc = o.get("utc");
            for (OptionUse u : o.all()) {
                switch (u.name()) {
                    case "datestart" -> dateStart = parseDate(u);
                    case "datestop" -> dateStop = parseDate(u);
                    case "timestart" -> start = parseDaytime(u);
                    case "timestop" -> stop = parseDaytime(u);
                    case "contiguous" -> contiguous = true;
                    case "monthdays" -> monthdays = parseMonthdays(u) ^ (u.inverted() ? ALL_MONTHDAYS : 0);
                    case "weekdays" -> weekdays = parseWeekdays(u) ^ (u.inverted() ? ALL_WEEKDAYS : 0);
                    case "localtz", "kerneltz" -> {
                        if (utc != null) {
                            throw new ExtensionException(DiagnosticCode.DUPLICATE_OPTION, "--utc and --" + u.name()
                                    + " contradict each other", u, false, "keep one of them");
                        }
                        kernelTz = true;
                    }
                    default -> {
                        // --utc is the default
                    }
                }
            }
            if (contiguous && start < stop) {
                throw ExtensionException.constraint(o.get("contiguous"), "--contiguous only makes sense when "
                        + "--timestop is earlier than --timestart (a period across midnight)", "remove --contiguous");
            }
            return new TimeMatch(dateStart, dateStop, start, stop, monthdays, weekdays, kernelTz, contiguous);
        }
    }
}
