package dev.rampart.model.match;

import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.write.SaveLine;
import java.util.List;
import java.util.Locale;

/**
 * {@code -m cluster}: the connection hashes (with {@code hashSeed}) to one of the nodes in
 * {@code nodeMask} (bit N-1 = node N) out of {@code totalNodes}. {@code --cluster-local-node N} is
 * stored as the mask {@code 1 << (N-1)}, which is how iptables prints it back.
 */
public record ClusterMatch(long nodeMask, boolean inverted, int totalNodes, long hashSeed) implements Match {

    /** Most nodes the match supports. */
    public static final int MAX_NODES = 32;

    /** The extension that parses {@code -m cluster}. */
    public static final MatchExtension EXTENSION = new Extension();

    @Override
    public String module() {
        return "cluster";
    }

    @Override
    public void writeOptions(SaveLine out) {
        out.option(inverted, "cluster-local-nodemask", String.format(Locale.ROOT, "0x%08x", nodeMask));
        out.option("cluster-total-nodes", Integer.toString(totalNodes));
        out.option("cluster-hash-seed", String.format(Locale.ROOT, "0x%08x", hashSeed));
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(
                OptionSpec.arg("cluster-total-nodes"),
                OptionSpec.arg("cluster-local-node").inv(),
                OptionSpec.arg("cluster-local-nodemask").inv(),
                OptionSpec.arg("cluster-hash-seed"));

        @Override
        public String name() {
            return "cluster";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            OptionUse t = o.get("cluster-total-nodes");
            OptionUse n = o.get("cluster-local-node");
            OptionUse m = o.get("cluster-local-nodemask");
            OptionUse s = o.get("cluster-hash-seed");
            if (n != null && m != null) {
                throw ExtensionException.constraint(m, "--cluster-local-node and --cluster-local-nodemask cannot be "
                        + "combined", "keep one of them");
            }
            if (t == null || (n == null && m == null) || s == null) {
                throw MatchArgs.required("cluster", "--cluster-total-nodes, --cluster-local-node (or "
                        + "--cluster-local-nodemask) and --cluster-hash-seed");
            }
            int total = (int) dev.rampart.model.ext.Values.number(t, t.arg(), 1, MAX_NODES);
            long mask;
            OptionUse local = n != null ? n : m;
            if (n != null) {
                long node = dev.rampart.model.ext.Values.number(n, n.arg(), 1, MAX_NODES);
                mask = 1L << (node - 1);
            } else {
                mask = MatchArgs.u32(m, m.arg());
            }
            if (mask >= (1L << total)) {
                throw ExtensionException.badValue(local, "the local node must be one of the "
                        + total + " nodes given by --cluster-total-nodes");
            }
            return new ClusterMatch(mask, local.inverted(), total, MatchArgs.u32(s, s.arg()));
        }
    }
}
