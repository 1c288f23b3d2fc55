package dev.rampart.model.target;

import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.TargetExtension;
import dev.rampart.model.write.SaveLine;
import java.util.List;

/**
 * {@code -j CLASSIFY --set-class MAJOR:MINOR}: put the packet into traffic-control class
 * {@code major:minor} (each 16-bit, written in hex) and continue. Valid only in chains FORWARD, OUTPUT and
 * POSTROUTING (any table).
 */
public record ClassifyTarget(int major, int minor) implements Target {

    /** The extension that parses {@code -j CLASSIFY}. */
    public static final TargetExtension EXTENSION = new Extension();

    @Override
    public String name() {
        return "CLASSIFY";
    }

    @Override
    public void writeOptions(SaveLine out) {
        out.option("set-class", String.format("%04x:%04x", major, minor));
    }

    private static final class Extension implements TargetExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.arg("set-class"));

        @Override
        public String name() {
            return "CLASSIFY";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Target build(Options o, RuleContext ctx) throws ExtensionException {
            OptionUse u = TargetSupport.mandatory(o, "set-class", "add --set-class MAJOR:MINOR, e.g. 1:10");
            String a = u.arg();
            int colon = a.indexOf(':');
            int major = colon < 0 ? -1 : hex16(a.substring(0, colon));
            int minor = colon < 0 ? -1 : hex16(a.substring(colon + 1));
            if (major < 0 || minor < 0) {
                throw ExtensionException.badValue(u, "bad class value '" + a + "'",
                        "write MAJOR:MINOR in hex, each at most ffff, e.g. 1:10");
            }
            TargetSupport.requireChains(ctx, "CLASSIFY", "FORWARD", "OUTPUT", "POSTROUTING");
            return new ClassifyTarget(major, minor);
        }

        private static int hex16(String s) {
            String t = s.startsWith("0x") || s.startsWith("0X") ? s.substring(2) : s;
            if (t.isEmpty() || t.length() > 8) {
                return -1;
            }
            long v = 0;
            for (int i = 0; i < t.length(); i++) {
                int d = Character.digit(t.charAt(i), 16);
                if (d < 0) {
                    return -1;
                }
                v = v * 16 + d;
            }
            return v > 0xffff ? -1 : (int) v;
        }
    }
}
