package dev.rampart.model.target;

import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.TargetExtension;
import dev.rampart.model.net.IpPrefix;
import dev.rampart.model.write.SaveLine;
import java.util.List;

/**
 * {@code -j TEE --gateway ADDR [--oif IFACE]}: send a copy of the packet to the next hop {@code gateway}
 * (a host address of the rule's family), optionally through interface {@code oif} ("" for routing), and
 * continue with the original.
 */
public record TeeTarget(IpPrefix gateway, String oif) implements Target {

    /** Longest interface name, in bytes. */
    public static final int MAX_IFNAME = 15;

    /** The extension that parses {@code -j TEE}. */
    public static final TargetExtension EXTENSION = new Extension();

    @Override
    public String name() {
        return "TEE";
    }

    @Override
    public void writeOptions(SaveLine out) {
        out.option("gateway", gateway.addressText());
        if (!oif.isEmpty()) {
            out.option("oif", oif);
        }
    }

    private static final class Extension implements TargetExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.arg("gateway"), OptionSpec.arg("oif"));

        @Override
        public String name() {
            return "TEE";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Target build(Options o, RuleContext ctx) throws ExtensionException {
            OptionUse g = TargetSupport.mandatory(o, "gateway", "add --gateway ADDRESS of the host to copy to");
            IpPrefix gw = NatRange.host(g, g.arg(), ctx.family());
            String oif = "";
            OptionUse i = o.get("oif");
            if (i != null) {
                oif = i.arg();
                if (oif.isEmpty() || oif.length() > MAX_IFNAME) {
                    throw ExtensionException.badValue(i, "interface name must be 1 to " + MAX_IFNAME + " characters");
                }
            }
            return new TeeTarget(gw, oif);
        }
    }
}
