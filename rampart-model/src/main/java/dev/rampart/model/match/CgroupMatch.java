package dev.rampart.model.match;

import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.write.SaveLine;
import java.util.List;

/**
 * {@code -m cgroup [!] --path PATH | [!] --cgroup CLASSID}: the sending socket's cgroup v2 path or its
 * net_cls class id (exactly one of them; {@code path} null or {@code classId} -1 when not used).
 */
public record CgroupMatch(String path, long classId, boolean inverted) implements Match {

    /** Longest cgroup path the kernel accepts ({@code XT_CGROUP_PATH_MAX - 1}). */
    public static final int MAX_PATH = 511;

    /** The extension that parses {@code -m cgroup}. */
    public static final MatchExtension EXTENSION = new Extension();

    @Override
    public String module() {
        return "cgroup";
    }

    @Override
    public void writeOptions(SaveLine out) {
        if (path != null) {
            out.optionQuoted(inverted, "path", path);
        } else {
            out.option(inverted, "cgroup", Long.toString(classId));
        }
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(
                OptionSpec.arg("path").inv(),
                OptionSpec.arg("cgroup").inv());

        @Override
        public String name() {
            return "cgroup";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            OptionUse p = o.get("path");
            OptionUse c = o.get("cgroup");
            if (p != null && c != null) {
                throw ExtensionException.constraint(c, "--path and --cgroup cannot be combined", "keep one of them");
            }
            if (p == null && c == null) {
                throw MatchArgs.required("cgroup", "--path PATH or --cgroup CLASSID");
            }
            if (p != null) {
                if (p.arg().length() > MAX_PATH) {
                    throw ExtensionException.badValue(p, "cgroup path is longer than " + MAX_PATH + " characters");
                }
                return new CgroupMatch(p.arg(), -1, p.inverted());
            }
            return new CgroupMatch(null, MatchArgs.u32(c, c.arg()), c.inverted());
        }
    }
}
