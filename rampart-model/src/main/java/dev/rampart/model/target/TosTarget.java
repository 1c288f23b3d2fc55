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
import java.util.Map;

/**
 * {@code -j TOS} (revision 1): set the IPv4 TOS / IPv6 traffic class byte to {@code (tos & ~mask) ^ value}
 * (8-bit) and continue. {@code --set-tos V[/M]} (mask 0xff by default, 0x3f for symbolic names),
 * {@code --and-tos}, {@code --or-tos} and {@code --xor-tos} are normalised to this pair, printed as
 * {@code --set-tos 0xVV/0xMM}. Valid only in table mangle.
 */
public record TosTarget(int value, int mask) implements Target {

    /** The symbolic TOS names iptables accepts (case-insensitive), with their values. */
    public static final Map<String, Integer> NAMES;

    static {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("Minimize-Delay", 0x10);
        m.put("Maximize-Throughput", 0x08);
        m.put("Maximize-Reliability", 0x04);
        m.put("Minimize-Cost", 0x02);
        m.put("Normal-Service", 0x00);
        NAMES = java.util.Collections.unmodifiableMap(m);
    }

    /** The extension that parses {@code -j TOS}. */
    public static final TargetExtension EXTENSION = new Extension();

    @Override
    public String name() {
        return "TOS";
    }

    @Override
    public void writeOptions(SaveLine out) {
        out.option("set-tos", TargetSupport.hex(value, 2) + "/" + TargetSupport.hex(mask, 2));
    }

    private static final class Extension implements TargetExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.arg("set-tos"), OptionSpec.arg("and-tos"),
                OptionSpec.arg("or-tos"), OptionSpec.arg("xor-tos"));

        @Override
        public String name() {
            return "TOS";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Target build(Options o, RuleContext ctx) throws ExtensionException {
            TargetSupport.atMostOne(o, "set-tos", "and-tos", "or-tos", "xor-tos");
            if (o.isEmpty()) {
                throw ExtensionException.constraint(null, "one of --set-tos, --and-tos, --or-tos, --xor-tos is required",
                        "e.g. --set-tos Minimize-Delay");
            }
            OptionUse u = o.all().get(0);
            int value;
            int mask;
            switch (u.name()) {
                case "set-tos" -> {
                    int[] vm = setTos(u);
                    value = vm[0];
                    mask = vm[1];
                }
                case "and-tos" -> {
                    value = 0;
                    mask = ~(int) TargetSupport.uint(u, 0, 255) & 0xff;
                }
                case "or-tos" -> {
                    value = (int) TargetSupport.uint(u, 0, 255);
                    mask = value;
                }
                case "xor-tos" -> {
                    value = (int) TargetSupport.uint(u, 0, 255);
                    mask = 0;
                }
                default -> throw new IllegalStateException(u.name());
            }
            TargetSupport.requireTable(ctx, "TOS", TableName.MANGLE);
            return new TosTarget(value, mask);
        }

        /** {@code VALUE[/MASK]} (numbers 0..255, mask 0xff by default) or a symbolic name (mask 0x3f). */
        private static int[] setTos(OptionUse u) throws ExtensionException {
            String a = u.arg();
            long[] n = TargetSupport.scanNumber(a, 0);
            if (n != null && n[0] <= 255) {
                int end = (int) n[1];
                int mask = 0xff;
                if (end < a.length() && a.charAt(end) == '/') {
                    long[] m = TargetSupport.scanNumber(a, end + 1);
                    if (m == null || m[0] > 255) {
                        throw ExtensionException.badValue(u, "illegal TOS mask in '" + a + "'; expected 0 to 255");
                    }
                    mask = (int) m[0];
                    end = (int) m[1];
                }
                if (end != a.length()) {
                    throw ExtensionException.badValue(u, "illegal TOS value '" + a + "'", "write VALUE[/MASK]");
                }
                return new int[] {(int) n[0], mask};
            }
            for (Map.Entry<String, Integer> e : NAMES.entrySet()) {
                if (e.getKey().equalsIgnoreCase(a)) {
                    return new int[] {e.getValue(), 0x3f};
                }
            }
            throw ExtensionException.badValue(u, "unknown TOS value '" + a + "'",
                    "use a number 0..255[/MASK] or one of " + String.join(", ", NAMES.keySet()));
        }
    }
}
