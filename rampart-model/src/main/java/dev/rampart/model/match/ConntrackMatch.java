package dev.rampart.model.match;

import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.Values;
import dev.rampart.model.net.HostMask;
import dev.rampart.model.net.PortRange;
import dev.rampart.model.write.SaveLine;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;

/**
 * {@code -m conntrack}: tests on the packet's connection tracking entry. Every component is null when
 * its option was not given; a {@link Test} carries the value and whether {@code !} inverted it. At
 * least one test is present. Addresses keep their unmasked text form ({@link HostMask}); the protocol is
 * a number 1..255; expiry is in seconds; {@code direction} is ORIGINAL or REPLY.
 */
public record ConntrackMatch(Test<Set<CtState>> state, Test<Integer> protocol,
                             Test<HostMask> origSrc, Test<HostMask> origDst,
                             Test<HostMask> replSrc, Test<HostMask> replDst,
                             Test<PortRange> origSrcPort, Test<PortRange> origDstPort,
                             Test<PortRange> replSrcPort, Test<PortRange> replDstPort,
                             Test<Set<Status>> status, Test<Expiry> expire, Direction direction) implements Match {

    /** The extension that parses {@code -m conntrack}. */
    public static final MatchExtension EXTENSION = new Extension();

    /** One condition and whether it is inverted. */
    public record Test<T>(T value, boolean inverted) {
    }

    /** Remaining lifetime range of the entry in seconds, inclusive. */
    public record Expiry(long min, long max) {
        @Override
        public String toString() {
            return min == max ? Long.toString(min) : min + ":" + max;
        }
    }

    /** Connection status bits, in iptables' printing order; an empty set is printed as NONE. */
    public enum Status { EXPECTED, SEEN_REPLY, ASSURED, CONFIRMED }

    /** The packet's direction within its connection. */
    public enum Direction { ORIGINAL, REPLY }

    @Override
    public String module() {
        return "conntrack";
    }

    @Override
    public void writeOptions(SaveLine out) {
        if (state != null) {
            out.option(state.inverted(), "ctstate", CtState.format(state.value()));
        }
        if (protocol != null) {
            out.option(protocol.inverted(), "ctproto", Integer.toString(protocol.value()));
        }
        addr(out, "ctorigsrc", origSrc);
        addr(out, "ctorigdst", origDst);
        addr(out, "ctreplsrc", replSrc);
        addr(out, "ctrepldst", replDst);
        port(out, "ctorigsrcport", origSrcPort);
        port(out, "ctorigdstport", origDstPort);
        port(out, "ctreplsrcport", replSrcPort);
        port(out, "ctrepldstport", replDstPort);
        if (status != null) {
            StringJoiner j = new StringJoiner(",");
            for (Status s : Status.values()) {
                if (status.value().contains(s)) {
                    j.add(s.name());
                }
            }
            out.option(status.inverted(), "ctstatus", status.value().isEmpty() ? "NONE" : j.toString());
        }
        if (expire != null) {
            out.option(expire.inverted(), "ctexpire", expire.value().toString());
        }
        if (direction != null) {
            out.option("ctdir", direction.name());
        }
    }

    private static void addr(SaveLine out, String name, Test<HostMask> t) {
        if (t != null) {
            out.option(t.inverted(), name, t.value().toString());
        }
    }

    private static void port(SaveLine out, String name, Test<PortRange> t) {
        if (t != null) {
            out.option(t.inverted(), name, t.value().toString());
        }
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(
                OptionSpec.arg("ctstate").inv(),
                OptionSpec.arg("ctproto").inv(),
                OptionSpec.arg("ctorigsrc").inv(),
                OptionSpec.arg("ctorigdst").inv(),
                OptionSpec.arg("ctreplsrc").inv(),
                OptionSpec.arg("ctrepldst").inv(),
                OptionSpec.arg("ctorigsrcport").inv(),
                OptionSpec.arg("ctorigdstport").inv(),
                OptionSpec.arg("ctreplsrcport").inv(),
                OptionSpec.arg("ctrepldstport").inv(),
                OptionSpec.arg("ctstatus").inv(),
                OptionSpec.arg("ctexpire").inv(),
                OptionSpec.arg("ctdir"));

        @Override
        public String name() {
            return "conntrack";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            if (o.isEmpty()) {
                throw ExtensionException.constraint(null, "match 'conntrack' needs at least one option",
                        "add e.g. '--ctstate ESTABLISHED,RELATED'");
            }
            Test<Set<CtState>> state = null;
            Test<Integer> proto = null;
            Test<HostMask> os = null;
            Test<HostMask> od = null;
            Test<HostMask> rs = null;
            Test<HostMask> rd = null;
            Test<PortRange> osp = null;
            Test<PortRange> odp = null;
            Test<PortRange> rsp = null;
            Test<PortRange> rdp = null;
            Test<Set<Status>> status = null;
            Test<Expiry> expire = null;
            Direction dir = null;
            for (OptionUse u : o.all()) {
                boolean inv = u.inverted();
                switch (u.name()) {
                    case "ctstate" -> state = new Test<>(CtState.parseList(u, u.arg(), true), inv);
                    case "ctproto" -> {
                        int p = MatchArgs.protocol(u, u.arg());
                        if (p == 0) {
                            throw ExtensionException.badValue(u, inv
                                    ? "'! --ctproto 0' would always match: every connection has a protocol"
                                    : "'--ctproto 0' would never match: no connection has protocol 0",
                                    "name a real protocol such as tcp or udp, or drop --ctproto");
                        }
                        proto = new Test<>(p, inv);
                    }
                    case "ctorigsrc" -> os = new Test<>(MatchArgs.hostMask(u, u.arg(), ctx.family()), inv);
                    case "ctorigdst" -> od = new Test<>(MatchArgs.hostMask(u, u.arg(), ctx.family()), inv);
                    case "ctreplsrc" -> rs = new Test<>(MatchArgs.hostMask(u, u.arg(), ctx.family()), inv);
                    case "ctrepldst" -> rd = new Test<>(MatchArgs.hostMask(u, u.arg(), ctx.family()), inv);
                    case "ctorigsrcport" -> osp = new Test<>(Values.portRange(u, u.arg(), null), inv);
                    case "ctorigdstport" -> odp = new Test<>(Values.portRange(u, u.arg(), null), inv);
                    case "ctreplsrcport" -> rsp = new Test<>(Values.portRange(u, u.arg(), null), inv);
                    case "ctrepldstport" -> rdp = new Test<>(Values.portRange(u, u.arg(), null), inv);
                    case "ctstatus" -> status = new Test<>(parseStatus(u), inv);
                    case "ctexpire" -> expire = new Test<>(parseExpiry(u), inv);
                    case "ctdir" -> {
                        String d = u.arg().toUpperCase(Locale.ROOT);
                        if (!d.equals("ORIGINAL") && !d.equals("REPLY")) {
                            throw ExtensionException.badValue(u, "invalid direction '" + u.arg() + "' for --ctdir",
                                    "use ORIGINAL or REPLY");
                        }
                        dir = Direction.valueOf(d);
                    }
                    default -> throw new IllegalStateException(u.name());
                }
            }
            return new ConntrackMatch(state, proto, os, od, rs, rd, osp, odp, rsp, rdp, status, expire, dir);
        }

        private static Set<Status> parseStatus(OptionUse u) throws ExtensionException {
            EnumSet<Status> out = EnumSet.noneOf(Status.class);
            for (String item : u.arg().split(",", -1)) {
                String up = item.toUpperCase(Locale.ROOT);
                if (!item.isEmpty() && "NONE".startsWith(up)) {
                    continue;
                }
                Status found = null;
                for (Status s : Status.values()) {
                    if (!item.isEmpty() && s.name().startsWith(up)) {
                        found = s;
                        break;
                    }
                }
                if (found == null) {
                    throw ExtensionException.badValue(u, "unknown connection status '" + item + "' in --ctstatus",
                            "use a comma-separated list of NONE, EXPECTED, SEEN_REPLY, ASSURED, CONFIRMED");
                }
                out.add(found);
            }
            return Set.copyOf(out);
        }

        private static Expiry parseExpiry(OptionUse u) throws ExtensionException {
            String t = u.arg();
            int colon = t.indexOf(':');
            long min;
            long max;
            if (colon < 0) {
                min = MatchArgs.u32(u, t);
                max = min;
            } else {
                min = colon == 0 ? 0 : MatchArgs.u32(u, t.substring(0, colon));
                max = colon == t.length() - 1 ? MatchArgs.U32_MAX : MatchArgs.u32(u, t.substring(colon + 1));
            }
            if (min > max) {
                throw ExtensionException.badValue(u, "invalid range '" + t + "' for --ctexpire: start is greater than end",
                        "write it as " + max + ":" + min);
            }
            return new Expiry(min, max);
        }
    }
}
