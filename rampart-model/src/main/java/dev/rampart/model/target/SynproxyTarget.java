package dev.rampart.model.target;

import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.TargetExtension;
import dev.rampart.model.net.Protocol;
import dev.rampart.model.write.SaveLine;
import java.util.List;

/**
 * {@code -j SYNPROXY}: answer TCP SYNs with SYN cookies and open the connection to the server only after
 * the client completed the handshake. The TCP options announced to the client: {@code sackPerm},
 * {@code timestamp}, {@code ecn}, window scale {@code wscale} and {@code mss} (-1 when not given). Needs
 * {@code -p tcp}; valid only in INPUT and FORWARD. SYNs and handshake ACKs end traversal, other packets
 * continue, so the target is not treated as terminal.
 */
public record SynproxyTarget(boolean sackPerm, boolean timestamp, int wscale, int mss, boolean ecn) implements Target {

    /** The extension that parses {@code -j SYNPROXY}. */
    public static final TargetExtension EXTENSION = new Extension();

    @Override
    public String name() {
        return "SYNPROXY";
    }

    @Override
    public void writeOptions(SaveLine out) {
        if (sackPerm) {
            out.option("sack-perm");
        }
        if (timestamp) {
            out.option("timestamp");
        }
        if (wscale >= 0) {
            out.option("wscale", Integer.toString(wscale));
        }
        if (mss >= 0) {
            out.option("mss", Integer.toString(mss));
        }
        if (ecn) {
            out.option("ecn");
        }
    }

    private static final class Extension implements TargetExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.flag("sack-perm"),
                OptionSpec.flag("timestamp"), OptionSpec.arg("wscale"), OptionSpec.arg("mss"), OptionSpec.flag("ecn"));

        @Override
        public String name() {
            return "SYNPROXY";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Target build(Options o, RuleContext ctx) throws ExtensionException {
            int wscale = o.has("wscale") ? (int) TargetSupport.uint(o.get("wscale"), 0, 255) : -1;
            int mss = o.has("mss") ? (int) TargetSupport.uint(o.get("mss"), 0, 65535) : -1;
            TargetSupport.requireProtocol(ctx, null, "SYNPROXY", Protocol.TCP);
            TargetSupport.requireChains(ctx, "SYNPROXY", "INPUT", "FORWARD");
            return new SynproxyTarget(o.has("sack-perm"), o.has("timestamp"), wscale, mss, o.has("ecn"));
        }
    }
}
