package dev.rampart.model.match;

import dev.rampart.model.Family;
import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.net.IpText;
import dev.rampart.model.write.SaveLine;
import java.util.List;

/**
 * {@code -m recent}: a named list of recently seen addresses. {@code command} says what the rule does
 * with the packet's address ({@code side}, masked by {@code maskHi}/{@code maskLo}): add it, check it,
 * check and refresh it, or remove it. A check may require at least {@code hitCount} hits (0 = any)
 * within the last {@code seconds} (0 = ever), the same TTL ({@code rttl}), and may {@code reap} older
 * entries. Defaults: list {@code DEFAULT}, full mask, source address.
 */
public record RecentMatch(Command command, boolean inverted, long seconds, boolean reap, long hitCount,
                          boolean rttl, String name, Family family, long maskHi, long maskLo, Side side)
        implements Match {

    /** Most hits the kernel can remember per entry ({@code XT_RECENT_MAX_NSTAMPS - 1}). */
    public static final int MAX_HITCOUNT = 65535;
    /** Longest list name, in bytes. */
    public static final int MAX_NAME = 199;

    /** The extension that parses {@code -m recent}. */
    public static final MatchExtension EXTENSION = new Extension();

    /** What the rule does with the list. */
    public enum Command {
        SET("set"), RCHECK("rcheck"), UPDATE("update"), REMOVE("remove");

        private final String option;

        Command(String option) {
            this.option = option;
        }

        public String option() {
            return option;
        }
    }

    /** Which address of the packet is used. */
    public enum Side { SOURCE, DEST }

    @Override
    public String module() {
        return "recent";
    }

    @Override
    public void writeOptions(SaveLine out) {
        out.option(inverted, command.option());
        if (seconds != 0) {
            out.option("seconds", Long.toString(seconds));
        }
        if (reap) {
            out.option("reap");
        }
        if (hitCount != 0) {
            out.option("hitcount", Long.toString(hitCount));
        }
        if (rttl) {
            out.option("rttl");
        }
        out.option("name", name);
        out.option("mask", family == Family.IPV4 ? IpText.formatIpv4((int) maskLo) : IpText.formatIpv6(maskHi, maskLo));
        out.option(side == Side.SOURCE ? "rsource" : "rdest");
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(
                OptionSpec.flag("set").inv(),
                OptionSpec.flag("rcheck").inv(),
                OptionSpec.flag("update").inv(),
                OptionSpec.flag("remove").inv(),
                OptionSpec.arg("seconds"),
                OptionSpec.flag("reap"),
                OptionSpec.arg("hitcount"),
                OptionSpec.flag("rttl"),
                OptionSpec.arg("name"),
                OptionSpec.flag("rsource").multi(),
                OptionSpec.flag("rdest").multi(),
                OptionSpec.arg("mask"));

        @Override
        public String name() {
            return "recent";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            Command cmd = null;
            OptionUse cmdUse = null;
            boolean inv = false;
            long seconds = 0;
            boolean reap = false;
            long hits = 0;
            boolean rttl = false;
            String name = "DEFAULT";
            Family fam = ctx.family();
            long mh = fam == Family.IPV4 ? 0 : -1L;
            long ml = fam == Family.IPV4 ? 0xFFFFFFFFL : -1L;
            Side side = Side.SOURCE;
            for (OptionUse u : o.all()) {
                switch (u.name()) {
                    case "set", "rcheck", "update", "remove" -> {
                        if (cmd != null) {
                            throw ExtensionException.constraint(u, "match 'recent' takes only one of --set, --rcheck, "
                                    + "--update and --remove; --" + cmdUse.name() + " was given first",
                                    "use a second '-m recent' for another list operation");
                        }
                        cmd = Command.valueOf(u.name().toUpperCase(java.util.Locale.ROOT));
                        cmdUse = u;
                        inv = u.inverted();
                    }
                    case "seconds" -> seconds = u32From(u, 1);
                    case "reap" -> reap = true;
                    case "hitcount" -> hits = u32From(u, 0);
                    case "rttl" -> rttl = true;
                    case "name" -> {
                        name = u.arg();
                        if (name.isEmpty() || name.length() > MAX_NAME || name.contains("/")) {
                            throw ExtensionException.badValue(u, "invalid list name '" + name
                                    + "': it must be 1 to " + MAX_NAME + " characters without '/'");
                        }
                    }
                    case "rsource" -> side = Side.SOURCE;
                    case "rdest" -> side = Side.DEST;
                    case "mask" -> {
                        if (fam == Family.IPV4) {
                            long m = IpText.parseIpv4(u.arg());
                            if (m < 0) {
                                throw ExtensionException.badValue(u, "invalid IPv4 mask '" + u.arg() + "' for --mask",
                                        "write it as an address, e.g. 255.255.255.0");
                            }
                            ml = m;
                        } else {
                            long[] v = new long[2];
                            if (!IpText.parseIpv6(u.arg(), v)) {
                                throw ExtensionException.badValue(u, "invalid IPv6 mask '" + u.arg() + "' for --mask",
                                        "write it as an address, e.g. ffff:ffff:ffff:ffff::");
                            }
                            mh = v[0];
                            ml = v[1];
                        }
                    }
                    default -> throw new IllegalStateException(u.name());
                }
            }
            if (cmd == null) {
                throw MatchArgs.required("recent", "one of --set, --rcheck, --update or --remove");
            }
            if (rttl && (cmd == Command.SET || cmd == Command.REMOVE)) {
                throw ExtensionException.constraint(o.get("rttl"), "--rttl only applies to --rcheck and --update",
                        "remove --rttl or use --rcheck/--update");
            }
            if (reap && seconds == 0) {
                throw ExtensionException.constraint(o.get("reap"), "--reap needs --seconds", "add --seconds N");
            }
            if ((cmd == Command.SET || cmd == Command.REMOVE) && (seconds != 0 || hits != 0 || reap)) {
                throw ExtensionException.constraint(cmdUse, "--seconds, --hitcount and --reap only apply to "
                        + "--rcheck and --update; the kernel rejects them with --" + cmdUse.name(), null);
            }
            if (hits > MAX_HITCOUNT) {
                throw ExtensionException.badValue(o.get("hitcount"), "hitcount " + hits
                        + " is larger than the kernel's maximum of " + MAX_HITCOUNT);
            }
            return new RecentMatch(cmd, inv, seconds, reap, hits, rttl, name, fam, mh, ml, side);
        }

        private static long u32From(OptionUse u, long min) throws ExtensionException {
            return dev.rampart.model.ext.Values.number(u, u.arg(), min, MatchArgs.U32_MAX);
        }
    }
}
