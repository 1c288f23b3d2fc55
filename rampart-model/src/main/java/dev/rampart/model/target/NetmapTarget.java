package dev.rampart.model.target;

import dev.rampart.model.TableName;
import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.TargetExtension;
import dev.rampart.model.net.IpPrefix;
import dev.rampart.model.net.IpText;
import dev.rampart.model.write.SaveLine;
import java.util.List;

/**
 * {@code -j NETMAP --to ADDRESS[/MASK]}: static 1:1 mapping of a whole network; the host bits of the
 * address are kept and the network bits replaced by {@code to} (stored masked, as the kernel stores
 * it). In PREROUTING and OUTPUT it maps destinations, in POSTROUTING and INPUT sources. Valid in table
 * nat. Terminal.
 */
public record NetmapTarget(IpPrefix to) implements Target {

    /** The extension that parses {@code -j NETMAP} (IPv4 and IPv6). */
    public static final TargetExtension EXTENSION = new Extension();

    @Override
    public String name() {
        return "NETMAP";
    }

    @Override
    public void writeOptions(SaveLine out) {
        out.option("to");
        to.appendTo(out.buffer().append(' '));
    }

    @Override
    public boolean isTerminal() {
        return true;
    }

    private static final class Extension implements TargetExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.arg("to"));

        @Override
        public String name() {
            return "NETMAP";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Target build(Options o, RuleContext ctx) throws ExtensionException {
            OptionUse u = TargetSupport.mandatory(o, "to", "give the network to map to, e.g. --to 192.0.2.0/24");
            IpPrefix to = IpText.parsePrefix(ctx.family(), u.arg());
            if (to == null) {
                throw ExtensionException.badValue(u, "'" + u.arg() + "' is not an " + (ctx.family().number() == 4
                        ? "IPv4" : "IPv6") + " address with an optional /mask", "write e.g. 192.0.2.0/24");
            }
            TargetSupport.requireTable(ctx, "NETMAP", TableName.NAT);
            return new NetmapTarget(to);
        }
    }
}
