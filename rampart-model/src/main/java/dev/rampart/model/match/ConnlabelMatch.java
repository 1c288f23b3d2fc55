package dev.rampart.model.match;

import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.write.SaveLine;
import java.util.List;

/**
 * {@code -m connlabel [!] --label N [--set]}: connection label bit {@code bit} (0..{@value #MAX_BIT})
 * is set on the connection; with {@code set} the rule sets it first. Label names from
 * {@code connlabel.conf} are host configuration and are not resolved: give the bit number.
 */
public record ConnlabelMatch(int bit, boolean inverted, boolean set) implements Match {

    /** Highest label bit the kernel supports. */
    public static final int MAX_BIT = 127;

    /** The extension that parses {@code -m connlabel}. */
    public static final MatchExtension EXTENSION = new Extension();

    @Override
    public String module() {
        return "connlabel";
    }

    @Override
    public void writeOptions(SaveLine out) {
        out.option(inverted, "label", "\"" + bit + "\"");
        if (set) {
            out.option("set");
        }
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.arg("label").inv(), OptionSpec.flag("set"));

        @Override
        public String name() {
            return "connlabel";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            OptionUse u = o.get("label");
            if (u == null) {
                throw MatchArgs.required("connlabel", "--label N");
            }
            String t = u.arg();
            if (t.isEmpty() || !t.chars().allMatch(Character::isDigit)) {
                throw ExtensionException.badValue(u, "label '" + t + "' is not a bit number; names from "
                        + "connlabel.conf are host configuration Rampart does not read", "use the label's bit "
                        + "number 0-" + MAX_BIT);
            }
            int bit = (int) dev.rampart.model.ext.Values.number(u, t, 0, MAX_BIT);
            return new ConnlabelMatch(bit, u.inverted(), o.has("set"));
        }
    }
}
