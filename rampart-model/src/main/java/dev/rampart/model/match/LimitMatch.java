package dev.rampart.model.match;

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
 * {@code -m limit [--limit RATE] [--limit-burst N]}: a token bucket shared by all packets of the rule.
 * {@code period} is the kernel's average interval between matches in units of 1/{@value #SCALE} s
 * ({@code --limit 3/hour}, the default, is 12 000 000); {@code burst} is the bucket size in packets
 * (default {@value #DEFAULT_BURST}).
 */
public record LimitMatch(long period, int burst) implements Match {

    /** Kernel time units per second ({@code XT_LIMIT_SCALE}). */
    public static final long SCALE = 10_000;
    /** Default bucket size in packets. */
    public static final int DEFAULT_BURST = 5;
    /** Default period: 3 packets per hour. */
    public static final long DEFAULT_PERIOD = SCALE * 3600 / 3;

    /** The extension that parses {@code -m limit}. */
    public static final MatchExtension EXTENSION = new Extension();

    public LimitMatch {
        if (period <= 0 || burst < 0) {
            throw new IllegalArgumentException("period must be positive, burst non-negative");
        }
    }

    /** Average matches per second. */
    public double packetsPerSecond() {
        return (double) SCALE / period;
    }

    @Override
    public String module() {
        return "limit";
    }

    @Override
    public void writeOptions(SaveLine out) {
        out.option("limit", RateUnit.format(period, SCALE, null));
        // iptables-nft 1.8.9 turns burst 0 into nft's default, so it is not printed either
        if (burst != DEFAULT_BURST && burst != 0) {
            out.option("limit-burst", Integer.toString(burst));
        }
    }

    /** Parses {@code N[/unit]} into a period of {@code scale} units per second, as {@code parse_rate}. */
    static long parseRate(OptionUse u, String text, long scale, RateUnit[] unitOut) throws ExtensionException {
        int slash = text.indexOf('/');
        RateUnit unit = RateUnit.SECOND;
        if (slash >= 0) {
            unit = RateUnit.parse(text.substring(slash + 1));
        }
        long n = RateUnit.leadingNumber(text);
        if (unit == null || n <= 0) {
            throw ExtensionException.badValue(u, "invalid rate '" + text + "' for --" + u.name(),
                    "write NUMBER/UNIT with UNIT one of second, minute, hour, day (e.g. 5/min)");
        }
        long period = scale * unit.seconds() / n;
        if (period == 0) {
            throw ExtensionException.badValue(u, "rate '" + text + "' is too fast: at most " + scale
                    + "/second can be expressed", "lower the rate");
        }
        if (unitOut != null) {
            unitOut[0] = unit;
        }
        return period;
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(
                OptionSpec.arg("limit"),
                OptionSpec.arg("limit-burst"));

        @Override
        public String name() {
            return "limit";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            long period = DEFAULT_PERIOD;
            int burst = DEFAULT_BURST;
            OptionUse l = o.get("limit");
            if (l != null) {
                period = parseRate(l, l.arg(), SCALE, null);
            }
            OptionUse b = o.get("limit-burst");
            if (b != null) {
                burst = (int) Values.number(b, b.arg(), 0, 10_000);
            }
            return new LimitMatch(period, burst);
        }
    }
}
