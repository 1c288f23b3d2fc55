package dev.rampart.sim.match;

import dev.rampart.model.match.DccpMatch;
import dev.rampart.model.match.Icmp6Match;
import dev.rampart.model.match.IcmpMatch;
import dev.rampart.model.match.MultiportMatch;
import dev.rampart.model.match.SctpMatch;
import dev.rampart.model.match.TcpMatch;
import dev.rampart.model.match.TcpmssMatch;
import dev.rampart.model.match.UdpMatch;
import dev.rampart.model.net.PortRange;
import dev.rampart.sim.engine.PacketState;
import dev.rampart.sim.engine.PacketTest;
import java.util.List;

/**
 * Matches on the transport header: tcp, udp, sctp, dccp, multiport, icmp, icmp6 and tcpmss.
 *
 * <p>Every match here but tcpmss starts as the kernel's does: a non-first fragment has no transport
 * header, so the match is false whatever its {@code !} flags ({@code if (par->fragoff != 0) return
 * false;} in xt_tcpudp.c, xt_multiport.c, xt_sctp.c, xt_dccp.c, ip_tables.c {@code icmp_match},
 * ip6_tables.c {@code icmp6_match}). For a TCP fragment at offset 1 the xtables tcp match also drops the
 * packet (hotdrop); the packet model knows only "non-first fragment", not the offset, so that drop is
 * not modelled (and iptables-nft, which compiles {@code --dport} to a native payload comparison, has no
 * such drop either). A packet without ports in the input (no transport header) fails the same way.
 */
final class TransportTests {
    private TransportTests() {
    }

    /** {@code -m tcp}: ports (inclusive ranges, each with its {@code !}), flags under a mask, an option kind. */
    static PacketTest tcp(TcpMatch m) {
        final int sMin = m.sport().from();
        final int sMax = m.sport().to();
        final boolean sInv = m.sportInverted();
        final int dMin = m.dport().from();
        final int dMax = m.dport().to();
        final boolean dInv = m.dportInverted();
        final int flagMask = m.flagMask();
        final int flagComp = m.flagComp();
        final boolean flagsInv = m.flagsInverted();
        final int option = m.option();
        final boolean optionInv = m.optionInverted();
        return (p, e) -> {
            if (!p.hasPorts()) {
                return false;
            }
            int sp = p.sport();
            if ((sp >= sMin && sp <= sMax) == sInv) {
                return false;
            }
            int dp = p.dport();
            if ((dp >= dMin && dp <= dMax) == dInv) {
                return false;
            }
            if (((p.tcpFlags() & flagMask) == flagComp) == flagsInv) {
                return false;
            }
            return option == 0 || hasOption(p.original().tcpOptions(), option) != optionInv;
        };
    }

    private static boolean hasOption(List<Integer> kinds, int kind) {
        for (int i = 0, n = kinds.size(); i < n; i++) {
            if (kinds.get(i) == kind) {
                return true;
            }
        }
        return false;
    }

    /** {@code -m udp}: source and destination port ranges. */
    static PacketTest udp(UdpMatch m) {
        final int sMin = m.sport().from();
        final int sMax = m.sport().to();
        final boolean sInv = m.sportInverted();
        final int dMin = m.dport().from();
        final int dMax = m.dport().to();
        final boolean dInv = m.dportInverted();
        return (p, e) -> {
            if (!p.hasPorts()) {
                return false;
            }
            int sp = p.sport();
            if ((sp >= sMin && sp <= sMax) == sInv) {
                return false;
            }
            int dp = p.dport();
            return (dp >= dMin && dp <= dMax) != dInv;
        };
    }

    /**
     * {@code -m multiport} ({@code ports_match_v1}): the first listed port or range containing the
     * packet's port decides {@code !inverted}; none does: {@code inverted}.
     */
    static PacketTest multiport(MultiportMatch m) {
        List<PortRange> ports = m.ports();
        final int[] lo = new int[ports.size()];
        final int[] hi = new int[ports.size()];
        for (int i = 0; i < lo.length; i++) {
            lo[i] = ports.get(i).from();
            hi[i] = ports.get(i).to();
        }
        final boolean inv = m.inverted();
        return switch (m.which()) {
            case SOURCE -> (p, e) -> p.hasPorts() && inAny(lo, hi, p.sport()) != inv;
            case DESTINATION -> (p, e) -> p.hasPorts() && inAny(lo, hi, p.dport()) != inv;
            case EITHER -> (p, e) -> p.hasPorts() && (inAny(lo, hi, p.sport()) || inAny(lo, hi, p.dport())) != inv;
        };
    }

