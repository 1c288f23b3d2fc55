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
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;

/**
 * {@code -m addrtype}: the routing type of the source and/or destination address is one of a set
 * (empty set = not tested). {@code limitIface} restricts the route lookup to the incoming
 * ({@code IN}) or outgoing ({@code OUT}) interface, or is {@code NONE}.
 */
public record AddrtypeMatch(Set<Type> srcTypes, boolean srcInverted, Set<Type> dstTypes, boolean dstInverted,
                            LimitIface limitIface) implements Match {

    /** The extension that parses {@code -m addrtype}. */
    public static final MatchExtension EXTENSION = new Extension();

    /** Route types in the kernel's {@code RTN_*} order, which is also iptables' printing order. */
    public enum Type { UNSPEC, UNICAST, LOCAL, BROADCAST, ANYCAST, MULTICAST, BLACKHOLE, UNREACHABLE, PROHIBIT,
        THROW, NAT, XRESOLVE }

    /** Which interface the lookup is limited to. */
    public enum LimitIface { NONE, IN, OUT }

    public AddrtypeMatch {
        srcTypes = Set.copyOf(srcTypes);
        dstTypes = Set.copyOf(dstTypes);
    }

    @Override
    public String module() {
        return "addrtype";
    }

    @Override
    public void writeOptions(SaveLine out) {
        if (!srcTypes.isEmpty()) {
            out.option(srcInverted, "src-type", format(srcTypes));
        }
        if (!dstTypes.isEmpty()) {
            out.option(dstInverted, "dst-type", format(dstTypes));
        }
        if (limitIface == LimitIface.IN) {
            out.option("limit-iface-in");
        } else if (limitIface == LimitIface.OUT) {
            out.option("limit-iface-out");
        }
    }

    private static String format(Set<Type> types) {
        StringJoiner j = new StringJoiner(",");
        for (Type t : Type.values()) {
            if (types.contains(t)) {
                j.add(t.name());
            }
        }
        return j.toString();
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(
                OptionSpec.arg("src-type").inv(),
                OptionSpec.arg("dst-type").inv(),
                OptionSpec.flag("limit-iface-in"),
                OptionSpec.flag("limit-iface-out"));

        @Override
        public String name() {
            return "addrtype";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            OptionUse s = o.get("src-type");
            OptionUse d = o.get("dst-type");
            OptionUse in = o.get("limit-iface-in");
            OptionUse out = o.get("limit-iface-out");
            if (in != null && out != null) {
                throw ExtensionException.constraint(out, "--limit-iface-in and --limit-iface-out cannot be combined",
                        "keep one of them");
            }
            if (s == null && d == null) {
                throw MatchArgs.required("addrtype", "--src-type or --dst-type");
            }
            Set<Type> src = s == null ? Set.of() : parse(s, ctx.family());
            Set<Type> dst = d == null ? Set.of() : parse(d, ctx.family());
            if (in != null && !ctx.inChains(true, "PREROUTING", "INPUT", "FORWARD")) {
                throw ExtensionException.constraint(in, "--limit-iface-in is only valid in PREROUTING, INPUT and "
                        + "FORWARD, where the packet has an incoming interface", "use --limit-iface-out here");
            }
            if (out != null && !ctx.inChains(true, "FORWARD", "OUTPUT", "POSTROUTING")) {
                throw ExtensionException.constraint(out, "--limit-iface-out is only valid in FORWARD, OUTPUT and "
                        + "POSTROUTING, where the packet has an outgoing interface", "use --limit-iface-in here");
            }
            LimitIface li = in != null ? LimitIface.IN : out != null ? LimitIface.OUT : LimitIface.NONE;
            return new AddrtypeMatch(src, s != null && s.inverted(), dst, d != null && d.inverted(), li);
        }

        private static Set<Type> parse(OptionUse u, Family family) throws ExtensionException {
            EnumSet<Type> out = EnumSet.noneOf(Type.class);
            for (String item : u.arg().split(",", -1)) {
                Type found = null;
                for (Type t : Type.values()) {
                    if (!item.isEmpty() && t.name().startsWith(item.toUpperCase(Locale.ROOT))) {
                        found = t;
                        break;
                    }
                }
                if (found == null) {
                    throw ExtensionException.badValue(u, "unknown address type '" + item + "' in --" + u.name(),
                            "use a comma-separated list of UNSPEC, UNICAST, LOCAL, BROADCAST, ANYCAST, MULTICAST, "
                                    + "BLACKHOLE, UNREACHABLE, PROHIBIT, THROW, NAT, XRESOLVE");
                }
                if (family == Family.IPV6 && (found == Type.BROADCAST || found.ordinal() >= Type.BLACKHOLE.ordinal())) {
                    throw ExtensionException.badValue(u, "address type " + found + " does not exist for IPv6; the "
                            + "kernel only matches UNSPEC, UNICAST, LOCAL, ANYCAST and MULTICAST there");
                }
                out.add(found);
            }
            return out;
        }
    }
}
