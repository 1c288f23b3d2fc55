package dev.rampart.model.target;

import dev.rampart.model.TableName;
import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.TargetExtension;
import dev.rampart.model.net.Protocol;
import dev.rampart.model.write.SaveLine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code -j TCPOPTSTRIP [--strip-options LIST]}: replace the listed TCP option kinds (2..255, ascending
 * in {@code options}; empty strips nothing) by NOPs and continue. Names: wscale, mss, sack-permitted,
 * sack, timestamp, md5. Needs {@code -p tcp}; valid only in table mangle.
 */
public record TcpoptstripTarget(List<Integer> options) implements Target {

    /** Option names iptables accepts, with their kinds. */
    public static final Map<String, Integer> NAMES;

    static {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("wscale", 3);
        m.put("mss", 2);
        m.put("sack-permitted", 4);
        m.put("sack", 5);
        m.put("timestamp", 8);
        m.put("md5", 19);
        NAMES = java.util.Collections.unmodifiableMap(m);
    }

    /** The extension that parses {@code -j TCPOPTSTRIP}. */
    public static final TargetExtension EXTENSION = new Extension();

    public TcpoptstripTarget {
        options = List.copyOf(new TreeSet<>(options));
    }

    @Override
    public String name() {
        return "TCPOPTSTRIP";
    }

    @Override
    public void writeOptions(SaveLine out) {
        if (!options.isEmpty()) {
            List<String> s = new ArrayList<>();
            for (int k : options) {
                s.add(Integer.toString(k));
            }
            out.option("strip-options", String.join(",", s));
        }
    }

    private static final class Extension implements TargetExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.arg("strip-options"));

        @Override
        public String name() {
            return "TCPOPTSTRIP";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Target build(Options o, RuleContext ctx) throws ExtensionException {
            TreeSet<Integer> kinds = new TreeSet<>();
            OptionUse u = o.get("strip-options");
            if (u != null) {
                for (String p : u.arg().split(",", -1)) {
                    Integer k = NAMES.get(p);
                    if (k == null) {
                        long n = dev.rampart.model.ext.Values.parseUnsigned(p);
                        if (n < 0 || n > 255) {
                            throw ExtensionException.badValue(u, "unknown TCP option '" + p + "'",
                                    "use a number 2..255 or one of " + String.join(", ", NAMES.keySet()));
                        }
                        k = (int) n;
                    }
                    if (k < 2) {
                        throw ExtensionException.badValue(u, "TCP option kind " + k + " (end of list/NOP) cannot be"
                                + " stripped", "use kinds 2..255");
                    }
                    if (!kinds.add(k)) {
                        throw ExtensionException.badValue(u, "TCP option " + p + " is listed twice");
                    }
                }
            }
            TargetSupport.requireProtocol(ctx, u, "TCPOPTSTRIP", Protocol.TCP);
            TargetSupport.requireTable(ctx, "TCPOPTSTRIP", TableName.MANGLE);
            return new TcpoptstripTarget(new ArrayList<>(kinds));
        }
    }
}
