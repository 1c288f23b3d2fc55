package dev.rampart.model.match;

import dev.rampart.model.TableName;
import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.write.SaveLine;
import java.util.List;

/**
 * {@code -m rpfilter}: reverse-path filter. Matches when a route back to the source leaves through
 * the interface the packet came in on ({@code loose}: through any interface), looking the route up
 * with the packet's mark ({@code validMark}), accepting local source addresses ({@code acceptLocal});
 * {@code invert} flips the result. Valid only in the PREROUTING chain of the raw and mangle tables.
 */
public record RpfilterMatch(boolean loose, boolean validMark, boolean acceptLocal, boolean invert) implements Match {

    /** The extension that parses {@code -m rpfilter}. */
    public static final MatchExtension EXTENSION = new Extension();

    @Override
    public String module() {
        return "rpfilter";
    }

    @Override
    public void writeOptions(SaveLine out) {
        if (loose) {
            out.option("loose");
        }
        if (validMark) {
            out.option("validmark");
        }
        if (acceptLocal) {
            out.option("accept-local");
        }
        if (invert) {
            out.option("invert");
        }
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(
                OptionSpec.flag("loose"),
                OptionSpec.flag("validmark"),
                OptionSpec.flag("accept-local"),
                OptionSpec.flag("invert"));

        @Override
        public String name() {
            return "rpfilter";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            if (ctx.table() != TableName.RAW && ctx.table() != TableName.MANGLE) {
                throw ExtensionException.constraint(null, "match 'rpfilter' is only valid in the raw and mangle "
                        + "tables, not in '" + ctx.table().id() + "'", "use '-t raw -A PREROUTING ...'");
            }
            if (!ctx.inChains(true, "PREROUTING")) {
                throw ExtensionException.constraint(null, "match 'rpfilter' is only valid in the PREROUTING chain, "
                        + "not in " + ctx.chain(), "use '-t " + ctx.table().id() + " -A PREROUTING ...'");
            }
            return new RpfilterMatch(o.has("loose"), o.has("validmark"), o.has("accept-local"), o.has("invert"));
        }
    }
}
