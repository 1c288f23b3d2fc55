package dev.rampart.model.target;

import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.TargetExtension;
import dev.rampart.model.write.SaveLine;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code -j RATEEST --rateest-name NAME --rateest-interval T --rateest-ewmalog T}: feed the packet into
 * rate estimator {@code name} and continue. The kernel stores the interval as {@code 2^intervalExp}
 * quarter seconds ({@code intervalExp} -2..3, i.e. 250 ms..8 s) and the averaging constant as
 * {@code ewmaLog} 1..30; iptables-save prints both back as times.
 */
public record RateestTarget(String rateestName, int intervalExp, int ewmaLog) implements Target {

    /** Microseconds per second: the time unit of the estimator. */
    private static final long US_PER_SEC = 1_000_000;
    private static final Pattern TIME = Pattern.compile("([0-9]*\\.?[0-9]*(?:[eE][+-]?[0-9]+)?)(.*)");

    /** The extension that parses {@code -j RATEEST}. */
    public static final TargetExtension EXTENSION = new Extension();

    @Override
    public String name() {
        return "RATEEST";
    }

    /** The estimation interval in microseconds. */
    public long intervalMicros() {
        return (US_PER_SEC << (intervalExp + 2)) / 4;
    }

    @Override
    public void writeOptions(SaveLine out) {
        long interval = intervalMicros();
        long ewma = (interval * (1L << ewmaLog)) & 0xFFFFFFFFL; // unsigned int arithmetic, as iptables prints it
        out.option("rateest-name", rateestName);
        out.option("rateest-interval", time(interval));
        out.option("rateest-ewmalog", time(ewma));
    }

    private static String time(long us) {
        if (us >= US_PER_SEC) {
            return String.format(Locale.ROOT, "%.1fs", us / (double) US_PER_SEC);
        }
        if (us >= US_PER_SEC / 1000) {
            return String.format(Locale.ROOT, "%.1fms", us / (double) (US_PER_SEC / 1000));
        }
        return us + "us";
    }

    private static final class Extension implements TargetExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.arg("rateest-name"),
                OptionSpec.arg("rateest-interval"), OptionSpec.arg("rateest-ewmalog"));

        @Override
        public String name() {
            return "RATEEST";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Target build(Options o, RuleContext ctx) throws ExtensionException {
            OptionUse n = TargetSupport.mandatory(o, "rateest-name", "add --rateest-name NAME");
            OptionUse i = TargetSupport.mandatory(o, "rateest-interval", "add --rateest-interval TIME, e.g. 250ms");
            OptionUse e = TargetSupport.mandatory(o, "rateest-ewmalog", "add --rateest-ewmalog TIME, e.g. 1s");
            if (n.arg().isEmpty() || n.arg().length() > 15) {
                throw ExtensionException.badValue(n, "estimator name must be 1 to 15 characters");
            }
            long interval = micros(i);
            long ewma = micros(e);
            int exp = 0;
            while (exp <= 5 && interval > (1L << exp) * (US_PER_SEC / 4)) {
                exp++;
            }
            if (exp > 5) {
                throw ExtensionException.badValue(i, "interval too large; the longest is 8s");
            }
            int log = 1;
            while (log < 32) {
                double w = 1.0 - 1.0 / (1L << log);
                if (interval / (-Math.log(w)) > ewma) {
                    break;
                }
                log++;
            }
            log--;
            if (log == 0 || log >= 31) {
                throw ExtensionException.badValue(e, "ewmalog out of range for this interval",
                        "choose an averaging time between the interval and about 2^30 intervals");
            }
            return new RateestTarget(n.arg(), exp - 2, log);
        }

        /** A time as iproute's get_time reads it: a number with optional s/ms/us unit (default us). */
        private static long micros(OptionUse u) throws ExtensionException {
            Matcher m = TIME.matcher(u.arg());
            double t;
            if (!m.matches() || m.group(1).isEmpty() || m.group(1).equals(".")) {
                throw ExtensionException.badValue(u, "bad time '" + u.arg() + "'", "write e.g. 250ms or 1s");
            }
            try {
                t = Double.parseDouble(m.group(1));
            } catch (NumberFormatException ex) {
                throw ExtensionException.badValue(u, "bad time '" + u.arg() + "'", "write e.g. 250ms or 1s");
            }
            String unit = m.group(2).toLowerCase(Locale.ROOT);
            switch (unit) {
                case "" , "us", "usec", "usecs" -> {
                    // microseconds
                }
                case "s", "sec", "secs" -> t *= US_PER_SEC;
                case "ms", "msec", "msecs" -> t *= US_PER_SEC / 1000;
                default -> throw ExtensionException.badValue(u, "bad time unit '" + m.group(2) + "'",
                        "use s, ms or us");
            }
            if (t > 0xFFFFFFFFL) {
                throw ExtensionException.badValue(u, "time '" + u.arg() + "' is too large");
            }
            return (long) t;
        }
    }
}
