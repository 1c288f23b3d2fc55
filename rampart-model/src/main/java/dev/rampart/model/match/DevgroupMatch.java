package dev.rampart.model.match;

import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.ValueMask;
import dev.rampart.model.write.SaveLine;
import java.util.List;

/**
 * {@code -m devgroup}: the device group of the input ({@code srcGroup}) and/or output
 * ({@code dstGroup}) interface, masked, equals the value; null when not tested. Group 0 is named
 * {@code default}, as in iproute2's {@code group} file.
 */
public record DevgroupMatch(ValueMask srcGroup, boolean srcInverted, ValueMask dstGroup, boolean dstInverted)
        implements Match {

    /** The extension that parses {@code -m devgroup}. */
    public static final MatchExtension EXTENSION = new Extension();

    @Override
    public String module() {
        return "devgroup";
    }

    private static String text(ValueMask g) {
        return g.fullMaskOnly() && g.value() == 0 ? "default" : g.toString();
    }

    @Override
    public void writeOptions(SaveLine out) {
        if (srcGroup != null) {
            out.option(srcInverted, "src-group", text(srcGroup));
        }
        if (dstGroup != null) {
            out.option(dstInverted, "dst-group", text(dstGroup));
        }
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.arg("src-group").inv(),
                OptionSpec.arg("dst-group").inv());

        @Override
        public String name() {
            return "devgroup";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            OptionUse s = o.get("src-group");
            OptionUse d = o.get("dst-group");
            if (s == null && d == null) {
                throw ExtensionException.constraint(null, "match 'devgroup' needs --src-group or --dst-group", null);
            }
            if (s != null && ctx.inChains(false, "OUTPUT", "POSTROUTING")) {
                throw ExtensionException.constraint(s, "--src-group tests the input interface, which "
                        + ctx.chain() + " does not have", "use --dst-group");
            }
            if (d != null && ctx.inChains(false, "PREROUTING", "INPUT")) {
                throw ExtensionException.constraint(d, "--dst-group tests the output interface, which "
                        + ctx.chain() + " does not have", "use --src-group");
            }
            return new DevgroupMatch(s == null ? null : RealmMatch.parseNamed(s, s.arg(), "default"),
                    s != null && s.inverted(), d == null ? null : RealmMatch.parseNamed(d, d.arg(), "default"),
                    d != null && d.inverted());
        }
    }
}
