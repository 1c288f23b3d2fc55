package dev.rampart.sim.classify;

import dev.rampart.model.Family;
import dev.rampart.model.Fragment;
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
import dev.rampart.sim.engine.PacketState;

/**
 * The straightforward reference for what a {@link RuleIndex} must not miss: whether a rule's header and
 * its port/ICMP matches accept a packet, written after the kernel's code, one test after the other.
 * Every other match (state, tcp flags, mac, ...) is taken as accepting, so the set this predicate accepts
 * is a superset of the rules that really match, which is what the index has to cover.
 *
 * <ul>
 *   <li>Header: {@code ip_packet_match} (net/ipv4/netfilter/ip_tables.c) and {@code ip6_packet_match}
 *       (ip6_tables.c): masked address compare XOR {@code !}; interface names compared over the rule's
 *       mask ({@code eth+}: the first 3 bytes; {@code eth0}: all 5 bytes including the terminating NUL)
 *       XOR {@code !}, a missing interface being the empty name; protocol 0 ignores the test, otherwise
 *       equality XOR {@code !}; {@code -f} against the non-first-fragment flag (IPv4).</li>
 *   <li>{@code xt_tcpudp}: fails on a non-first fragment; each port in its range XOR {@code !}.</li>
 *   <li>{@code xt_multiport} (v1): fails on a non-first fragment; any listed port or range contains the
 *       source, destination or either port; the result XOR {@code !}.</li>
 *   <li>{@code xt_icmp} / {@code icmp6}: fails on a non-first fragment; type 255 (v4) is any, else type
 *       equal and code in range; XOR {@code !}.</li>
 * </ul>
 * A packet without ports (port -1) fails every port test, as the kernel's matches fail (or hot-drop)
 * without a transport header; likewise a packet without an ICMP type fails every ICMP test.
 */
final class HeaderReference {
    private HeaderReference() {
    }

    /** Whether {@code rule}'s header and port/ICMP matches accept {@code p}. */
    static boolean accepts(Rule rule, PacketState p, Family family) {
        return header(rule.header(), p, family) && rule.matches().stream().allMatch(m -> match(m, p));
    }

    static boolean header(RuleHeader h, PacketState p, Family family) {
        if (h.source() != null && address(h.source(), p.src().hi(), p.src().lo()) == h.sourceInverted()) {
            return false;
        }
        if (h.destination() != null
                && address(h.destination(), p.dst().hi(), p.dst().lo()) == h.destinationInverted()) {
            return false;
        }
        if (h.inInterface() != null && iface(h.inInterface(), p.in()) == h.inInverted()) {
            return false;
        }
        if (h.outInterface() != null && iface(h.outInterface(), p.out()) == h.outInverted()) {
            return false;
        }
        if (h.protocol() != null && h.protocol().number() != 0
                && (p.protocol() == h.protocol().number()) == h.protocolInverted()) {
            return false;
        }
        if (family == Family.IPV4 && h.fragment() != Fragment.ANY) {
            return (h.fragment() == Fragment.FRAGMENTS) == p.fragment();
        }
        return true;
    }

    private static boolean address(IpPrefix prefix, long hi, long lo) {
        return prefix.contains(hi, lo);
    }

    /** The kernel's {@code ifname_compare_aligned} under the mask iptables builds from the rule's name. */
    static boolean iface(String rule, String packet) {
        String name = packet == null ? "" : packet;
        if (rule.endsWith("+")) {
            String prefix = rule.substring(0, rule.length() - 1);
            return name.startsWith(prefix);
        }
        return name.equals(rule);
    }

    static boolean match(Match m, PacketState p) {
        if (m instanceof TcpMatch t) {
            return ports(p, t.sport(), t.sportInverted(), t.dport(), t.dportInverted());
        } else if (m instanceof UdpMatch u) {
            return ports(p, u.sport(), u.sportInverted(), u.dport(), u.dportInverted());
        } else if (m instanceof SctpMatch s) {
            return ports(p, s.sport(), s.sportInverted(), s.dport(), s.dportInverted());
        } else if (m instanceof DccpMatch d) {
            return ports(p, d.sport(), d.sportInverted(), d.dport(), d.dportInverted());
        } else if (m instanceof MultiportMatch mp) {
            if (!p.hasPorts()) {
                return false;
            }
            boolean any = false;
            for (PortRange r : mp.ports()) {
                any |= switch (mp.which()) {
                    case SOURCE -> r.contains(p.sport());
                    case DESTINATION -> r.contains(p.dport());
                    case EITHER -> r.contains(p.sport()) || r.contains(p.dport());
                };
            }
            return any != mp.inverted();
        } else if (m instanceof IcmpMatch i) {
            if (p.fragment() || p.icmpType() < 0) {
                return false;
            }
            boolean hit = i.type() == 0xFF
                    || p.icmpType() == i.type() && p.icmpCode() >= i.codeMin() && p.icmpCode() <= i.codeMax();
            return hit != i.inverted();
        } else if (m instanceof Icmp6Match i) {
            if (p.fragment() || p.icmpType() < 0) {
                return false;
            }
            boolean hit = p.icmpType() == i.type() && p.icmpCode() >= i.codeMin() && p.icmpCode() <= i.codeMax();
            return hit != i.inverted();
        }
        return true;
    }

    private static boolean ports(PacketState p, PortRange sport, boolean sInv, PortRange dport, boolean dInv) {
        if (!p.hasPorts()) {
            return false;
        }
        boolean s = sport == null || sport.contains(p.sport()) != sInv;
        boolean d = dport == null || dport.contains(p.dport()) != dInv;
        return s && d;
    }
}
