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
 * {@code -j REDIRECT [--to-ports P[-Q]] [--random]}: destination NAT to the host itself (the primary
 * address of the incoming interface, or loopback for locally generated packets), optionally to another
 * port ({@code ports}, null when kept). Valid in table nat, chains PREROUTING and OUTPUT; ports need
 * {@code -p tcp|udp|sctp|dccp}. Terminal.
 */
public record RedirectTarget(PortRange ports, boolean random) implements Target {

    /** The extension that parses {@code -j REDIRECT} (IPv4 and IPv6). */
    public static final TargetExtension EXTENSION = new Extension();

    @Override
    public String name() {
        return "REDIRECT";
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
    }

    @Override
    public boolean isTerminal() {
        return true;
    }

    private static final class Extension implements TargetExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.arg("to-ports"), OptionSpec.flag("random"));

        @Override
        public String name() {
            return "REDIRECT";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Target build(Options o, RuleContext ctx) throws ExtensionException {
            OptionUse u = o.get("to-ports");
            PortRange ports = u == null ? null : NatRange.parsePorts(u, u.arg(), ctx, false).range();
            TargetSupport.requireTable(ctx, "REDIRECT", TableName.NAT);
            TargetSupport.requireChains(ctx, "REDIRECT", "PREROUTING", "OUTPUT");
            return new RedirectTarget(ports, o.has("random"));
        }
    }
}
