package dev.rampart.model.match;

import dev.rampart.model.Family;
import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.write.SaveLine;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code -m eui64} (IPv6): the low 64 bits of the source address are the EUI-64 derived from the
 * packet's source MAC address. Takes no options; the kernel allows it only where the MAC header is
 * known: the PREROUTING, INPUT and FORWARD chains.
 */
public record Eui64Match() implements Match {

    /** The extension that parses {@code -m eui64}. */
    public static final MatchExtension EXTENSION = new Extension();

    @Override
    public String module() {
        return "eui64";
    }

    @Override
    public void writeOptions(SaveLine out) {
        // no options
    }

    private static final class Extension implements MatchExtension {
        @Override
        public String name() {
            return "eui64";
        }

        @Override
        public Set<Family> families() {
            return EnumSet.of(Family.IPV6);
        }

        @Override
        public List<OptionSpec> options() {
            return List.of();
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            if (!ctx.inChains(true, "PREROUTING", "INPUT", "FORWARD")) {
                throw ExtensionException.constraint(null, "match 'eui64' is only valid in the PREROUTING, INPUT and "
                        + "FORWARD chains, not in " + ctx.chain(), "the source MAC address is unknown elsewhere");
            }
            return new Eui64Match();
        }
    }
}
