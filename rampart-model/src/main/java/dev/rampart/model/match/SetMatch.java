package dev.rampart.model.match;

import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.write.SaveLine;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * {@code -m set [!] --match-set NAME DIR[,DIR...]}: the packet's fields, taken from the source or
 * destination side per set dimension ({@code directions}, 1 to {@value #MAX_DIMENSIONS}), are (not) in
 * ipset {@code setName}. Options: {@code --return-nomatch}, {@code ! --update-counters} /
 * {@code ! --update-subcounters} (counters are updated unless disabled) and element counter tests
 * ({@code packets}, {@code bytes}; null when absent). The set's existence is checked against the
 * ipset definitions, not here.
 */
public record SetMatch(String setName, List<Direction> directions, boolean inverted, boolean returnNomatch,
                       boolean updateCounters, boolean updateSubcounters, CounterTest packets,
                       CounterTest bytes) implements Match {

    /** Most dimensions an ipset type has ({@code IPSET_DIM_MAX}). */
    public static final int MAX_DIMENSIONS = 6;
    /** Longest set name in characters ({@code IPSET_MAXNAMELEN - 1}). */
    public static final int MAX_NAME = 31;

    /** The extension that parses {@code -m set}. */
    public static final MatchExtension EXTENSION = new Extension();

    /** Which address/port of the packet feeds one set dimension. */
    public enum Direction { SRC, DST }

    /** A comparison against an element counter. */
    public enum Op { EQ, NE, LT, GT }

    /** The element counter test {@code op value}. */
    public record CounterTest(Op op, long value) {
    }

    public SetMatch {
        directions = List.copyOf(directions);
    }

    @Override
    public String module() {
        return "set";
    }

    @Override
    public void writeOptions(SaveLine out) {
        StringJoiner j = new StringJoiner(",");
        directions.forEach(d -> j.add(d == Direction.SRC ? "src" : "dst"));
        out.option(inverted, "match-set", setName).word(j.toString());
        if (returnNomatch) {
            out.option("return-nomatch");
        }
        if (!updateCounters) {
            out.option(true, "update-counters");
        }
        if (!updateSubcounters) {
            out.option(true, "update-subcounters");
        }
        counter(out, "packets", packets);
        counter(out, "bytes", bytes);
    }

    private static void counter(SaveLine out, String what, CounterTest t) {
        if (t == null) {
            return;
        }
        String v = Long.toUnsignedString(t.value());
        switch (t.op()) {
            case EQ -> out.option(what + "-eq", v);
            case NE -> out.option(true, what + "-eq", v);
            case LT -> out.option(what + "-lt", v);
            case GT -> out.option(what + "-gt", v);
            default -> throw new IllegalStateException();
        }
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(
                OptionSpec.of("match-set", 2).inv().alias("set"),
                OptionSpec.flag("return-nomatch"),
                OptionSpec.flag("update-counters").inv(),
                OptionSpec.flag("update-subcounters").inv(),
                OptionSpec.arg("packets-eq").inv(),
                OptionSpec.arg("packets-lt"),
                OptionSpec.arg("packets-gt"),
                OptionSpec.arg("bytes-eq").inv(),
                OptionSpec.arg("bytes-lt"),
                OptionSpec.arg("bytes-gt"));

        @Override
        public String name() {
            return "set";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            OptionUse ms = o.get("match-set");
            if (ms == null) {
                throw MatchArgs.required("set", "--match-set NAME src|dst[,...]");
            }
            String name = ms.args().get(0);
            if (name.isEmpty() || name.length() > MAX_NAME) {
                throw ExtensionException.badValue(ms, "invalid set name '" + name + "': it must be 1 to "
                        + MAX_NAME + " characters");
            }
            ctx.requireIpSet(ms, name);
            String dirText = ms.args().get(1);
            if (dirText.startsWith("-") || dirText.equals("!")) {
                throw ExtensionException.badValue(ms, "--match-set needs two arguments: the set name and "
                        + "the directions", "write e.g. '--match-set " + name + " src'");
            }
            List<Direction> dirs = new ArrayList<>();
            for (String d : dirText.split(",", -1)) {
                if (dirs.size() == MAX_DIMENSIONS) {
                    throw ExtensionException.badValue(ms, "at most " + MAX_DIMENSIONS + " src/dst directions");
                }
                if (d.startsWith("src")) {
                    dirs.add(Direction.SRC);
                } else if (d.startsWith("dst")) {
                    dirs.add(Direction.DST);
                } else {
                    throw ExtensionException.badValue(ms, "invalid direction '" + d + "' in --match-set",
                            "give a comma-separated list of 'src' and 'dst', one per set dimension");
                }
            }
            CounterTest packets = null;
            CounterTest bytes = null;
            boolean upd = true;
            boolean updSub = true;
            boolean nomatch = false;
            for (OptionUse u : o.all()) {
                switch (u.name()) {
                    case "match-set" -> {
                    }
                    case "return-nomatch" -> nomatch = true;
                    case "update-counters" -> upd = !u.inverted();
                    case "update-subcounters" -> updSub = !u.inverted();
                    case "packets-eq", "packets-lt", "packets-gt" -> {
                        if (packets != null) {
                            throw ExtensionException.constraint(u, "only one of --packets-eq, --packets-lt and "
                                    + "--packets-gt is allowed", null);
                        }
                        packets = counter(u);
                    }
                    case "bytes-eq", "bytes-lt", "bytes-gt" -> {
                        if (bytes != null) {
                            throw ExtensionException.constraint(u, "only one of --bytes-eq, --bytes-lt and "
                                    + "--bytes-gt is allowed", null);
                        }
                        bytes = counter(u);
                    }
                    default -> throw new IllegalStateException(u.name());
                }
            }
            return new SetMatch(name, dirs, ms.inverted(), nomatch, upd, updSub, packets, bytes);
        }

        private static CounterTest counter(OptionUse u) throws ExtensionException {
            long v = MatchArgs.u64(u, u.arg());
            Op op = u.name().endsWith("-lt") ? Op.LT : u.name().endsWith("-gt") ? Op.GT
                    : u.inverted() ? Op.NE : Op.EQ;
            return new CounterTest(op, v);
        }
    }
}
