package dev.rampart.model.match;

import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.write.SaveLine;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * {@code -m statistic}: matches a share of packets. In {@link Mode#RANDOM} mode with probability
 * {@code probability / 2^31} (the kernel's fixed-point form); in {@link Mode#NTH} mode the
 * {@code packet}-th (0-based) of every {@code every} packets. {@code inverted} negates the result.
 */
public record StatisticMatch(Mode mode, long probability, long every, long packet, boolean inverted)
        implements Match {

    /** Fixed-point scale of {@code probability}. */
    public static final long ONE = 0x80000000L;

    /** The extension that parses {@code -m statistic}. */
    public static final MatchExtension EXTENSION = new Extension();

    /** How packets are chosen. */
    public enum Mode { RANDOM, NTH }

    /** The probability as a fraction 0..1 (RANDOM mode). */
    public double probabilityFraction() {
        return (double) probability / ONE;
    }

    @Override
    public String module() {
        return "statistic";
    }

    @Override
    public void writeOptions(SaveLine out) {
        if (mode == Mode.RANDOM) {
            out.option("mode", "random");
            out.option(inverted, "probability");
            appendProbability(out.buffer().append(' '), probability);
        } else {
            out.option("mode", "nth");
            out.option(inverted, "every", Long.toString(every));
            out.option("packet", Long.toString(packet));
        }
    }

    /** 10^11: the probability is printed with 11 decimals. */
    private static final long DECIMALS_SCALE = 100_000_000_000L;

    /**
     * {@code fixed / 2^31} printed as iptables-save prints it, {@code printf("%.11f")}: glibc rounds the
     * exact binary value half to even. The value has at most 31 fractional bits, so it is computed
     * exactly in 128-bit integer arithmetic ({@code fixed * 10^11 / 2^31}) instead of through
     * {@code BigDecimal}, which dominated the printing of kube-proxy rulesets.
     */
    static String probabilityText(long fixed) {
        StringBuilder sb = new StringBuilder(24);
        appendProbability(sb, fixed);
        return sb.toString();
    }

    /** Appends {@link #probabilityText} of {@code fixed}, without intermediate strings in the common case. */
    static void appendProbability(StringBuilder sb, long fixed) {
        if (fixed < 0 || fixed > 1L << 40) {
            sb.append(new BigDecimal(1.0 * fixed / ONE).setScale(11, RoundingMode.HALF_EVEN).toPlainString());
            return;
        }
        long lo = fixed * DECIMALS_SCALE;
        long hi = Math.multiplyHigh(fixed, DECIMALS_SCALE);
        long scaled = (hi << 33) | (lo >>> 31);      // floor(fixed * 10^11 / 2^31)
        long rest = lo & (ONE - 1);                  // remainder, in units of 2^-31
        if (rest > ONE / 2 || rest == ONE / 2 && (scaled & 1) == 1) {
            scaled++;
        }
        long decimals = scaled % DECIMALS_SCALE;
        sb.append(scaled / DECIMALS_SCALE).append('.');
        for (long digit = DECIMALS_SCALE / 10; digit > 1 && decimals < digit; digit /= 10) {
            sb.append('0'); // leading zeros of the 11 decimals
        }
        sb.append(decimals);
    }

    /** 10^0 .. 10^22: the powers of ten a double holds exactly. */
    private static final double[] EXACT_POWERS_OF_TEN = new double[23];

    static {
        EXACT_POWERS_OF_TEN[0] = 1;
        for (int k = 1; k < EXACT_POWERS_OF_TEN.length; k++) {
            EXACT_POWERS_OF_TEN[k] = EXACT_POWERS_OF_TEN[k - 1] * 10;
        }
    }

    /**
     * {@link Double#parseDouble}, or NaN where it throws. Plain decimals ({@code 0.10000000009}, what
     * kube-proxy writes) with at most 15 significant digits take a fast path without allocating: the digits
     * as an integer below 2^53 and 10^k are both exact doubles, and IEEE division rounds their quotient
     * correctly, so the result is the same double (Clinger's fast path).
     */
    static double parseDecimal(String s) {
        return parseDecimal(s, 0, s.length());
    }

    /** {@link #parseDecimal(String)} of {@code s[from, to)}. */
    static double parseDecimal(String s, int from, int to) {
        long digits = 0;
        int count = 0;
        int fraction = -1;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits = digits * 10 + (c - '0');
                if (++count > 15) {
                    return parseDouble(s.substring(from, to));
                }
                if (fraction >= 0) {
                    fraction++;
                }
            } else if (c == '.' && fraction < 0) {
                fraction = 0;
            } else {
                return parseDouble(s.substring(from, to));
            }
        }
        if (count == 0) {
            return parseDouble(s.substring(from, to));
        }
        return fraction <= 0 ? digits : digits / EXACT_POWERS_OF_TEN[fraction];
    }

    private static double parseDouble(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException ex) {
            return Double.NaN;
        }
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(
                OptionSpec.arg("mode"),
                OptionSpec.arg("probability").inv().inPlace(),
                OptionSpec.arg("every").inv(),
                OptionSpec.arg("packet"));

        @Override
        public String name() {
            return "statistic";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            OptionUse m = o.get("mode");
            OptionUse p = o.get("probability");
            OptionUse e = o.get("every");
            OptionUse k = o.get("packet");
            if (m == null) {
                throw MatchArgs.required("statistic", "--mode random|nth");
            }
            boolean inv = false;
            for (int i = 0, n = o.size(); i < n; i++) { // indexed: no iterator per rule
                OptionUse u = o.use(i);
                inv |= u.inverted();
            }
            if (p != null && (e != null || k != null)) {
                throw ExtensionException.constraint(p, "--probability cannot be combined with --every/--packet",
                        "use --mode random --probability P, or --mode nth --every N --packet P");
            }
            if ((e == null) != (k == null)) {
                throw ExtensionException.constraint(e != null ? e : k, "--every and --packet must be given together",
                        "add " + (e == null ? "--every N" : "--packet P"));
            }
            switch (m.arg()) {
                case "random" -> {
                    if (p == null) {
                        throw ExtensionException.constraint(m, "--mode random needs --probability P", null);
                    }
                    // read where it is written: kube-proxy rulesets have a different probability in most rules
                    String text = p.argText();
                    int end = p.argEnd();
                    double d = parseDecimal(text, p.argStart(), end);
                    char last = end > p.argStart() ? text.charAt(end - 1) : ' ';
                    if (!(d >= 0 && d <= 1) || last == 'd' || last == 'f') {
                        throw ExtensionException.badValue(p, "invalid probability '" + p.arg()
                                + "'; expected a number from 0 to 1");
                    }
                    return new StatisticMatch(Mode.RANDOM, Math.round(ONE * d), 0, 0, inv);
                }
                case "nth" -> {
                    if (e == null) {
                        throw ExtensionException.constraint(m, "--mode nth needs --every N and --packet P", null);
                    }
                    long every = dev.rampart.model.ext.Values.number(e, e.arg(), 1, MatchArgs.U32_MAX);
                    long packet = MatchArgs.u32(k, k.arg());
                    if (packet > every - 1) {
                        throw ExtensionException.badValue(k, "--packet must be from 0 to " + (every - 1)
                                + " (one less than --every)");
                    }
                    return new StatisticMatch(Mode.NTH, 0, every, packet, inv);
                }
                default -> throw ExtensionException.badValue(m, "unknown mode '" + m.arg() + "'",
                        "use random or nth");
            }
        }
    }
}
