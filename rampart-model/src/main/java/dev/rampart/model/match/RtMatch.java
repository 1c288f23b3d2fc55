package dev.rampart.model.match;

import dev.rampart.model.Family;
import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.UintRange;
import dev.rampart.model.ext.Values;
import dev.rampart.model.net.IpPrefix;
import dev.rampart.model.net.IpText;
import dev.rampart.model.write.SaveLine;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code -m rt} (IPv6): the Routing header is present; optional tests of its type ({@code type}, null
 * when not given), segments left ({@code segsLeft}, default all), header length ({@code length}, null
 * when not given), and for type 0 a zero reserved field ({@code reserved}) and the listed addresses
 * ({@code addresses}, at most 16, exactly in order unless {@code notStrict}).
 */
public record RtMatch(Long type, boolean typeInverted, UintRange segsLeft, boolean segsLeftInverted, Long length,
                      boolean lengthInverted, boolean reserved, List<IpPrefix> addresses, boolean notStrict)
        implements Match {

    /** The extension that parses {@code -m rt}. */
    public static final MatchExtension EXTENSION = new Extension();

    /** Most addresses {@code --rt-0-addrs} takes. */
    public static final int MAX_ADDRESSES = 16;

    public RtMatch {
        addresses = List.copyOf(addresses);
    }

    @Override
    public String module() {
        return "rt";
    }

    @Override
    public void writeOptions(SaveLine out) {
        if (type != null) {
            out.option(typeInverted, "rt-type", Long.toString(type));
        }
        EspMatch.writeRange(out, "rt-segsleft", segsLeft, EspMatch.MAX_SPI, segsLeftInverted);
        if (length != null) {
            out.option(lengthInverted, "rt-len", Long.toString(length));
        }
        if (reserved) {
            out.option("rt-0-res");
        }
        if (!addresses.isEmpty()) {
            out.option("rt-0-addrs", String.join(",", addresses.stream().map(IpPrefix::addressText).toList()));
        }
        if (notStrict) {
            out.option("rt-0-not-strict");
        }
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(
                OptionSpec.arg("rt-type").inv(),
                OptionSpec.arg("rt-segsleft").inv(),
                OptionSpec.arg("rt-len").inv(),
                OptionSpec.flag("rt-0-res"),
                OptionSpec.arg("rt-0-addrs"),
                OptionSpec.flag("rt-0-not-strict"));

        @Override
        public String name() {
            return "rt";
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
            OptionUse t = o.get("rt-type");
            OptionUse s = o.get("rt-segsleft");
            OptionUse l = o.get("rt-len");
            OptionUse a = o.get("rt-0-addrs");
            Long type = t == null ? null : Values.number(t, t.arg(), 0, 0xFFFFFFFFL);
            boolean type0 = type != null && type == 0 && !t.inverted();
            for (String needs0 : List.of("rt-0-res", "rt-0-addrs")) {
                OptionUse u = o.get(needs0);
                if (u != null && (!type0 || o.indexOf("rt-type") > o.indexOf(needs0))) {
                    throw ExtensionException.constraint(u, "--" + needs0 + " needs '--rt-type 0' before it",
                            "add '--rt-type 0' before --" + needs0);
                }
            }
            OptionUse ns = o.get("rt-0-not-strict");
            if (ns != null && (a == null || o.indexOf("rt-0-addrs") > o.indexOf("rt-0-not-strict"))) {
                throw ExtensionException.constraint(ns, "--rt-0-not-strict needs --rt-0-addrs before it", null);
            }
            List<IpPrefix> addrs = new ArrayList<>();
            if (a != null) {
                for (String part : a.arg().split(",", -1)) {
                    IpPrefix p = part.contains("/") ? null : IpText.parsePrefix(Family.IPV6, part);
                    if (p == null) {
                        throw ExtensionException.badValue(a, "invalid IPv6 address '" + part + "' in --rt-0-addrs");
                    }
                    addrs.add(p);
                }
                if (addrs.size() > MAX_ADDRESSES) {
                    throw ExtensionException.badValue(a, "--rt-0-addrs takes at most " + MAX_ADDRESSES + " addresses");
                }
            }
            UintRange segs = s == null ? new UintRange(0, EspMatch.MAX_SPI) : UintRange.parse(s, s.arg(), EspMatch.MAX_SPI);
            Long length = l == null ? null : Values.number(l, l.arg(), 0, 0xFFFFFFFFL);
            return new RtMatch(type, t != null && t.inverted(), segs, s != null && s.inverted(), length,
                    l != null && l.inverted(), o.has("rt-0-res"), addrs, ns != null);
        }
    }
}
