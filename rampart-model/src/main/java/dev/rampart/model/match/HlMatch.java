package dev.rampart.model.match;

import dev.rampart.model.Family;
import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.match.TtlMatch.Comparison;
import dev.rampart.model.write.SaveLine;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code -m hl} (IPv6): the packet's hop limit compared with {@code value} (0..255) by {@code op}
 * ({@code --hl-eq}, {@code ! --hl-eq}, {@code --hl-lt}, {@code --hl-gt}).
 */
public record HlMatch(Comparison op, int value) implements Match {

    /** The extension that parses {@code -m hl}. */
    public static final MatchExtension EXTENSION = new Extension();

    @Override
    public String module() {
        return "hl";
    }

    @Override
    public void writeOptions(SaveLine out) {
        TtlMatch.write(out, "hl", op, value);
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(
                OptionSpec.arg("hl-eq").inv(),
                OptionSpec.arg("hl-lt"),
                OptionSpec.arg("hl-gt"),
                OptionSpec.arg("hl"));

        @Override
        public String name() {
            return "hl";
        }

        @Override
        public Set<Family> families() {
            return EnumSet.of(Family.IPV6);
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            TtlMatch.Test t = TtlMatch.parse(o, "hl");
            return new HlMatch(t.op(), t.value());
        }
    }
}
