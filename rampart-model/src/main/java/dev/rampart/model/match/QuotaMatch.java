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
 * {@code -m quota [!] --quota BYTES}: matches until {@code bytes} (unsigned 64-bit) have passed the
 * rule, then stops matching (the reverse when {@code inverted}). Stateful: the simulator keeps the
 * remaining quota.
 */
public record QuotaMatch(long bytes, boolean inverted) implements Match {

    /** The extension that parses {@code -m quota}. */
    public static final MatchExtension EXTENSION = new Extension();

    @Override
    public String module() {
        return "quota";
    }

    @Override
    public void writeOptions(SaveLine out) {
        out.option(inverted, "quota", Long.toUnsignedString(bytes));
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.arg("quota").inv());

        @Override
        public String name() {
            return "quota";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            OptionUse u = o.get("quota");
            if (u == null) {
                throw MatchArgs.required("quota", "--quota BYTES");
            }
            return new QuotaMatch(MatchArgs.u64(u, u.arg()), u.inverted());
        }
    }
}
