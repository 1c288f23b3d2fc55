package dev.rampart.model.match;

import dev.rampart.model.Family;
import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.Values;
import dev.rampart.model.write.SaveLine;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code -m ttl} (IPv4): the packet's TTL compared with {@code value} (0..255) by {@code op}
 * ({@code --ttl-eq}, {@code ! --ttl-eq}, {@code --ttl-lt}, {@code --ttl-gt}).
 */
public record TtlMatch(Comparison op, int value) implements Match {

    /** The extension that parses {@code -m ttl}. */
    public static final MatchExtension EXTENSION = new Extension();

    /** How a TTL or hop limit is compared; {@code NE} is the inverted equality. */
    public enum Comparison {
        EQ, NE, LT, GT;

        /** Whether {@code actual OP value} holds. */
        public boolean test(int actual, int value) {
            return switch (this) {
                case EQ -> actual == value;
                case NE -> actual != value;
                case LT -> actual < value;
                case GT -> actual > value;
            };
        }
    }

    @Override
    public String module() {
        return "ttl";
    }

    @Override
    public void writeOptions(SaveLine out) {
        write(out, "ttl", op, value);
    }

    static void write(SaveLine out, String prefix, Comparison op, int value) {
        switch (op) {
            case EQ -> out.option(prefix + "-eq", Integer.toString(value));
            case NE -> out.option(true, prefix + "-eq", Integer.toString(value));
            case LT -> out.option(prefix + "-lt", Integer.toString(value));
            case GT -> out.option(prefix + "-gt", Integer.toString(value));
        }
    }

    /** A parsed comparison: operator and operand. */
    record Test(Comparison op, int value) {
    }

    /** Shared parsing of {@code -m ttl} and {@code -m hl}: exactly one of the comparison options. */
    static Test parse(Options o, String prefix) throws ExtensionException {
        if (o.all().isEmpty()) {
            throw ExtensionException.constraint(null, "match '" + prefix + "' needs one of --" + prefix + "-eq, --"
                    + prefix + "-lt or --" + prefix + "-gt", "add e.g. '--" + prefix + "-eq 64'");
        }
        if (o.all().size() > 1) {
            throw ExtensionException.constraint(o.all().get(1), "only one of --" + prefix + "-eq, --" + prefix
                    + "-lt and --" + prefix + "-gt may be given", "use two '-m " + prefix + "' matches to test a range");
        }
        OptionUse u = o.all().get(0);
        int v = (int) Values.number(u, u.arg(), 0, 255);
        Comparison op = switch (u.name().substring(u.name().lastIndexOf('-') + 1)) {
            case "lt" -> Comparison.LT;
            case "gt" -> Comparison.GT;
            default -> u.inverted() ? Comparison.NE : Comparison.EQ;
        };
        return new Test(op, v);
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(
                OptionSpec.arg("ttl-eq").inv(),
                OptionSpec.arg("ttl-lt"),
                OptionSpec.arg("ttl-gt"),
                OptionSpec.arg("ttl"));

        @Override
        public String name() {
            return "ttl";
        }

        @Override
        public Set<Family> families() {
            return EnumSet.of(Family.IPV4);
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            Test t = parse(o, "ttl");
            return new TtlMatch(t.op(), t.value());
        }
    }
}
