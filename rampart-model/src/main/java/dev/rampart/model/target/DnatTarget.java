package dev.rampart.model.target;

import dev.rampart.model.TableName;
import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.TargetExtension;
import dev.rampart.model.write.SaveLine;
import java.util.List;

/**
 * {@code -j DNAT --to-destination RANGE [--random] [--persistent]}: rewrite the destination of a new
 * connection to an address (range) and/or port (range) in {@code to}; the connection's later packets
 * follow. Valid in table nat, chains PREROUTING and OUTPUT (kernel {@code xt_nat}); ports need
 * {@code -p tcp|udp|sctp|dccp}. Terminal: the packet leaves the chain.
 */
public record DnatTarget(NatRange to, boolean random, boolean persistent) implements Target {

    /** The extension that parses {@code -j DNAT} (IPv4 and IPv6). */
    public static final TargetExtension EXTENSION = new Extension();

    @Override
    public String name() {
        return "DNAT";
    }

    @Override
    public void writeOptions(SaveLine out) {
        out.option("to-destination");
        to.appendTo(out.buffer().append(' '));
        if (random) {
            out.option("random");
        }
        if (persistent) {
            out.option("persistent");
        }
    }

    @Override
    public boolean isTerminal() {
        return true;
    }

    private static final class Extension implements TargetExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.arg("to-destination").inPlace(),
                OptionSpec.flag("random"), OptionSpec.flag("persistent"));

        @Override
        public String name() {
            return "DNAT";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Target build(Options o, RuleContext ctx) throws ExtensionException {
            OptionUse u = TargetSupport.mandatory(o, "to-destination",
                    "give the new destination, e.g. --to-destination 192.0.2.10:8080");
            NatRange to = NatRange.parseTo(u, ctx, true);
            TargetSupport.requireTable(ctx, "DNAT", TableName.NAT);
            TargetSupport.requireChains(ctx, "DNAT", "PREROUTING", "OUTPUT");
            return new DnatTarget(to, o.has("random"), o.has("persistent"));
        }
    }
}
