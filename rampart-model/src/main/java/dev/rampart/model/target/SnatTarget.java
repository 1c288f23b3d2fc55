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
 * {@code -j SNAT --to-source RANGE [--random] [--random-fully] [--persistent]}: rewrite the source of a
 * new connection to an address (range) and/or port (range) in {@code to}. Valid in table nat, chains
 * POSTROUTING and INPUT; ports need {@code -p tcp|udp|sctp|dccp}. Terminal.
 */
public record SnatTarget(NatRange to, boolean random, boolean randomFully, boolean persistent) implements Target {

    /** The extension that parses {@code -j SNAT} (IPv4 and IPv6). */
    public static final TargetExtension EXTENSION = new Extension();

    @Override
    public String name() {
        return "SNAT";
    }

    @Override
    public void writeOptions(SaveLine out) {
        out.option("to-source");
        to.appendTo(out.buffer().append(' '));
        if (random) {
            out.option("random");
        }
        if (randomFully) {
            out.option("random-fully");
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
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.arg("to-source").inPlace(),
                OptionSpec.flag("random"), OptionSpec.flag("random-fully"), OptionSpec.flag("persistent"));

        @Override
        public String name() {
            return "SNAT";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Target build(Options o, RuleContext ctx) throws ExtensionException {
            OptionUse u = TargetSupport.mandatory(o, "to-source",
                    "give the new source, e.g. --to-source 198.51.100.1");
            NatRange to = NatRange.parseTo(u, ctx, false);
            TargetSupport.requireTable(ctx, "SNAT", TableName.NAT);
            TargetSupport.requireChains(ctx, "SNAT", "POSTROUTING", "INPUT");
            return new SnatTarget(to, o.has("random"), o.has("random-fully"), o.has("persistent"));
        }
    }
}
