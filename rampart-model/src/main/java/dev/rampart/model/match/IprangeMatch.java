package dev.rampart.model.match;

import dev.rampart.model.Family;
import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.net.HostMask;
import dev.rampart.model.write.SaveLine;
import java.util.List;

/**
 * {@code -m iprange [!] --src-range A-B [!] --dst-range A-B}: the source and/or destination address
 * lies in an inclusive range (null when not tested). A single address means {@code A-A}. A reversed
 * range is accepted, as the kernel does, and never matches.
 */
public record IprangeMatch(Range src, boolean srcInverted, Range dst, boolean dstInverted) implements Match {

    /** The extension that parses {@code -m iprange}. */
    public static final MatchExtension EXTENSION = new Extension();

    /** An inclusive address range; addresses are full-mask {@link HostMask}s of one family. */
    public record Range(HostMask from, HostMask to) {
        /** Whether the range is empty because {@code from} is above {@code to}. */
        public boolean isReversed() {
            int c = Long.compareUnsigned(from.hi(), to.hi());
            return c > 0 || c == 0 && Long.compareUnsigned(from.lo(), to.lo()) > 0;
        }

        @Override
        public String toString() {
            return from.addressText() + "-" + to.addressText();
        }
    }

    @Override
    public String module() {
        return "iprange";
    }

    @Override
    public void writeOptions(SaveLine out) {
        if (src != null) {
            out.option(srcInverted, "src-range", src.toString());
        }
        if (dst != null) {
            out.option(dstInverted, "dst-range", dst.toString());
        }
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(
                OptionSpec.arg("src-range").inv(),
                OptionSpec.arg("dst-range").inv());

        @Override
        public String name() {
            return "iprange";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            OptionUse s = o.get("src-range");
            OptionUse d = o.get("dst-range");
            if (s == null && d == null) {
                throw MatchArgs.required("iprange", "--src-range or --dst-range");
            }
            return new IprangeMatch(s == null ? null : range(s, ctx.family()), s != null && s.inverted(),
                    d == null ? null : range(d, ctx.family()), d != null && d.inverted());
        }

        private static Range range(OptionUse u, Family family) throws ExtensionException {
            String t = u.arg();
            int dash = t.indexOf('-');
            String a = dash < 0 ? t : t.substring(0, dash);
            String b = dash < 0 ? t : t.substring(dash + 1);
            HostMask from = HostMask.parse(family, a);
            HostMask to = HostMask.parse(family, b);
            if (from == null || to == null || a.contains("/") || b.contains("/")) {
                throw ExtensionException.badValue(u, "invalid address range '" + t + "' for --" + u.name(),
                        "write FIRST-LAST with two " + (family == Family.IPV4 ? "IPv4" : "IPv6") + " addresses");
            }
            return new Range(from, to);
        }
    }
}
