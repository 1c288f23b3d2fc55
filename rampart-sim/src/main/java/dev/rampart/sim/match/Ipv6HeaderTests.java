package dev.rampart.sim.match;

import dev.rampart.model.Family;
import dev.rampart.model.ext.UintRange;
import dev.rampart.model.match.AhMatch;
import dev.rampart.model.match.DstMatch;
import dev.rampart.model.match.EspMatch;
import dev.rampart.model.match.Eui64Match;
import dev.rampart.model.match.FragMatch;
import dev.rampart.model.match.HbhMatch;
import dev.rampart.model.match.IpcompMatch;
import dev.rampart.model.match.Ipv6headerMatch;
import dev.rampart.model.match.MhMatch;
import dev.rampart.model.match.RtMatch;
import dev.rampart.model.match.SrhMatch;
import dev.rampart.sim.engine.PacketTest;

/**
 * Matches on IPv6 extension headers (ipv6header, frag, hbh, dst, rt, srh, mh, eui64) and on the IPsec
 * headers of both families (ah, esp, ipcomp).
 *
 * <p>The packet model records which extension headers a packet carries, in order, but not their
 * contents, nor SPIs, nor the Mobility Header type. Presence is therefore exact; a test of a field inside
 * a header is approximated as holding, unless the test is the default "everything" range, which holds
 * for every value anyway.
 */
final class Ipv6HeaderTests {
    private static final long U32_MAX = 0xFFFFFFFFL;

    private Ipv6HeaderTests() {
    }

    /**
     * {@code -m ipv6header} (ip6t_ipv6header.c): exactly the listed headers, or with {@code --soft} at
     * least them; {@code !} negates (soft: none of them).
     */
    static PacketTest ipv6header(Ipv6headerMatch m) {
        final int want = m.headers();
        final int invFlags = m.inverted() ? 0xFF : 0;
        if (m.soft()) {
            return (p, e) -> ((Ipv6Chain.headerMask(p) ^ want ^ invFlags) & want) == 0;
        }
        final boolean inv = m.inverted();
        return (p, e) -> (Ipv6Chain.headerMask(p) == want) != inv;
    }

    /**
     * {@code -m frag} (ip6t_frag.c): a fragment header must be present. {@code --fragfirst} holds for
     * the first fragment (offset 0); identification, reserved bits and the M flag are not in the packet
     * model and are approximated as holding ({@code --fraglen} the kernel ignores).
     */
    static PacketTest frag(FragMatch m) {
        final boolean idTest = !isAll(m.ids(), U32_MAX) || m.idsInverted();
        final boolean first = m.first();
        final boolean unknown = idTest || m.reserved() || m.more() || m.last();
        return (p, e) -> {
            if (!Ipv6Chain.has(p, Ipv6Chain.FRAGMENT)) {
                return false;
            }
            if (first && p.fragment()) {
                return false;
            }
            if (unknown) {
                e.approximate("frag: fragment id, reserved bits and M flag are not in the packet (taken to hold)");
            }
            return true;
        };
    }

    /** {@code -m hbh} (ip6t_hbh.c): a hop-by-hop options header; its length and options are approximated. */
    static PacketTest hbh(HbhMatch m) {
        return optionsHeader(Ipv6Chain.HOPOPTS, m.length() != null || m.options() != null,
                "hbh: header length and options are not in the packet (taken to hold)");
    }

    /** {@code -m dst} (ip6t_hbh.c): a destination options header; length and options are approximated. */
    static PacketTest dst(DstMatch m) {
        return optionsHeader(Ipv6Chain.DSTOPTS, m.length() != null || m.options() != null,
                "dst: header length and options are not in the packet (taken to hold)");
    }

    private static PacketTest optionsHeader(int type, boolean contents, String reason) {
        return (p, e) -> {
            if (!Ipv6Chain.has(p, type)) {
                return false;
            }
            if (contents) {
                e.approximate(reason);
            }
            return true;
        };
    }

    /** {@code -m rt} (ip6t_rt.c): a routing header; type, segments left, length and addresses approximated. */
    static PacketTest rt(RtMatch m) {
        boolean contents = m.type() != null || !isAll(m.segsLeft(), U32_MAX) || m.segsLeftInverted()
                || m.length() != null || m.reserved() || !m.addresses().isEmpty();
        return optionsHeader(Ipv6Chain.ROUTING, contents,
                "rt: routing header fields are not in the packet (taken to hold)");
    }

