package dev.rampart.model.match;

import dev.rampart.model.Family;
import dev.rampart.model.diag.Suggest;
import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.match.IcmpMatch.IcmpName;
import dev.rampart.model.net.Protocol;
import dev.rampart.model.write.SaveLine;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code -m icmp6 [!] --icmpv6-type T[/C]} (IPv6 only): ICMPv6 type and an inclusive code range
 * (0..255 when no code is given). Names are ip6tables' table (prefixes accepted, case-insensitive);
 * iptables-save prints numbers, {@code T} or {@code T/C}.
 */
public record Icmp6Match(int type, int codeMin, int codeMax, boolean inverted) implements Match {

    /** The extension that parses {@code -m icmp6}. */
    public static final MatchExtension EXTENSION = new Extension();

    /** ip6tables' ICMPv6 names: name, type, code range. */
    static final List<IcmpName> NAMES = List.of(
            new IcmpName("destination-unreachable", 1, 0, 0xFF),
            new IcmpName("no-route", 1, 0, 0),
            new IcmpName("communication-prohibited", 1, 1, 1),
            new IcmpName("beyond-scope", 1, 2, 2),
            new IcmpName("address-unreachable", 1, 3, 3),
            new IcmpName("port-unreachable", 1, 4, 4),
            new IcmpName("failed-policy", 1, 5, 5),
            new IcmpName("reject-route", 1, 6, 6),
            new IcmpName("packet-too-big", 2, 0, 0xFF),
            new IcmpName("time-exceeded", 3, 0, 0xFF),
            new IcmpName("ttl-exceeded", 3, 0, 0xFF),
            new IcmpName("ttl-zero-during-transit", 3, 0, 0),
            new IcmpName("ttl-zero-during-reassembly", 3, 1, 1),
            new IcmpName("parameter-problem", 4, 0, 0xFF),
            new IcmpName("bad-header", 4, 0, 0),
            new IcmpName("unknown-header-type", 4, 1, 1),
            new IcmpName("unknown-option", 4, 2, 2),
            new IcmpName("echo-request", 128, 0, 0xFF),
            new IcmpName("ping", 128, 0, 0xFF),
            new IcmpName("echo-reply", 129, 0, 0xFF),
            new IcmpName("pong", 129, 0, 0xFF),
            new IcmpName("mld-listener-query", 130, 0, 0xFF),
            new IcmpName("mld-listener-report", 131, 0, 0xFF),
            new IcmpName("mld-listener-done", 132, 0, 0xFF),
            new IcmpName("mld-listener-reduction", 132, 0, 0xFF),
            new IcmpName("router-solicitation", 133, 0, 0xFF),
            new IcmpName("router-advertisement", 134, 0, 0xFF),
            new IcmpName("neighbour-solicitation", 135, 0, 0xFF),
            new IcmpName("neighbor-solicitation", 135, 0, 0xFF),
            new IcmpName("neighbour-advertisement", 136, 0, 0xFF),
            new IcmpName("neighbor-advertisement", 136, 0, 0xFF),
            new IcmpName("redirect", 137, 0, 0xFF));

    @Override
    public String module() {
        return "icmp6";
    }

    @Override
    public void writeOptions(SaveLine out) {
        String v = codeMin != 0 || codeMax != 0xFF ? type + "/" + codeMin : Integer.toString(type);
        out.option(inverted, "icmpv6-type", v);
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.arg("icmpv6-type").inv());

        @Override
        public String name() {
            return "icmp6";
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
            OptionUse u = o.get("icmpv6-type");
            if (u == null) {
                throw ExtensionException.constraint(null, "match 'icmp6' needs --icmpv6-type TYPE[/CODE]",
                        "add e.g. '--icmpv6-type echo-request'");
            }
            TcpMatch.requireProtocol(u, ctx, Protocol.ICMPV6, "icmp6");
            int[] num = IcmpMatch.numeric(u.arg());
            if (num != null) {
                return new Icmp6Match(num[0], num[1], num[2], u.inverted());
            }
            IcmpName n = IcmpMatch.lookup(u, u.arg(), NAMES, "ICMPv6");
            if (n == null) {
                throw ExtensionException.badValue(u, "unknown ICMPv6 type '" + u.arg() + "'",
                        Suggest.didYouMean(u.arg(), NAMES.stream().map(IcmpName::name).toList()));
            }
            return new Icmp6Match(n.type(), n.codeMin(), n.codeMax(), u.inverted());
        }
    }
}
