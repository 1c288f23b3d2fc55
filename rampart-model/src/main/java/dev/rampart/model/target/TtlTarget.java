package dev.rampart.model.target;

import dev.rampart.model.Family;
import dev.rampart.model.TableName;
import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.TargetExtension;
import dev.rampart.model.write.SaveLine;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code -j TTL} (IPv4) and, with {@code hopLimit} true, {@code -j HL} (IPv6): set, increment or
 * decrement the IPv4 TTL / IPv6 hop limit by {@code value} (0..255; increments and decrements at least 1)
 * and continue. Valid only in table mangle.
 */
public record TtlTarget(boolean hopLimit, Mode mode, int value) implements Target {

    /** What the target does with the field. */
    public enum Mode {
        SET("set"), INC("inc"), DEC("dec");

        private final String word;

        Mode(String word) {
            this.word = word;
        }
    }

    /** The extension that parses {@code -j TTL} (IPv4). */
    public static final TargetExtension EXTENSION = new Extension(false);
    /** The extension that parses {@code -j HL} (IPv6). */
    public static final TargetExtension HL_EXTENSION = new Extension(true);

    @Override
    public String name() {
        return hopLimit ? "HL" : "TTL";
    }

    @Override
    public void writeOptions(SaveLine out) {
        out.option((hopLimit ? "hl-" : "ttl-") + mode.word, Integer.toString(value));
    }

    private static final class Extension implements TargetExtension {
        private final boolean hl;
        private final String prefix;
        private final List<OptionSpec> options;

        Extension(boolean hl) {
            this.hl = hl;
            this.prefix = hl ? "hl-" : "ttl-";
            this.options = List.of(OptionSpec.arg(prefix + "set"), OptionSpec.arg(prefix + "inc"),
                    OptionSpec.arg(prefix + "dec"));
        }

        @Override
        public String name() {
            return hl ? "HL" : "TTL";
        }

        @Override
        public Set<Family> families() {
            return EnumSet.of(hl ? Family.IPV6 : Family.IPV4);
        }

        @Override
        public List<OptionSpec> options() {
            return options;
        }

        @Override
        public Target build(Options o, RuleContext ctx) throws ExtensionException {
            TargetSupport.atMostOne(o, prefix + "set", prefix + "inc", prefix + "dec");
            if (o.isEmpty()) {
                throw ExtensionException.constraint(null, "one of --" + prefix + "set, --" + prefix + "inc, --" + prefix
                        + "dec is required", "e.g. --" + prefix + "set 64");
            }
            OptionUse u = o.all().get(0);
            Mode mode = u.name().endsWith("set") ? Mode.SET : u.name().endsWith("inc") ? Mode.INC : Mode.DEC;
            int v = (int) TargetSupport.uint(u, mode == Mode.SET ? 0 : 1, 255);
            TargetSupport.requireTable(ctx, name(), TableName.MANGLE);
            return new TtlTarget(hl, mode, v);
        }
    }
}
