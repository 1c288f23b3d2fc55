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
 * {@code -m connlimit}: the number of connections from the packet's source (or to its destination,
 * {@code byDestination}) address group, grouped by a {@code maskLength}-bit prefix, is at most
 * {@code limit} ({@code upto}) or above it.
 */
public record ConnlimitMatch(long limit, boolean upto, int maskLength, boolean byDestination) implements Match {

    /** The extension that parses {@code -m connlimit}. */
    public static final MatchExtension EXTENSION = new Extension();

    @Override
    public String module() {
        return "connlimit";
    }

    @Override
    public void writeOptions(SaveLine out) {
        out.option(upto ? "connlimit-upto" : "connlimit-above", Long.toString(limit));
        out.option("connlimit-mask", Integer.toString(maskLength));
        out.option(byDestination ? "connlimit-daddr" : "connlimit-saddr");
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(
                OptionSpec.arg("connlimit-upto").inv(),
                OptionSpec.arg("connlimit-above").inv(),
                OptionSpec.arg("connlimit-mask"),
                OptionSpec.flag("connlimit-saddr"),
                OptionSpec.flag("connlimit-daddr"));

        @Override
        public String name() {
            return "connlimit";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            OptionUse up = o.get("connlimit-upto");
            OptionUse ab = o.get("connlimit-above");
            if (up != null && ab != null) {
                throw ExtensionException.constraint(ab, "--connlimit-upto and --connlimit-above cannot be combined",
                        "keep one of them");
            }
            if (up == null && ab == null) {
                throw MatchArgs.required("connlimit", "--connlimit-above N or --connlimit-upto N");
            }
            OptionUse sa = o.get("connlimit-saddr");
            OptionUse da = o.get("connlimit-daddr");
            if (sa != null && da != null) {
                throw ExtensionException.constraint(da, "--connlimit-saddr and --connlimit-daddr cannot be combined",
                        "keep one of them");
            }
            OptionUse l = up != null ? up : ab;
            long limit = MatchArgs.u32(l, l.arg());
            boolean upto = (up != null) != l.inverted();
            int bits = ctx.family().bits();
            OptionUse m = o.get("connlimit-mask");
            if (m != null) {
                bits = (int) Values.number(m, m.arg(), 0, ctx.family().bits());
            }
            return new ConnlimitMatch(limit, upto, bits, da != null);
        }
    }
}
