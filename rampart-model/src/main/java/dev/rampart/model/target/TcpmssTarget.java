package dev.rampart.model.target;

import dev.rampart.model.Family;
import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.TargetExtension;
import dev.rampart.model.net.Protocol;
import dev.rampart.model.write.SaveLine;
import java.util.List;

/**
 * {@code -j TCPMSS}: rewrite the MSS option of TCP SYN packets and continue. {@code mss} is the value to
 * set, or {@link #CLAMP_PMTU} for {@code --clamp-mss-to-pmtu} (path MTU minus headers). Needs
 * {@code -p tcp}; clamping is only valid in FORWARD, OUTPUT and POSTROUTING.
 */
public record TcpmssTarget(int mss) implements Target {

    /** The {@code mss} value meaning "clamp to path MTU" (kernel {@code XT_TCPMSS_CLAMP_PMTU}). */
    public static final int CLAMP_PMTU = 0xFFFF;

    /** The extension that parses {@code -j TCPMSS}. */
    public static final TargetExtension EXTENSION = new Extension();

    /** Whether this is {@code --clamp-mss-to-pmtu}. */
    public boolean clampToPmtu() {
        return mss == CLAMP_PMTU;
    }

    @Override
    public String name() {
        return "TCPMSS";
    }

    @Override
    public void writeOptions(SaveLine out) {
        if (clampToPmtu()) {
            out.option("clamp-mss-to-pmtu");
        } else {
            out.option("set-mss", Integer.toString(mss));
        }
    }

    private static final class Extension implements TargetExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.arg("set-mss"),
                OptionSpec.flag("clamp-mss-to-pmtu"));

        @Override
        public String name() {
            return "TCPMSS";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Target build(Options o, RuleContext ctx) throws ExtensionException {
            TargetSupport.atMostOne(o, "set-mss", "clamp-mss-to-pmtu");
            if (o.isEmpty()) {
                throw ExtensionException.constraint(null, "--set-mss VALUE or --clamp-mss-to-pmtu is required",
                        "add --clamp-mss-to-pmtu");
            }
            OptionUse u = o.all().get(0);
            int mss;
            if (u.name().equals("set-mss")) {
                int header = ctx.family() == Family.IPV4 ? 20 : 40;
                mss = (int) TargetSupport.uint(u, 0, 65535 - header);
            } else {
                mss = CLAMP_PMTU;
            }
            TargetSupport.requireProtocol(ctx, u, "TCPMSS", Protocol.TCP);
            if (mss == CLAMP_PMTU && !ctx.inChains(true, "FORWARD", "OUTPUT", "POSTROUTING")) {
                throw ExtensionException.constraint(u, "--clamp-mss-to-pmtu is only valid in chains FORWARD, OUTPUT"
                        + " and POSTROUTING, not in " + ctx.chain(), "use --set-mss VALUE here, or move the rule");
            }
            return new TcpmssTarget(mss);
        }
    }
}
