package dev.rampart.sim.classify;

import dev.rampart.model.Family;
import dev.rampart.model.Rule;
import dev.rampart.model.RuleHeader;
import dev.rampart.model.match.DccpMatch;
import dev.rampart.model.match.Icmp6Match;
import dev.rampart.model.match.IcmpMatch;
import dev.rampart.model.match.Match;
import dev.rampart.model.match.MultiportMatch;
import dev.rampart.model.match.SctpMatch;
import dev.rampart.model.match.TcpMatch;
import dev.rampart.model.match.UdpMatch;
import dev.rampart.model.net.IpPrefix;
import dev.rampart.model.net.PortRange;
import java.util.ArrayList;
import java.util.List;

/**
 * What one rule requires of a packet's header fields, reduced to the exact-value tests a hash lookup can
 * serve: address bits under a mask, the protocol number, the values one port (or the ICMP type) must take,
 * and an interface name or name prefix. Every requirement kept here is <em>implied</em> by the rule: a
 * packet the rule matches satisfies all of them. Parts that cannot be keyed ({@code !}-negations, large
 * port ranges, {@code --ports} of multiport, {@code -i +}) are simply left out, which only makes the key
 * weaker, never wrong.
 *
 * @param srcMaskHi  mask over the source address (high 64 bits; IPv4 uses the low word only), 0 = any
 * @param srcHi      the source address bits under the mask
 * @param protocol   the IP protocol number the packet must carry, or -1 for any
 * @param portField  which transport value {@code portValues} constrains
 * @param portValues the values that field may take (sorted, distinct), empty when {@code portField} is NONE
 * @param inMode     input interface: {@link #IFACE_ANY}, {@link #IFACE_EXACT} or the length of a name prefix
 * @param inName     the interface name (without {@code +}) when {@code inMode} is not {@link #IFACE_ANY}
 */
record RuleKey(long srcMaskHi, long srcMaskLo, long srcHi, long srcLo,
               long dstMaskHi, long dstMaskLo, long dstHi, long dstLo,
               int protocol, PortField portField, int[] portValues,
               int inMode, String inName, int outMode, String outName) {

    /** The interface is not keyed. */
    static final int IFACE_ANY = -1;
    /** The interface name must equal the key's name. */
    static final int IFACE_EXACT = 0;

    /** Port sets larger than this (in ports) are not keyed: each value is one hash entry. */
    static final int MAX_KEYED_PORTS = 64;

    /** IPv6 protocol numbers of extension headers: a rule naming one is not keyed on the protocol. */
    private static final long IPV6_EXTENSION_PROTOCOLS =
            (1L << 0) | (1L << 43) | (1L << 44) | (1L << 51) | (1L << 59) | (1L << 60);

    /** The transport value a key constrains. */
    enum PortField { NONE, DPORT, SPORT, ICMP_TYPE }

    /** The key of {@code rule} in a chain of {@code family}. */
    static RuleKey of(Rule rule, Family family) {
        RuleHeader h = rule.header();
        IpPrefix src = h.sourceInverted() ? null : h.source();
        IpPrefix dst = h.destinationInverted() ? null : h.destination();
        int protocol = -1;
        if (h.protocol() != null && !h.protocolInverted() && !h.protocol().isAll()) {
            int p = h.protocol().number();
            boolean extension = family == Family.IPV6 && p < 64 && (IPV6_EXTENSION_PROTOCOLS >>> p & 1) != 0;
            protocol = extension ? -1 : p;
        }
        PortField field = PortField.NONE;
        int[] values = new int[0];
        for (PortField f : List.of(PortField.DPORT, PortField.SPORT, PortField.ICMP_TYPE)) {
            int[] best = null;
            for (Match m : rule.matches()) {
                int[] v = values(m, f);
                if (v != null && (best == null || v.length < best.length)) {
                    best = v;
                }
            }
            if (best != null) {
                field = f;
                values = best;
                break;
            }
        }
        int inMode = ifaceMode(h.inInverted() ? null : h.inInterface());
        int outMode = ifaceMode(h.outInverted() ? null : h.outInterface());
        return new RuleKey(
                src == null ? 0 : src.maskHi(), src == null ? 0 : src.maskLo(),
                src == null ? 0 : src.hi(), src == null ? 0 : src.lo(),
                dst == null ? 0 : dst.maskHi(), dst == null ? 0 : dst.maskLo(),
                dst == null ? 0 : dst.hi(), dst == null ? 0 : dst.lo(),
                protocol, field, values,
                inMode, inMode == IFACE_ANY ? null : stripPlus(h.inInterface()),
                outMode, outMode == IFACE_ANY ? null : stripPlus(h.outInterface()));
    }

    /** The values {@code m} allows for {@code field}, or null when it does not constrain it to few values. */
    private static int[] values(Match m, PortField field) {
        if (m instanceof TcpMatch t) {
            return ports(field, t.sport(), t.sportInverted(), t.dport(), t.dportInverted());
        } else if (m instanceof UdpMatch u) {
            return ports(field, u.sport(), u.sportInverted(), u.dport(), u.dportInverted());
        } else if (m instanceof SctpMatch s) {
            return ports(field, s.sport(), s.sportInverted(), s.dport(), s.dportInverted());
        } else if (m instanceof DccpMatch d) {
            return ports(field, d.sport(), d.sportInverted(), d.dport(), d.dportInverted());
        } else if (m instanceof MultiportMatch mp) {
            boolean applies = !mp.inverted()
                    && (mp.which() == MultiportMatch.Which.DESTINATION && field == PortField.DPORT
                    || mp.which() == MultiportMatch.Which.SOURCE && field == PortField.SPORT);
            return applies ? expand(mp.ports()) : null;
        } else if (m instanceof IcmpMatch i) {
            return field == PortField.ICMP_TYPE && !i.inverted() && i.type() != 0xFF
                    ? new int[] {i.type()} : null;
        } else if (m instanceof Icmp6Match i) {
            return field == PortField.ICMP_TYPE && !i.inverted() ? new int[] {i.type()} : null;
        }
        return null;
    }

    private static int[] ports(PortField field, PortRange sport, boolean sportInv, PortRange dport, boolean dportInv) {
        PortRange r = switch (field) {
            case DPORT -> dportInv ? null : dport;
            case SPORT -> sportInv ? null : sport;
            default -> null;
        };
        return r == null || r.isAll() ? null : expand(List.of(r));
    }

    /** The ports of {@code ranges}, sorted and distinct, or null when there are more than {@link #MAX_KEYED_PORTS}. */
    private static int[] expand(List<PortRange> ranges) {
        if (ranges.size() == 1 && ranges.get(0).from() == ranges.get(0).to()) {
            return new int[] {ranges.get(0).from()}; // the common case, without the general path's boxing
        }
        long total = 0;
        for (PortRange r : ranges) {
            total += r.to() - r.from() + 1;
        }
        if (total > MAX_KEYED_PORTS) {
            return null;
        }
        List<Integer> out = new ArrayList<>();
        for (PortRange r : ranges) {
            for (int p = r.from(); p <= r.to(); p++) {
                out.add(p);
            }
        }
        return out.stream().mapToInt(Integer::intValue).sorted().distinct().toArray();
    }

    private static int ifaceMode(String name) {
        if (name == null || name.isEmpty() || name.equals("+")) {
            return IFACE_ANY;
        }
        return name.endsWith("+") ? name.length() - 1 : IFACE_EXACT;
    }

    private static String stripPlus(String name) {
        return name.endsWith("+") ? name.substring(0, name.length() - 1) : name;
    }
}
