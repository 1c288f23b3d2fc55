package dev.rampart.sim.match;

import dev.rampart.model.Family;
import dev.rampart.model.Fragment;
import dev.rampart.model.RuleHeader;
import dev.rampart.model.net.IpAddress;
import dev.rampart.model.net.IpPrefix;
import dev.rampart.sim.engine.MatchEnv;
import dev.rampart.sim.engine.PacketState;
import dev.rampart.sim.engine.PacketTest;

/**
 * The compiled rule header ({@code -s -d -i -o -p -f}), evaluated as {@code ip_packet_match}
 * (ip_tables.c) and {@code ip6_packet_match} (ip6_tables.c) do, in the same order. Immutable, no
 * allocation per packet.
 *
 * <p>Kernel details honoured:
 * <ul>
 *   <li>addresses: {@code (addr & mask) != rule_addr}, then XOR with the {@code !} flag;</li>
 *   <li>interfaces: a missing device compares as the empty name (see {@link InterfaceName});</li>
 *   <li>protocol 0 ({@code -p all}) tests nothing. IPv4 compares the IP header's protocol field, so
 *       {@code -p tcp} also matches non-first fragments (the tcp match then fails on them). IPv6 compares
 *       the upper-layer protocol {@code ipv6_find_hdr} finds: extension headers are skipped, AH
 *       included, and ESP ends the walk, so {@code -p esp} matches ESP and {@code -p ah} never matches;</li>
 *   <li>{@code -f} matches only non-first IPv4 fragments, {@code ! -f} only the others; IPv6 rules have
 *       no fragment flag.</li>
 * </ul>
 */
public final class HeaderTest implements PacketTest {
    private final boolean ipv6;
    private final boolean testSrc;
    private final long srcHi;
    private final long srcLo;
    private final long srcMaskHi;
    private final long srcMaskLo;
    private final boolean srcInv;
    private final boolean testDst;
    private final long dstHi;
    private final long dstLo;
    private final long dstMaskHi;
    private final long dstMaskLo;
    private final boolean dstInv;
    private final InterfaceName in;
    private final boolean inInv;
    private final InterfaceName out;
    private final boolean outInv;
    /** Protocol number to compare, or 0 for none. */
    private final int proto;
    private final boolean protoInv;
    private final Fragment fragment;
    /** {@link #fragment} for the per-packet test: 0 any packet, 1 non-first fragments only, 2 the others. */
    private final int fragmentMode;

    private HeaderTest(RuleHeader h, Family family) {
        ipv6 = family == Family.IPV6;
        IpPrefix s = h.source();
        testSrc = s != null && (!s.isAny() || h.sourceInverted());
        srcHi = s == null ? 0 : s.hi();
        srcLo = s == null ? 0 : s.lo();
        srcMaskHi = s == null ? 0 : s.maskHi();
        srcMaskLo = s == null ? 0 : s.maskLo();
        srcInv = h.sourceInverted();
        IpPrefix d = h.destination();
        testDst = d != null && (!d.isAny() || h.destinationInverted());
        dstHi = d == null ? 0 : d.hi();
        dstLo = d == null ? 0 : d.lo();
        dstMaskHi = d == null ? 0 : d.maskHi();
        dstMaskLo = d == null ? 0 : d.maskLo();
        dstInv = h.destinationInverted();
        in = h.inInterface() == null ? null : InterfaceName.of(h.inInterface());
        inInv = h.inInverted();
        out = h.outInterface() == null ? null : InterfaceName.of(h.outInterface());
        outInv = h.outInverted();
        proto = h.protocol() == null ? 0 : h.protocol().number();
        protoInv = h.protocolInverted();
        fragment = ipv6 ? Fragment.ANY : h.fragment();
        fragmentMode = switch (fragment) {
            case ANY -> 0;
            case FRAGMENTS -> 1;
            case NON_FRAGMENTS -> 2;
        };
    }

    /** The test of {@code header} in a rule of {@code family}; {@link PacketTest#ALWAYS} when it tests nothing. */
    static PacketTest of(RuleHeader header, Family family) {
        HeaderTest t = orNull(header, family);
        return t == null ? ALWAYS : t;
    }

    /** The test of {@code header} in a rule of {@code family}, or null when it tests nothing. */
    static HeaderTest orNull(RuleHeader header, Family family) {
        HeaderTest t = new HeaderTest(header, family);
        if (!t.testSrc && !t.testDst && t.in == null && t.out == null && t.proto == 0
                && t.fragment == Fragment.ANY) {
            return null;
        }
        return t;
    }

    @Override
    public boolean test(PacketState p, MatchEnv env) {
        if (testSrc) {
            IpAddress a = p.src();
            if (((a.hi() & srcMaskHi) == srcHi && (a.lo() & srcMaskLo) == srcLo) == srcInv) {
                return false;
            }
        }
        if (testDst) {
            IpAddress a = p.dst();
            if (((a.hi() & dstMaskHi) == dstHi && (a.lo() & dstMaskLo) == dstLo) == dstInv) {
                return false;
            }
        }
        if (in != null && in.matches(p.in()) == inInv) {
            return false;
        }
        if (out != null && out.matches(p.out()) == outInv) {
            return false;
        }
        if (proto != 0) {
            int actual = ipv6 ? Ipv6Chain.upperProtocol(p) : p.protocol();
            if ((actual == proto) == protoInv) {
                return false;
            }
        }
        return fragmentMode == 0 || p.fragment() == (fragmentMode == 1);
    }
}
