package dev.rampart.model.match;

import dev.rampart.model.Family;
import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.Values;
import dev.rampart.model.write.SaveLine;
import java.util.List;

/**
 * {@code -m hashlimit} (revision 3): a token bucket per hash key (the {@code mode} fields of the
 * packet, addresses grouped by {@code srcMask}/{@code dstMask} prefix lengths). Values are the kernel's:
 * in packet mode {@code avg} is the period per packet in 1/{@value #SCALE} s and {@code burst} is in
 * packets; in {@code bytes} mode {@code avg} is a cost per byte unit ({@link #bytesPerSecond()} converts)
 * and {@code burst} is in multiples of it. {@code above} inverts the sense ({@code --hashlimit-above}).
 * Table sizes, garbage-collection interval and expiry (ms) are the table's; 0 size/max means kernel
 * default. {@code rateMatch} switches to rate measurement over {@code interval} seconds.
 */
public record HashlimitMatch(boolean above, boolean bytes, long avg, long burst, int mode, String name,
                             long htableSize, long htableMax, long gcInterval, long expire, int srcMask,
                             int dstMask, boolean rateMatch, long interval, Family family) implements Match {

    /** Period units per second in revision 2+ ({@code XT_HASHLIMIT_SCALE_v2}). */
    public static final long SCALE = 1_000_000;
    /** Hash on the source address. */
    public static final int MODE_SRCIP = 0x02;
    /** Hash on the source port. */
    public static final int MODE_SRCPORT = 0x04;
    /** Hash on the destination address. */
    public static final int MODE_DSTIP = 0x01;
    /** Hash on the destination port. */
    public static final int MODE_DSTPORT = 0x08;
    /** Default garbage-collection interval in ms. */
    public static final long DEFAULT_GC_INTERVAL = 1000;
    /** Default bucket size in packets. */
    public static final long DEFAULT_BURST = 5;
    /** Largest packet-mode burst. */
    public static final long MAX_BURST = 1_000_000;
    /** Longest table name. */
    public static final int MAX_NAME = 15;

    private static final long U32 = 0xFFFFFFFFL;
    private static final int BYTE_SHIFT = 4;
    private static final long BYTE_EXPIRE_MS = 15_000;
    private static final long BYTE_EXPIRE_BURST_MS = 60_000;

    /** The extension that parses {@code -m hashlimit}. */
    public static final MatchExtension EXTENSION = new Extension();

    /** The byte rate in bytes per second ({@code bytes} mode only). */
    public long bytesPerSecond() {
        return costToBytes(avg);
    }

    @Override
    public String module() {
        return "hashlimit";
    }

    @Override
    public void writeOptions(SaveLine out) {
        out.option(above ? "hashlimit-above" : "hashlimit-upto");
        long quantum;
        if (bytes) {
            long r = costToBytes(avg);
            long[] th = {1024 * 1024, 1024, 1};
            String[] nm = {"m", "k", ""};
            int i;
            for (i = 0; i < th.length - 1; i++) {
                if (r >= th[i] && bytesToCost(r & ~(th[i] - 1)) == avg) {
                    break;
                }
            }
            out.word((r / th[i]) + nm[i] + "b/s");
            if (burst == 0) {
                quantum = BYTE_EXPIRE_MS;
            } else {
                r *= burst;
                for (i = 0; i < th.length - 1; i++) {
                    if (r >= th[i]) {
                        break;
                    }
                }
                out.option("hashlimit-burst", (r / th[i]) + nm[i] + "b");
                quantum = BYTE_EXPIRE_BURST_MS;
            }
        } else {
            RateUnit[] unit = new RateUnit[1];
            out.word(RateUnit.format(avg, SCALE, unit));
            quantum = unit[0].seconds() * 1000;
            out.option("hashlimit-burst", Long.toString(burst));
        }
        if (mode != 0) {
            StringBuilder m = new StringBuilder();
            appendMode(m, mode, MODE_SRCIP, "srcip");
            appendMode(m, mode, MODE_SRCPORT, "srcport");
            appendMode(m, mode, MODE_DSTIP, "dstip");
            appendMode(m, mode, MODE_DSTPORT, "dstport");
            out.option("hashlimit-mode", m.toString());
        }
        out.option("hashlimit-name", name);
        if (htableSize != 0) {
            out.option("hashlimit-htable-size", Long.toString(htableSize));
        }
        if (htableMax != 0) {
            out.option("hashlimit-htable-max", Long.toString(htableMax));
        }
        if (gcInterval != DEFAULT_GC_INTERVAL) {
            out.option("hashlimit-htable-gcinterval", Long.toString(gcInterval));
        }
        if (expire != quantum) {
            out.option("hashlimit-htable-expire", Long.toString(expire));
        }
        if (srcMask != family.bits()) {
            out.option("hashlimit-srcmask", Integer.toString(srcMask));
        }
        if (dstMask != family.bits()) {
            out.option("hashlimit-dstmask", Integer.toString(dstMask));
        }
        if (rateMatch) {
            out.option("hashlimit-rate-match");
            if (interval != 1) {
                out.option("hashlimit-rate-interval", Long.toString(interval));
            }
        }
    }

    private static void appendMode(StringBuilder sb, int mode, int bit, String text) {
        if ((mode & bit) != 0) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(text);
        }
    }

    static long costToBytes(long cost) {
        long r = cost != 0 ? U32 / cost : U32;
        return (r - 1) << BYTE_SHIFT;
    }

    static long bytesToCost(long bytes) {
        long r = (bytes >>> BYTE_SHIFT) & U32;
        return U32 / ((r + 1) & U32);
    }

    private static long factor(char c) {
        return c == 'm' ? 1024 * 1024 : c == 'k' ? 1024 : 1;
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(
                OptionSpec.arg("hashlimit-upto").inv().alias("hashlimit"),
                OptionSpec.arg("hashlimit-above").inv(),
                OptionSpec.arg("hashlimit-srcmask"),
                OptionSpec.arg("hashlimit-dstmask"),
                OptionSpec.arg("hashlimit-burst"),
                OptionSpec.arg("hashlimit-htable-size"),
                OptionSpec.arg("hashlimit-htable-max"),
                OptionSpec.arg("hashlimit-htable-gcinterval"),
                OptionSpec.arg("hashlimit-htable-expire"),
                OptionSpec.arg("hashlimit-mode"),
                OptionSpec.arg("hashlimit-name"),
                OptionSpec.flag("hashlimit-rate-match"),
                OptionSpec.arg("hashlimit-rate-interval"));

        @Override
        public String name() {
            return "hashlimit";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            OptionUse up = o.get("hashlimit-upto");
            OptionUse ab = o.get("hashlimit-above");
            if (up != null && ab != null) {
                throw ExtensionException.constraint(ab, "--hashlimit-upto and --hashlimit-above cannot be combined",
                        "keep one of them");
            }
            OptionUse rateUse = up != null ? up : ab;
            if (rateUse == null) {
                throw MatchArgs.required("hashlimit", "--hashlimit-upto RATE or --hashlimit-above RATE");
            }
            OptionUse nameUse = o.get("hashlimit-name");
            if (nameUse == null) {
                throw MatchArgs.required("hashlimit", "--hashlimit-name NAME");
            }
            String name = nameUse.arg();
            if (name.isEmpty() || name.length() > MAX_NAME) {
                throw ExtensionException.badValue(nameUse, "hashlimit name '" + name + "' must be 1 to "
                        + MAX_NAME + " characters");
            }
            boolean above = (ab != null) != rateUse.inverted();
            // rate: bytes form "N[k|m]b/s" first, then packets "N[/unit]"
            String text = rateUse.arg();
            boolean bytes = false;
            long avg;
            long mult;
            int bs = text.indexOf("b/s");
            long lead = RateUnit.leadingNumber(text);
            if (bs > 0 && lead > 0) {
                long tmp = lead * factor(text.charAt(bs - 1));
                avg = bytesToCost(tmp);
                if (avg == 0) {
                    throw ExtensionException.badValue(rateUse, "rate '" + text + "' is too high", "lower the rate");
                }
                bytes = true;
                mult = BYTE_EXPIRE_MS / 1000;
            } else {
                RateUnit[] unit = new RateUnit[1];
                avg = LimitMatch.parseRate(rateUse, text, SCALE, unit);
                mult = unit[0].seconds();
            }
            long burst = DEFAULT_BURST;
            OptionUse bu = o.get("hashlimit-burst");
            if (bu != null) {
                burst = parseBurst(bu);
            }
            int fam = ctx.family().bits();
            int srcMask = fam;
            int dstMask = fam;
            long size = 0;
            long max = 0;
            long gc = DEFAULT_GC_INTERVAL;
            Long expire = null;
            int mode = 0;
            boolean rateMatch = false;
            long interval = 0;
            OptionUse intervalUse = null;
            for (OptionUse u : o.all()) {
                switch (u.name()) {
                    case "hashlimit-srcmask" -> srcMask = (int) Values.number(u, u.arg(), 0, fam);
                    case "hashlimit-dstmask" -> dstMask = (int) Values.number(u, u.arg(), 0, fam);
                    case "hashlimit-htable-size" -> size = MatchArgs.u32(u, u.arg());
                    case "hashlimit-htable-max" -> max = MatchArgs.u32(u, u.arg());
                    case "hashlimit-htable-gcinterval" -> gc = MatchArgs.u32(u, u.arg());
                    case "hashlimit-htable-expire" -> expire = MatchArgs.u32(u, u.arg());
                    case "hashlimit-mode" -> mode = parseMode(u);
                    case "hashlimit-rate-match" -> rateMatch = true;
                    case "hashlimit-rate-interval" -> {
                        interval = RateUnit.leadingNumber(u.arg());
                        intervalUse = u;
                        if (interval <= 0) {
                            throw ExtensionException.badValue(u, "invalid interval '" + u.arg()
                                    + "' for --hashlimit-rate-interval; expected a positive number of seconds");
                        }
                    }
                    default -> {
                    }
                }
            }
            long exp = expire != null ? expire : mult * 1000;
            if (bytes) {
                long b = 0;
                if (bu != null) {
                    long unit = costToBytes(avg);
                    if (burst < unit) {
                        throw ExtensionException.badValue(bu, "burst cannot be smaller than " + unit + "b",
                                "use a burst of at least " + unit + "b");
                    }
                    b = burst / unit + (burst % unit != 0 ? 1 : 0);
                    if (expire == null) {
                        exp = BYTE_EXPIRE_BURST_MS;
                    }
                }
                burst = b;
            } else if (burst > MAX_BURST) {
                throw ExtensionException.badValue(bu, "--hashlimit-burst must be from 1 to " + MAX_BURST);
            }
            if (intervalUse != null && !rateMatch) {
                throw ExtensionException.constraint(intervalUse, "--hashlimit-rate-interval can only be used with "
                        + "--hashlimit-rate-match", "add --hashlimit-rate-match");
            }
            if (rateMatch) {
                if (!bytes) {
                    avg /= mult;
                }
                if (interval == 0) {
                    interval = bytes ? 1 : mult;
                }
            }
            if (gc == 0 || exp == 0) {
                throw ExtensionException.constraint(o.get(gc == 0 ? "hashlimit-htable-gcinterval"
                        : "hashlimit-htable-expire"), "the kernel rejects a zero garbage-collection interval or "
                        + "expiry time", "give a positive number of milliseconds");
            }
            return new HashlimitMatch(above, bytes, avg, burst, mode, name, size, max, gc, exp, srcMask, dstMask,
                    rateMatch, interval, ctx.family());
        }

        private static long parseBurst(OptionUse u) throws ExtensionException {
            String t = u.arg();
            int i = 0;
            while (i < t.length() && Character.isDigit(t.charAt(i))) {
                i++;
            }
            long v = i == 0 || i > 18 ? -1 : Long.parseLong(t.substring(0, i));
            if (v < 1 || (i == t.length() && v > MAX_BURST)) {
                throw ExtensionException.badValue(u, "invalid burst '" + t + "' for --hashlimit-burst",
                        "give a packet count from 1 to " + MAX_BURST + ", or a size such as 400kb for a byte rate");
            }
            return v * (i < t.length() ? factor(t.charAt(i)) : 1);
        }

        private static int parseMode(OptionUse u) throws ExtensionException {
            int mode = 0;
            for (String tok : u.arg().split("[,|]")) {
                switch (tok) {
                    case "" -> {
                    }
                    case "srcip" -> mode |= MODE_SRCIP;
                    case "srcport" -> mode |= MODE_SRCPORT;
                    case "dstip" -> mode |= MODE_DSTIP;
                    case "dstport" -> mode |= MODE_DSTPORT;
                    default -> throw ExtensionException.badValue(u, "unknown hash mode '" + tok
                            + "' in --hashlimit-mode", "use a comma-separated list of srcip, srcport, dstip, dstport");
                }
            }
            return mode;
        }
    }
}
