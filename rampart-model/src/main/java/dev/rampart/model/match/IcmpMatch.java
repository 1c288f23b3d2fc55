package dev.rampart.model.match;

import dev.rampart.model.Family;
import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.Values;
import dev.rampart.model.net.Protocol;
import dev.rampart.model.write.SaveLine;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code -m icmp --icmp-type T[/C]} (IPv4): ICMP type and an inclusive code range. Type 255 with codes
 * 0..255 is "any". Names are iptables' table (prefixes accepted, case-insensitive).
 */
public record IcmpMatch(int type, int codeMin, int codeMax, boolean inverted) implements Match {

    /** The extension that parses {@code -m icmp}. */
    public static final MatchExtension EXTENSION = new Extension();

    /** iptables' ICMP names: name, type, code range. */
    static final List<IcmpName> NAMES = List.of(
            new IcmpName("any", 0xFF, 0, 0xFF),
            new IcmpName("echo-reply", 0, 0, 0xFF),
            new IcmpName("pong", 0, 0, 0xFF),
            new IcmpName("destination-unreachable", 3, 0, 0xFF),
            new IcmpName("network-unreachable", 3, 0, 0),
            new IcmpName("host-unreachable", 3, 1, 1),
            new IcmpName("protocol-unreachable", 3, 2, 2),
            new IcmpName("port-unreachable", 3, 3, 3),
            new IcmpName("fragmentation-needed", 3, 4, 4),
            new IcmpName("source-route-failed", 3, 5, 5),
            new IcmpName("network-unknown", 3, 6, 6),
            new IcmpName("host-unknown", 3, 7, 7),
            new IcmpName("network-prohibited", 3, 9, 9),
            new IcmpName("host-prohibited", 3, 10, 10),
            new IcmpName("TOS-network-unreachable", 3, 11, 11),
            new IcmpName("TOS-host-unreachable", 3, 12, 12),
            new IcmpName("communication-prohibited", 3, 13, 13),
            new IcmpName("host-precedence-violation", 3, 14, 14),
            new IcmpName("precedence-cutoff", 3, 15, 15),
            new IcmpName("source-quench", 4, 0, 0xFF),
            new IcmpName("redirect", 5, 0, 0xFF),
            new IcmpName("network-redirect", 5, 0, 0),
            new IcmpName("host-redirect", 5, 1, 1),
            new IcmpName("TOS-network-redirect", 5, 2, 2),
            new IcmpName("TOS-host-redirect", 5, 3, 3),
            new IcmpName("echo-request", 8, 0, 0xFF),
            new IcmpName("ping", 8, 0, 0xFF),
            new IcmpName("router-advertisement", 9, 0, 0xFF),
            new IcmpName("router-solicitation", 10, 0, 0xFF),
            new IcmpName("time-exceeded", 11, 0, 0xFF),
            new IcmpName("ttl-exceeded", 11, 0, 0xFF),
            new IcmpName("ttl-zero-during-transit", 11, 0, 0),
            new IcmpName("ttl-zero-during-reassembly", 11, 1, 1),
            new IcmpName("parameter-problem", 12, 0, 0xFF),
            new IcmpName("ip-header-bad", 12, 0, 0),
            new IcmpName("required-option-missing", 12, 1, 1),
            new IcmpName("timestamp-request", 13, 0, 0xFF),
            new IcmpName("timestamp-reply", 14, 0, 0xFF),
            new IcmpName("address-mask-request", 17, 0, 0xFF),
            new IcmpName("address-mask-reply", 18, 0, 0xFF));

    /** One named ICMP type/code range. */
    public record IcmpName(String name, int type, int codeMin, int codeMax) {
    }

    @Override
    public String module() {
        return "icmp";
    }

    /** Whether this is the "any" wildcard. */
    public boolean isAny() {
        return type == 0xFF && codeMin == 0 && codeMax == 0xFF;
    }

    @Override
    public void writeOptions(SaveLine out) {
        if (isAny()) {
            out.option(inverted, "icmp-type", "any");
        } else if (codeMin != 0 || codeMax != 0xFF) {
            out.option(inverted, "icmp-type", type + "/" + codeMin);
        } else {
            out.option(inverted, "icmp-type", Integer.toString(type));
        }
    }

    /**
     * Resolves a type name or prefix (case-insensitive) in {@code names}; returns null when unknown and
     * throws when the prefix is ambiguous.
     */
    static IcmpName lookup(OptionUse u, String text, List<IcmpName> names, String family) throws ExtensionException {
        String lower = text.toLowerCase(Locale.ROOT);
        IcmpName found = null;
        for (IcmpName n : names) {
            String name = n.name().toLowerCase(Locale.ROOT);
            if (name.equals(lower)) {
                return n;
            }
            if (name.startsWith(lower)) {
                if (found != null && !(found.type() == n.type() && found.codeMin() == n.codeMin()
                        && found.codeMax() == n.codeMax())) {
                    throw ExtensionException.badValue(u, "ambiguous " + family + " type '" + text + "': '"
                            + found.name() + "' or '" + n.name() + "'?");
                }
                if (found == null) {
                    found = n;
                }
            }
        }
        return found;
    }

    /** Parses {@code TYPE[/CODE[:CODE]]} numerically into {type, codeMin, codeMax}, or null. */
    static int[] numeric(String text) {
        int slash = text.indexOf('/');
        String t = slash < 0 ? text : text.substring(0, slash);
        long type = Values.parseUnsigned(t);
        if (type < 0 || type > 255) {
            return null;
        }
        if (slash < 0) {
            return new int[] {(int) type, 0, 0xFF};
        }
        String c = text.substring(slash + 1);
        int colon = c.indexOf(':');
        long lo = Values.parseUnsigned(colon < 0 ? c : c.substring(0, colon));
        long hi = colon < 0 ? lo : Values.parseUnsigned(c.substring(colon + 1));
        if (lo < 0 || hi < 0 || lo > 255 || hi > 255 || lo > hi) {
            return null;
        }
        return new int[] {(int) type, (int) lo, (int) hi};
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.arg("icmp-type").inv());

        @Override
        public String name() {
            return "icmp";
        }

        @Override
        public Set<Family> families() {
            return EnumSet.of(Family.IPV4);
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            OptionUse u = o.get("icmp-type");
            TcpMatch.requireProtocol(u, ctx, Protocol.ICMP, "icmp");
            if (u == null) {
                return new IcmpMatch(0xFF, 0, 0xFF, false);
            }
            int[] num = numeric(u.arg());
            if (num != null) {
                return new IcmpMatch(num[0], num[1], num[2], u.inverted());
            }
            IcmpName n = lookup(u, u.arg(), NAMES, "ICMP");
            if (n == null) {
                throw ExtensionException.badValue(u, "unknown ICMP type '" + u.arg() + "'",
                        dev.rampart.model.diag.Suggest.didYouMean(u.arg(),
                                NAMES.stream().map(IcmpName::name).toList()));
            }
            return new IcmpMatch(n.type(), n.codeMin(), n.codeMax(), u.inverted());
        }
    }
}