    /**
     * {@code -m srh} (ip6t_srh.c): a segment routing header, i.e. a routing header of type 4; the type and
     * every field test are approximated as holding when a routing header is present.
     */
    static PacketTest srh(SrhMatch m) {
        return optionsHeader(Ipv6Chain.ROUTING, true,
                "srh: routing header type and fields are not in the packet (taken to hold)");
    }

    /**
     * {@code -m mh} (ip6t_mh.c): the Mobility Header type, which the packet model lacks: approximated as
     * in range (exact for the default 0..255). Non-first fragments and non-MH packets do not match.
     */
    static PacketTest mh(MhMatch m) {
        final boolean all = isAll(m.types(), 255);
        final boolean inv = m.inverted();
        return (p, e) -> {
            if (p.fragment() || Ipv6Chain.upperProtocol(p) != 135) {
                return false;
            }
            if (all) {
                return !inv;
            }
            e.approximate("mh: the Mobility Header type is not in the packet (taken to hold)");
            return true;
        };
    }

    /**
     * {@code -m esp} (xt_esp.c): needs {@code -p esp}; false for non-first fragments; the SPI is not in the
     * packet model, so a non-default SPI test is approximated as holding.
     */
    static PacketTest esp(EspMatch m) {
        return spiTest(isAll(m.spi(), U32_MAX), m.inverted(), false, 50,
                "esp: the SPI is not in the packet (taken to be in range)");
    }

    /** {@code -m ipcomp} (xt_ipcomp.c): as esp, for the IPComp CPI. */
    static PacketTest ipcomp(IpcompMatch m) {
        return spiTest(isAll(m.spi(), U32_MAX), m.inverted(), m.reservedZero(), 108,
                "ipcomp: the CPI is not in the packet (taken to be in range)");
    }

    /**
     * A header whose identifier is not in the packet: with the full range and no other test the result is
     * exact ({@code !} of the full range never matches); otherwise approximated as holding.
     */
    private static PacketTest spiTest(boolean fullRange, boolean inv, boolean otherTests, int protocol,
                                      String reason) {
        final boolean exact = fullRange && !otherTests;
        return (p, e) -> {
            if (p.fragment()) {
                return false;
            }
            int proto = p.family() == Family.IPV6 ? Ipv6Chain.upperProtocol(p) : p.protocol();
            if (proto != protocol) {
                return false;
            }
            if (exact) {
                return !inv;
            }
            e.approximate(reason);
            return true;
        };
    }

    /**
     * {@code -m ah}. IPv4 (ipt_ah.c): needs {@code -p ah}, false on non-first fragments. IPv6 (ip6t_ah.c):
     * finds the AH header in the extension chain. SPI, length and reserved field are not in the packet
     * model: a non-default test of them is approximated as holding.
     */
    static PacketTest ah(AhMatch m, Family family) {
        final boolean fullRange = isAll(m.spi(), U32_MAX);
        final boolean inv = m.spiInverted();
        final boolean otherTests = m.length() != 0 || m.lengthInverted() || m.reservedZero();
        final String reason = "ah: SPI, length and reserved field are not in the packet (taken to hold)";
        if (family == Family.IPV6) {
            return (p, e) -> {
                if (!Ipv6Chain.has(p, Ipv6Chain.AUTH)) {
                    return false;
                }
                if (fullRange && !otherTests) {
                    return !inv;
                }
                e.approximate(reason);
                return true;
            };
        }
        return spiTest(fullRange, inv, otherTests, 51, reason);
    }

    /**
     * {@code -m eui64} (ip6t_eui64.c): the low 64 bits of the source address equal the modified EUI-64 of
     * the source MAC (the MAC with {@code ff:fe} inserted and the universal/local bit flipped). Packets
     * without a MAC header do not match; a packet whose MAC is not given is approximated as not matching.
     */
    static PacketTest eui64(Eui64Match m) {
        return (p, e) -> {
            String in = p.original().in();
            if (in == null || in.equals("lo")) {
                return false;
            }
            long mac = p.original().srcMac();
            if (mac < 0) {
                e.approximate("eui64: the packet gives no source MAC (taken not to match)");
                return false;
            }
            return p.src().lo() == eui64(mac);
        };
    }

    /** The modified EUI-64 interface identifier of a 48-bit MAC address. */
    static long eui64(long mac) {
        long oui = (mac >>> 24) & 0xFFFFFFL;
        long nic = mac & 0xFFFFFFL;
        long id = (oui << 40) | (0xFFFEL << 24) | nic;
        return id ^ (0x02L << 56);
    }

    private static boolean isAll(UintRange r, long max) {
        return r == null || r.isAll(max);
    }
}