    private static boolean inAny(int[] lo, int[] hi, int port) {
        for (int i = 0; i < lo.length; i++) {
            if (port >= lo[i] && port <= hi[i]) {
                return true;
            }
        }
        return false;
    }

    /** {@code -m icmp}: type 255 is "any type"; otherwise type equal and code within the range. */
    static PacketTest icmp(IcmpMatch m) {
        return icmpTest(m.type(), m.codeMin(), m.codeMax(), m.inverted(), true);
    }

    /** {@code -m icmp6}: as icmp, but ip6_tables.c has no "any type" value. */
    static PacketTest icmp6(Icmp6Match m) {
        return icmpTest(m.type(), m.codeMin(), m.codeMax(), m.inverted(), false);
    }

    private static PacketTest icmpTest(int type, int codeMin, int codeMax, boolean inv, boolean anyType) {
        final boolean any = anyType && type == 0xFF;
        return (p, e) -> {
            if (p.fragment() || !p.original().isIcmp() || p.icmpType() < 0) {
                return false;
            }
            int c = p.icmpCode() < 0 ? 0 : p.icmpCode();
            return (any || p.icmpType() == type && c >= codeMin && c <= codeMax) != inv;
        };
    }

    /**
     * {@code -m sctp} ({@code SCCHECK}): each given part holds XOR its {@code !}. The packet model has no
     * SCTP chunk list, so {@code --chunk-types} is approximated: the chunk test is taken to hold.
     */
    static PacketTest sctp(SctpMatch m) {
        final PortTest sport = PortTest.of(m.sport(), m.sportInverted());
        final PortTest dport = PortTest.of(m.dport(), m.dportInverted());
        final boolean chunks = m.chunkMatch() != null;
        final boolean chunksInv = m.chunksInverted();
        return (p, e) -> {
            if (!p.hasPorts() || !sport.test(p.sport()) || !dport.test(p.dport())) {
                return false;
            }
            if (chunks) {
                e.approximate("sctp --chunk-types: packets carry no SCTP chunk list (taken to hold)");
                return !chunksInv;
            }
            return true;
        };
    }

    /**
     * {@code -m dccp} ({@code DCCHECK}): ports exactly; the packet model has no DCCP packet type or
     * options, so {@code --dccp-types} and {@code --dccp-option} are approximated as holding.
     */
    static PacketTest dccp(DccpMatch m) {
        final PortTest sport = PortTest.of(m.sport(), m.sportInverted());
        final PortTest dport = PortTest.of(m.dport(), m.dportInverted());
        final boolean types = m.typeMask() != 0;
        final boolean typesInv = m.typesInverted();
        final boolean option = m.option() != 0;
        final boolean optionInv = m.optionInverted();
        return (p, e) -> {
            if (!p.hasPorts() || !sport.test(p.sport()) || !dport.test(p.dport())) {
                return false;
            }
            if (types) {
                e.approximate("dccp --dccp-types: packets carry no DCCP type (taken to hold)");
                if (typesInv) {
                    return false;
                }
            }
            if (option) {
                e.approximate("dccp --dccp-option: packets carry no DCCP options (taken to hold)");
                return !optionInv;
            }
            return true;
        };
    }

    /**
     * {@code -m tcpmss} (xt_tcpmss.c): a packet whose TCP options hold an MSS option matches when the
     * value (after any TCPMSS rewrite) lies in the range XOR {@code !}; without one it matches only when
     * inverted. Any TCP packet qualifies, not only SYNs.
     */
    static PacketTest tcpmss(TcpmssMatch m) {
        final long min = m.mss().min();
        final long max = m.mss().max();
        final boolean inv = m.inverted();
        return (p, e) -> {
            if (p.fragment()) {
                e.approximate("tcpmss on a non-first fragment reads fragment data as a TCP header");
                return inv;
            }
            int mss = p.tcpMss();
            if (mss < 0) {
                return inv;
            }
            return (mss >= min && mss <= max) != inv;
        };
    }

    /** An optional port range test with its own {@code !}; absent means "holds". */
    private record PortTest(boolean present, int min, int max, boolean inverted) {
        static final PortTest NONE = new PortTest(false, 0, 65535, false);

        static PortTest of(PortRange r, boolean inverted) {
            return r == null ? NONE : new PortTest(true, r.from(), r.to(), inverted);
        }

        boolean test(int port) {
            return !present || (port >= min && port <= max) != inverted;
        }
    }
}
