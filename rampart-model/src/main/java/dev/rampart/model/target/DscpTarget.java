package dev.rampart.model.target;

import dev.rampart.model.TableName;
import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.TargetExtension;
import dev.rampart.model.write.SaveLine;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code -j DSCP}: set the DSCP field (the upper 6 bits of the IPv4 TOS / IPv6 traffic class) to
 * {@code dscp} 0..63 and continue; {@code --set-dscp-class} names (CS0..CS7, BE, AF11..AF43, EF) are
 * stored as their value. Valid only in table mangle.
 */
public record DscpTarget(int dscp) implements Target {

    /** The DiffServ class names iptables knows, with their DSCP values. */
    public static final Map<String, Integer> CLASSES;

    static {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < 8; i++) {
            m.put("CS" + i, i * 8);
        }
        m.put("BE", 0);
        int[] af = {0x0a, 0x0c, 0x0e, 0x12, 0x14, 0x16, 0x1a, 0x1c, 0x1e, 0x22, 0x24, 0x26};
        for (int i = 0; i < af.length; i++) {
            m.put("AF" + (i / 3 + 1) + (i % 3 + 1), af[i]);
        }
        m.put("EF", 0x2e);
        CLASSES = java.util.Collections.unmodifiableMap(m);
    }

    /** The extension that parses {@code -j DSCP}. */
    public static final TargetExtension EXTENSION = new Extension();

    @Override
    public String name() {
        return "DSCP";
    }

    @Override
    public void writeOptions(SaveLine out) {
        out.option("set-dscp", TargetSupport.hex(dscp, 2));
    }

    /** The value of class {@code name} as iptables matches it (case-insensitive prefix), or -1. */
    static int classValue(String name) {
        String up = name.toUpperCase(Locale.ROOT);
        for (Map.Entry<String, Integer> e : CLASSES.entrySet()) {
            if (up.startsWith(e.getKey())) {
                return e.getValue();
            }
        }
        return -1;
    }

    private static final class Extension implements TargetExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.arg("set-dscp"),
                OptionSpec.arg("set-dscp-class"));

        @Override
        public String name() {
            return "DSCP";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Target build(Options o, RuleContext ctx) throws ExtensionException {
            TargetSupport.atMostOne(o, "set-dscp", "set-dscp-class");
            if (o.isEmpty()) {
                throw ExtensionException.constraint(null, "--set-dscp VALUE or --set-dscp-class CLASS is required",
                        "e.g. --set-dscp-class EF");
            }
            OptionUse u = o.all().get(0);
            int v;
            if (u.name().equals("set-dscp")) {
                v = (int) TargetSupport.uint(u, 0, 0x3f);
            } else {
                v = classValue(u.arg());
                if (v < 0) {
                    throw ExtensionException.badValue(u, "unknown DSCP class '" + u.arg() + "'",
                            "use one of " + String.join(", ", CLASSES.keySet()));
                }
            }
            TargetSupport.requireTable(ctx, "DSCP", TableName.MANGLE);
            return new DscpTarget(v);
        }
    }
}
