package dev.rampart.model.match;

import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.write.SaveLine;
import java.util.List;
import java.util.Map;

/**
 * {@code -m owner}: the local socket that sent the packet. {@code uid}/{@code gid} are inclusive id
 * ranges (null when not tested); {@code supplGroups} also checks the supplementary groups against the
 * gid range; {@code socketExists} tests whether the packet has a socket at all (null when not tested).
 * Only valid for locally generated packets (OUTPUT, POSTROUTING). User and group names resolve
 * against Debian's fixed base-system ids ({@code root}, {@code daemon}, {@code nobody}, ...).
 */
public record OwnerMatch(IdRange uid, boolean uidInverted, IdRange gid, boolean gidInverted, boolean supplGroups,
                         Boolean socketExists) implements Match {

    /** The extension that parses {@code -m owner}. */
    public static final MatchExtension EXTENSION = new Extension();

    /** Fixed ids of Debian's base-passwd users. */
    private static final Map<String, Long> USERS = Map.ofEntries(
            Map.entry("root", 0L), Map.entry("daemon", 1L), Map.entry("bin", 2L), Map.entry("sys", 3L),
            Map.entry("sync", 4L), Map.entry("games", 5L), Map.entry("man", 6L), Map.entry("lp", 7L),
            Map.entry("mail", 8L), Map.entry("news", 9L), Map.entry("uucp", 10L), Map.entry("proxy", 13L),
            Map.entry("www-data", 33L), Map.entry("backup", 34L), Map.entry("list", 38L), Map.entry("irc", 39L),
            Map.entry("nobody", 65534L));
    /** Fixed ids of Debian's base-passwd groups. */
    private static final Map<String, Long> GROUPS = Map.ofEntries(
            Map.entry("root", 0L), Map.entry("daemon", 1L), Map.entry("bin", 2L), Map.entry("sys", 3L),
            Map.entry("adm", 4L), Map.entry("tty", 5L), Map.entry("disk", 6L), Map.entry("lp", 7L),
            Map.entry("mail", 8L), Map.entry("news", 9L), Map.entry("uucp", 10L), Map.entry("man", 12L),
            Map.entry("proxy", 13L), Map.entry("kmem", 15L), Map.entry("dialout", 20L), Map.entry("www-data", 33L),
            Map.entry("backup", 34L), Map.entry("list", 38L), Map.entry("irc", 39L), Map.entry("staff", 50L),
            Map.entry("users", 100L), Map.entry("nogroup", 65534L));

    /** An inclusive id range. */
    public record IdRange(long from, long to) {
        @Override
        public String toString() {
            return from == to ? Long.toString(from) : from + "-" + to;
        }
    }

    @Override
    public String module() {
        return "owner";
    }

    @Override
    public void writeOptions(SaveLine out) {
        if (socketExists != null) {
            out.option(!socketExists, "socket-exists");
        }
        if (uid != null) {
            out.option(uidInverted, "uid-owner", uid.toString());
        }
        if (gid != null) {
            out.option(gidInverted, "gid-owner", gid.toString());
        }
        if (supplGroups) {
            out.option("suppl-groups");
        }
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(
                OptionSpec.arg("uid-owner").inv(),
                OptionSpec.arg("gid-owner").inv(),
                OptionSpec.flag("socket-exists").inv(),
                OptionSpec.flag("suppl-groups"));

        @Override
        public String name() {
            return "owner";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            OptionUse u = o.get("uid-owner");
            OptionUse g = o.get("gid-owner");
            OptionUse se = o.get("socket-exists");
            OptionUse sg = o.get("suppl-groups");
            if (u == null && g == null && se == null) {
                throw MatchArgs.required("owner", "--uid-owner, --gid-owner or --socket-exists");
            }
            if (sg != null && (g == null || o.indexOf("suppl-groups") < o.indexOf("gid-owner"))) {
                throw ExtensionException.constraint(sg, "--suppl-groups needs --gid-owner before it",
                        "write '--gid-owner GROUP --suppl-groups'");
            }
            if (!ctx.inChains(true, "OUTPUT", "POSTROUTING")) {
                throw ExtensionException.constraint(MatchArgs.first(o), "match 'owner' is only valid in OUTPUT and "
                        + "POSTROUTING: only locally generated packets have an owning socket, not packets in "
                        + ctx.chain(), "move the rule to OUTPUT");
            }
            return new OwnerMatch(u == null ? null : range(u, USERS, "user"), u != null && u.inverted(),
                    g == null ? null : range(g, GROUPS, "group"), g != null && g.inverted(), sg != null,
                    se == null ? null : !se.inverted());
        }

        private static IdRange range(OptionUse use, Map<String, Long> names, String what) throws ExtensionException {
            String t = use.arg();
            Long named = names.get(t);
            if (named != null) {
                return new IdRange(named, named);
            }
            int sep = Math.max(t.indexOf('-'), t.indexOf(':'));
            String a = sep < 0 ? t : t.substring(0, sep);
            String b = sep < 0 ? t : t.substring(sep + 1);
            long from = dev.rampart.model.ext.Values.parseUnsigned(a);
            long to = dev.rampart.model.ext.Values.parseUnsigned(b);
            if (from < 0 || to < 0 || from > 0xFFFFFFFEL || to > 0xFFFFFFFEL) {
                throw ExtensionException.badValue(use, "unknown " + what + " or invalid id '" + t + "' for --"
                        + use.name(), "use a numeric id or range such as 1000 or 1000-1999 (names resolve only "
                        + "for Debian's base-system " + what + "s)");
            }
            if (from > to) {
                throw ExtensionException.badValue(use, "invalid id range '" + t + "': start is greater than end",
                        "write it as " + to + "-" + from);
            }
            return new IdRange(from, to);
        }
    }
}
