package dev.rampart.model.target;

import dev.rampart.model.TableName;
import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.TargetExtension;
import dev.rampart.model.net.PortRange;
import dev.rampart.model.write.SaveLine;
import java.util.List;

/**
 * {@code -j MASQUERADE [--to-ports P[-Q]] [--random] [--random-fully]}: source NAT to the address of the
 * outgoing interface. {@code ports} is null when the source port is kept. Valid in table nat, chain
 * POSTROUTING; ports need {@code -p tcp|udp|sctp|dccp}. Terminal.
 */
public record MasqueradeTarget(PortRange ports, boolean random, boolean randomFully) implements Target {

    /** The extension that parses {@code -j MASQUERADE} (IPv4 and IPv6). */
    public static final TargetExtension EXTENSION = new Extension();

    @Override
    public String name() {
        return "MASQUERADE";
    }

    @Override
    public void writeOptions(SaveLine out) {
        if (ports != null) {
            out.option("to-ports", ports.from() == ports.to() ? Integer.toString(ports.from())
                    : ports.from() + "-" + ports.to());
        }
        if (random) {
            out.option("random");
        }
        if (randomFully) {
            out.option("random-fully");
        }
    }

    @Override
    public boolean isTerminal() {
        return true;
    }

    private static final class Extension implements TargetExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.arg("to-ports"),
                OptionSpec.flag("random"), OptionSpec.flag("random-fully"));

        @Override
        public String name() {
            return "MASQUERADE";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Target build(Options o, RuleContext ctx) throws ExtensionException {
            OptionUse u = o.get("to-ports");
            PortRange ports = u == null ? null : NatRange.parsePorts(u, u.arg(), ctx, false).range();
            TargetSupport.requireTable(ctx, "MASQUERADE", TableName.NAT);
            TargetSupport.requireChains(ctx, "MASQUERADE", "POSTROUTING");
            return new MasqueradeTarget(ports, o.has("random"), o.has("random-fully"));
        }
    }
}
