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
import java.util.Locale;

/**
 * {@code -m rateest}: compares the rate measured by a RATEEST estimator ({@code name1}) with a fixed rate
 * (absolute mode, {@code name2} null) or with a second estimator ({@code name2}); with {@code delta}, the
 * difference between the measured rate and {@code value1} is compared instead. Rates are in bytes per
 * second ({@code bps}) or packets per second; a value of -1 means "not given".
 */
public record RateestMatch(boolean delta, String name1, String name2, Mode mode, boolean inverted, boolean bps,
                           long value1, long value2) implements Match {

    /** The extension that parses {@code -m rateest}. */
    public static final MatchExtension EXTENSION = new Extension();

    /** How the two rates are compared. */
    public enum Mode { LT, GT, EQ }

    @Override
    public String module() {
        return "rateest";
    }

    @Override
    public void writeOptions(SaveLine out) {
        if (delta) {
            out.option("rateest-delta");
        }
        out.option(name2 != null ? "rateest1" : "rateest", name1);
        if (delta) {
            rate(out, bps ? "rateest-bps1" : "rateest-pps1", value1);
        }
        out.option(inverted, "rateest-" + mode.name().toLowerCase(Locale.ROOT));
        if (delta) {
            rate(out, bps ? "rateest-bps2" : "rateest-pps2", value2);
        } else {
            rate(out, bps ? "rateest-bps" : "rateest-pps", value2);
        }
        if (name2 != null) {
            out.option("rateest2", name2);
        }
    }

    private void rate(SaveLine out, String option, long value) {
        out.option(option);
        if (value >= 0) {
            out.word(bps ? formatRate(value) : Long.toString(value));
        }
    }

    /** A rate in bytes per second as iptables prints it: bits with a Kbit/Mbit unit above 10^6/10^9. */
    static String formatRate(long bytesPerSecond) {
        double bits = bytesPerSecond * 8.0;
        if (bits >= 1000.0 * 1000000.0) {
            return String.format(Locale.ROOT, "%.0fMbit", bits / 1000000.0);
        }
        if (bits >= 1000.0 * 1000.0) {
            return String.format(Locale.ROOT, "%.0fKbit", bits / 1000.0);
        }
        return String.format(Locale.ROOT, "%.0fbit", bits);
    }

    /**
     * Parses a tc-style rate ({@code 8bit}, {@code 5kbit}, {@code 2mbps}, {@code 1gibit}; a bare number is
     * bits per second) into bytes per second.
     */
    static long parseRate(OptionUse u, String text) throws ExtensionException {
        int i = 0;
        while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
            i++;
        }
        double number;
        try {
            number = Double.parseDouble(text.substring(0, i));
        } catch (NumberFormatException e) {
            throw ExtensionException.badValue(u, "invalid rate '" + text + "'", "write it like 8bit, 5kbit or 2mbps");
        }
        String unit = text.substring(i).toLowerCase(Locale.ROOT);
        double factor = switch (unit) {
            case "", "bit" -> 1;
            case "kbit" -> 1e3;
            case "mbit" -> 1e6;
            case "gbit" -> 1e9;
            case "tbit" -> 1e12;
            case "kibit" -> 1024.0;
            case "mibit" -> 1024.0 * 1024;
            case "gibit" -> 1024.0 * 1024 * 1024;
            case "tibit" -> 1024.0 * 1024 * 1024 * 1024;
            case "bps" -> 8;
            case "kbps" -> 8e3;
            case "mbps" -> 8e6;
            case "gbps" -> 8e9;
            case "tbps" -> 8e12;
            case "kibps" -> 8 * 1024.0;
            case "mibps" -> 8 * 1024.0 * 1024;
            case "gibps" -> 8 * 1024.0 * 1024 * 1024;
            case "tibps" -> 8 * 1024.0 * 1024 * 1024 * 1024;
            default -> -1;
        };
        if (factor < 0) {
            throw ExtensionException.badValue(u, "unknown rate unit '" + text.substring(i) + "'",
                    "units are bit, kbit, mbit, gbit, bps, kbps, mbps, gbps (and kibit, mibit, ...)");
        }
        double bytes = number * factor / 8;
        if (bytes > 0xFFFFFFFFL) {
            throw ExtensionException.badValue(u, "rate '" + text + "' is too large");
        }
        return (long) bytes;
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(
                OptionSpec.flag("rateest-delta"),
                OptionSpec.arg("rateest"), OptionSpec.arg("rateest1"), OptionSpec.arg("rateest2"),
                OptionSpec.optionalArg("rateest-bps"), OptionSpec.optionalArg("rateest-pps"),
                OptionSpec.optionalArg("rateest-bps1"), OptionSpec.optionalArg("rateest-pps1"),
                OptionSpec.optionalArg("rateest-bps2"), OptionSpec.optionalArg("rateest-pps2"),
                OptionSpec.flag("rateest-lt").inv(), OptionSpec.flag("rateest-gt").inv(),
                OptionSpec.flag("rateest-eq").inv());

        @Override
        public String name() {
            return "rateest";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            OptionUse abs = o.get("rateest");
            OptionUse rel1 = o.get("rateest1");
            OptionUse rel2 = o.get("rateest2");
            if (abs != null && (rel1 != null || rel2 != null)) {
                throw ExtensionException.constraint(abs, "--rateest cannot be combined with --rateest1/--rateest2",
                        "use --rateest NAME for one estimator, or --rateest1 A ... --rateest2 B for two");
            }
            if (abs == null && rel1 == null) {
                throw ExtensionException.constraint(rel2, "match 'rateest' needs --rateest NAME or --rateest1 NAME",
                        null);
            }
            if (rel1 != null && rel2 == null) {
                throw ExtensionException.constraint(rel1, "--rateest1 needs --rateest2 (the second estimator)", null);
            }
            Mode mode = null;
            boolean inverted = false;
            for (Mode m : Mode.values()) {
                OptionUse u = o.get("rateest-" + m.name().toLowerCase(Locale.ROOT));
                if (u != null) {
                    if (mode != null) {
                        throw ExtensionException.constraint(u, "only one of --rateest-lt, --rateest-gt and"
                                + " --rateest-eq may be given", null);
                    }
                    mode = m;
                    inverted = u.inverted();
                }
            }
            if (mode == null) {
                throw ExtensionException.constraint(null, "match 'rateest' needs --rateest-lt, --rateest-gt or"
                        + " --rateest-eq", null);
            }
            boolean bps = o.has("rateest-bps") || o.has("rateest-bps1") || o.has("rateest-bps2");
            boolean pps = o.has("rateest-pps") || o.has("rateest-pps1") || o.has("rateest-pps2");
            if (bps == pps) {
                throw ExtensionException.constraint(null, bps ? "bps and pps options cannot be mixed"
                        : "match 'rateest' needs --rateest-bps or --rateest-pps", null);
            }
            String unit = bps ? "bps" : "pps";
            long v1 = value(o.get("rateest-" + unit + "1"), bps);
            long v2 = o.has("rateest-" + unit + "2") ? value(o.get("rateest-" + unit + "2"), bps)
                    : value(o.get("rateest-" + unit), bps);
            return new RateestMatch(o.has("rateest-delta"), abs != null ? abs.arg() : rel1.arg(),
                    rel2 == null ? null : rel2.arg(), mode, inverted, bps, v1, v2);
        }

        private static long value(OptionUse u, boolean bps) throws ExtensionException {
            if (u == null || u.args().isEmpty()) {
                return -1;
            }
            return bps ? parseRate(u, u.arg()) : Values.number(u, u.arg(), 0, 0xFFFFFFFFL);
        }
    }
}
