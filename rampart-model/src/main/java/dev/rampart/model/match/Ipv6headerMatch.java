package dev.rampart.model.match;

import dev.rampart.model.Family;
import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.write.SaveLine;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code -m ipv6header [!] --header LIST [--soft]} (IPv6): the packet carries exactly the extension
 * headers in {@code headers} (a bitmask of the {@code MASK_*} constants), or with {@code soft} at least
 * those; {@code inverted} negates the test.
 */
public record Ipv6headerMatch(int headers, boolean inverted, boolean soft) implements Match {

    /** The extension that parses {@code -m ipv6header}. */
    public static final MatchExtension EXTENSION = new Extension();

    public static final int MASK_HOPOPTS = 128;
    public static final int MASK_DSTOPTS = 64;
    public static final int MASK_ROUTING = 32;
    public static final int MASK_FRAGMENT = 16;
    public static final int MASK_AH = 8;
    public static final int MASK_ESP = 4;
    public static final int MASK_NONE = 2;
    public static final int MASK_PROTO = 1;

    /** Print order and names, as ip6tables-save prints them (protocol names from /etc/protocols). */
    private static final int[] ORDER = {MASK_HOPOPTS, MASK_DSTOPTS, MASK_ROUTING, MASK_FRAGMENT, MASK_AH, MASK_ESP,
            MASK_NONE, MASK_PROTO};
    private static final String[] PRINT = {"hop-by-hop", "ipv6-opts", "ipv6-route", "ipv6-frag", "ah", "esp",
            "ipv6-nonxt", "protocol"};

    private static final Map<String, Integer> NAMES = Map.ofEntries(
            Map.entry("hop-by-hop", MASK_HOPOPTS), Map.entry("hop", MASK_HOPOPTS), Map.entry("0", MASK_HOPOPTS),
            Map.entry("ipv6-opts", MASK_DSTOPTS), Map.entry("IPv6-Opts", MASK_DSTOPTS), Map.entry("dst", MASK_DSTOPTS),
            Map.entry("60", MASK_DSTOPTS),
            Map.entry("ipv6-route", MASK_ROUTING), Map.entry("IPv6-Route", MASK_ROUTING),
            Map.entry("route", MASK_ROUTING), Map.entry("43", MASK_ROUTING),
            Map.entry("ipv6-frag", MASK_FRAGMENT), Map.entry("IPv6-Frag", MASK_FRAGMENT),
            Map.entry("frag", MASK_FRAGMENT), Map.entry("44", MASK_FRAGMENT),
            Map.entry("ah", MASK_AH), Map.entry("IPSEC-AH", MASK_AH), Map.entry("auth", MASK_AH), Map.entry("51", MASK_AH),
            Map.entry("esp", MASK_ESP), Map.entry("IPSEC-ESP", MASK_ESP), Map.entry("50", MASK_ESP),
            Map.entry("ipv6-nonxt", MASK_NONE), Map.entry("IPv6-NoNxt", MASK_NONE), Map.entry("none", MASK_NONE),
            Map.entry("59", MASK_NONE),
            Map.entry("protocol", MASK_PROTO), Map.entry("prot", MASK_PROTO), Map.entry("255", MASK_PROTO));

    @Override
    public String module() {
        return "ipv6header";
    }

    @Override
    public void writeOptions(SaveLine out) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ORDER.length; i++) {
            if ((headers & ORDER[i]) != 0) {
                sb.append(sb.length() > 0 ? "," : "").append(PRINT[i]);
            }
        }
        out.option(inverted, "header", sb.length() == 0 ? "NONE" : sb.toString());
        if (soft) {
            out.option("soft");
        }
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.arg("header").inv(), OptionSpec.flag("soft"));

        @Override
        public String name() {
            return "ipv6header";
        }

        @Override
        public Set<Family> families() {
            return EnumSet.of(Family.IPV6);
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            OptionUse u = o.get("header");
            if (u == null) {
                throw ExtensionException.constraint(null, "match 'ipv6header' needs --header LIST",
                        "add e.g. '--header hop-by-hop,ipv6-frag'");
            }
            int mask = 0;
            for (String h : u.arg().split(",")) {
                Integer m = NAMES.get(h);
                if (m == null) {
                    throw ExtensionException.badValue(u, "unknown IPv6 extension header '" + h + "'",
                            "use hop-by-hop, ipv6-opts, ipv6-route, ipv6-frag, ah, esp, ipv6-nonxt or protocol");
                }
                mask |= m;
            }
            if (mask == 0) {
                throw ExtensionException.badValue(u, "--header lists no extension header");
            }
            return new Ipv6headerMatch(mask, u.inverted(), o.has("soft"));
        }
    }
}
