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
 * {@code -m mark [!] --mark VALUE[/MASK]}: the packet's mark ANDed with the mask
 * equals the value (32-bit; no mask means all ones).
 */
public record MarkMatch(ValueMask mark, boolean inverted) implements Match {

    /** The extension that parses {@code -m mark}. */
    public static final MatchExtension EXTENSION = new Extension();

    /** Whether {@code value} (a mark) satisfies the test, inversion included. */
    public boolean matches(long value) {
        return ((value & mark.mask()) == mark.value()) != inverted;
    }

    @Override
    public String module() {
        return "mark";
    }

    @Override
    public void writeOptions(SaveLine out) {
        out.option(inverted, "mark", mark.toString());
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.arg("mark").inv());

        @Override
        public String name() {
            return "mark";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            OptionUse u = o.get("mark");
            if (u == null) {
                throw MatchArgs.required("mark", "--mark VALUE[/MASK]");
            }
            return new MarkMatch(ValueMask.parse32(u, u.arg()), u.inverted());
        }
    }
}
