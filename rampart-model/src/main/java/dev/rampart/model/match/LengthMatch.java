package dev.rampart.model.match;

import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.UintRange;
import dev.rampart.model.write.SaveLine;
import java.util.List;

/**
 * {@code -m length [!] --length MIN[:MAX]}: the layer-3 packet length (IPv4 total length; IPv6
 * payload length plus the 40-byte header) lies in {@code length} (bytes, 0..65535), or not when
 * {@code inverted}.
 */
public record LengthMatch(UintRange length, boolean inverted) implements Match {

    /** The extension that parses {@code -m length}. */
    public static final MatchExtension EXTENSION = new Extension();

    @Override
    public String module() {
        return "length";
    }

    @Override
    public void writeOptions(SaveLine out) {
        out.option(inverted, "length", length.toString());
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.arg("length").inv());

        @Override
        public String name() {
            return "length";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            OptionUse u = o.get("length");
            if (u == null) {
                throw ExtensionException.constraint(null, "match 'length' needs --length MIN[:MAX]",
                        "add e.g. '--length 0:128'");
            }
            return new LengthMatch(UintRange.parse(u, u.arg(), 0xFFFF), u.inverted());
        }
    }
}
