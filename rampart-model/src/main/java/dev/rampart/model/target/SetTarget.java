package dev.rampart.model.target;

import dev.rampart.model.diag.DiagnosticCode;
import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.TargetExtension;
import dev.rampart.model.write.SaveLine;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code -j SET} (kernel {@code xt_SET} revision 3): add the packet's addresses/ports to an ipset
 * ({@code addSet}, with {@code exist} to refresh an existing entry's timeout and {@code timeout} seconds,
 * -1 for the set's default), delete them from one ({@code delSet}), or look them up in a map set and copy
 * the entry's mark/priority/queue into the packet ({@code mapSet} with {@code mapMark}, {@code mapPrio},
 * {@code mapQueue}); then continue. Absent set references are null.
 */
public record SetTarget(SetRef addSet, SetRef delSet, SetRef mapSet, boolean exist, long timeout, boolean mapMark,
                        boolean mapPrio, boolean mapQueue) implements Target {

    /** Longest ipset name, in bytes. */
    public static final int MAX_NAME = 31;
    /** Most dimensions ({@code src,dst,...}) a set reference has. */
    public static final int MAX_DIMENSIONS = 6;

    /** The extension that parses {@code -j SET}. */
    public static final TargetExtension EXTENSION = new Extension();

    /** A reference to set {@code name}, with the packet field (source or destination) for each dimension. */
    public record SetRef(String name, List<Boolean> source) {
        public SetRef {
            source = List.copyOf(source);
        }

        /** {@code NAME src,dst,...} as printed. */
        String text() {
            StringBuilder sb = new StringBuilder();
            for (boolean s : source) {
                sb.append(sb.length() == 0 ? "" : ",").append(s ? "src" : "dst");
            }
            return sb.toString();
        }
    }

    @Override
    public String name() {
        return "SET";
    }

    @Override
    public void writeOptions(SaveLine out) {
        if (addSet != null) {
            out.option("add-set", addSet.name()).word(addSet.text());
        }
        if (exist) {
            out.option("exist");
        }
        if (timeout >= 0) {
            out.option("timeout", Long.toString(timeout));
        }
        if (delSet != null) {
            out.option("del-set", delSet.name()).word(delSet.text());
        }
        if (mapSet != null) {
            out.option("map-set", mapSet.name()).word(mapSet.text());
        }
        if (mapMark) {
            out.option("map-mark");
        }
        if (mapPrio) {
            out.option("map-prio");
        }
        if (mapQueue) {
            out.option("map-queue");
        }
    }

    private static final class Extension implements TargetExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.of("add-set", 2), OptionSpec.of("del-set", 2),
                OptionSpec.flag("exist"), OptionSpec.arg("timeout"), OptionSpec.of("map-set", 2),
                OptionSpec.flag("map-mark"), OptionSpec.flag("map-prio"), OptionSpec.flag("map-queue"));

        @Override
        public String name() {
            return "SET";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Target build(Options o, RuleContext ctx) throws ExtensionException {
            SetRef add = ref(o.get("add-set"));
            SetRef del = ref(o.get("del-set"));
            SetRef map = ref(o.get("map-set"));
            if (add == null && del == null && map == null) {
                throw ExtensionException.constraint(null, "one of --add-set, --del-set or --map-set is required",
                        "e.g. --add-set NAME src");
            }
            for (String opt : new String[] {"add-set", "del-set", "map-set"}) {
                OptionUse u = o.get(opt);
                if (u != null) {
                    ctx.requireIpSet(u, u.args().get(0));
                }
            }
            long timeout = -1;
            OptionUse t = o.get("timeout");
            if (t != null) {
                timeout = TargetSupport.uint(t, 0, TargetSupport.U32 - 1);
            }
            if (add == null) {
                onlyWith(o, "exist", "add-set");
                onlyWith(o, "timeout", "add-set");
            }
            if (map == null) {
                onlyWith(o, "map-mark", "map-set");
                onlyWith(o, "map-prio", "map-set");
                onlyWith(o, "map-queue", "map-set");
            } else if (!o.has("map-mark") && !o.has("map-prio") && !o.has("map-queue")) {
                throw ExtensionException.constraint(o.get("map-set"), "--map-set needs --map-mark, --map-prio or"
                        + " --map-queue", "add what to copy from the set entry, e.g. --map-mark");
            }
            return new SetTarget(add, del, map, o.has("exist"), timeout, o.has("map-mark"), o.has("map-prio"),
                    o.has("map-queue"));
        }

        private static void onlyWith(Options o, String option, String needed) throws ExtensionException {
            OptionUse u = o.get(option);
            if (u != null) {
                throw new ExtensionException(DiagnosticCode.EXTENSION_CONSTRAINT, "--" + option + " can only be used"
                        + " with --" + needed, u, false, "remove --" + option);
            }
        }

        private static SetRef ref(OptionUse u) throws ExtensionException {
            if (u == null) {
                return null;
            }
            String name = u.args().get(0);
            String flags = u.args().get(1);
            if (name.isEmpty() || name.startsWith("-") || name.startsWith("!")) {
                throw ExtensionException.badValue(u, "--" + u.name() + " needs a set name", "write --" + u.name()
                        + " NAME src[,dst]");
            }
            if (flags.startsWith("-") || flags.startsWith("!")) {
                throw ExtensionException.badValue(u, "--" + u.name() + " needs two arguments: the set name and the"
                        + " src/dst flags", "write --" + u.name() + " " + name + " src");
            }
            if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_NAME) {
                throw ExtensionException.badValue(u, "set name '" + name + "' is longer than " + MAX_NAME + " characters");
            }
            return new SetRef(name, directions(u, flags));
        }

        /** {@code src,dst,...}: each part must start with "src" or "dst" (iptables compares 3 characters). */
        static List<Boolean> directions(OptionUse u, String flags) throws ExtensionException {
            List<Boolean> out = new ArrayList<>();
            for (String p : flags.split(",", -1)) {
                if (out.size() == MAX_DIMENSIONS) {
                    throw ExtensionException.badValue(u, "more than " + MAX_DIMENSIONS + " src/dst flags in '" + flags
                            + "'");
                }
                if (p.startsWith("src")) {
                    out.add(true);
                } else if (p.startsWith("dst")) {
                    out.add(false);
                } else {
                    throw ExtensionException.badValue(u, "'" + p + "' is not 'src' or 'dst'",
                            "give a comma-separated list of src and dst, e.g. src,dst");
                }
            }
            return out;
        }
    }
}
