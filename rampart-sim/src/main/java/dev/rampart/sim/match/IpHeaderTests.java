package dev.rampart.sim.match;

import dev.rampart.model.Family;
import dev.rampart.model.match.DevgroupMatch;
import dev.rampart.model.match.DscpMatch;
import dev.rampart.model.match.EcnMatch;
import dev.rampart.model.match.HlMatch;
import dev.rampart.model.match.LengthMatch;
import dev.rampart.model.match.MacMatch;
import dev.rampart.model.match.MarkMatch;
import dev.rampart.model.match.PhysdevMatch;
import dev.rampart.model.match.PkttypeMatch;
import dev.rampart.model.match.RealmMatch;
import dev.rampart.model.match.TosMatch;
import dev.rampart.model.match.TtlMatch;
import dev.rampart.model.net.IpAddress;
import dev.rampart.sim.engine.PacketState;
import dev.rampart.sim.engine.PacketTest;
import dev.rampart.sim.packet.Packet;

/**
 * Matches on the IP header and on per-packet metadata: length, ttl, hl, tos, dscp, ecn, mark, pkttype,
 * mac, physdev, realm, devgroup. Fields that targets rewrite (TTL, TOS, mark) are read from the in-flight
 * packet, the others from the packet as given.
 */
final class IpHeaderTests {
    private static final int TCP_ECE = Packet.ECE;
    private static final int TCP_CWR = Packet.CWR;
    private static final int ECN_IP_MASK = 0x03;

    private IpHeaderTests() {
    }

    /** {@code -m length}: layer-3 length (bytes) in MIN..MAX XOR {@code !} (xt_length.c). */
    static PacketTest length(LengthMatch m) {
        final long min = m.length().min();
        final long max = m.length().max();
        final boolean inv = m.inverted();
        return (p, e) -> (p.length() >= min && p.length() <= max) != inv;
    }

    /** {@code -m ttl} (xt_ttl.c {@code ttl_mt}): eq, ne, lt, gt on the current TTL. */
    static PacketTest ttl(TtlMatch m) {
        return hopTest(m.op(), m.value());
    }

    /** {@code -m hl} (xt_hl.c {@code hl_mt6}): eq, ne, lt, gt on the current hop limit. */
    static PacketTest hl(HlMatch m) {
        return hopTest(m.op(), m.value());
    }

    private static PacketTest hopTest(TtlMatch.Comparison op, int value) {
        return switch (op) {
            case EQ -> (p, e) -> p.ttl() == value;
            case NE -> (p, e) -> p.ttl() != value;
            case LT -> (p, e) -> p.ttl() < value;
            case GT -> (p, e) -> p.ttl() > value;
        };
    }

    /** {@code -m tos} revision 1 (xt_dscp.c {@code tos_mt}): {@code (tos & mask) == value} XOR {@code !}. */
    static PacketTest tos(TosMatch m) {
        final int value = m.value();
        final int mask = m.mask();
        final boolean inv = m.inverted();
        return (p, e) -> ((p.tos() & mask) == value) != inv;
    }

    /** {@code -m dscp} (xt_dscp.c): {@code tos >> 2 == dscp} XOR {@code !}. */
    static PacketTest dscp(DscpMatch m) {
        final int dscp = m.dscp();
        final boolean inv = m.inverted();
        return (p, e) -> ((p.tos() >> 2) == dscp) != inv;
    }

    /**
     * {@code -m ecn} (xt_ecn.c): the IP ECN field equals {@code --ecn-ip-ect} XOR its {@code !}; the TCP
     * ECE/CWR flags are set (or, with {@code !}, clear). Every given part must hold.
     */
    static PacketTest ecn(EcnMatch m) {
        final int ect = m.ipEct();
        final boolean ectInv = m.ipEctInverted();
        final EcnMatch.Test ece = m.ece();
        final EcnMatch.Test cwr = m.cwr();
        final boolean tcp = ece != EcnMatch.Test.ABSENT || cwr != EcnMatch.Test.ABSENT;
        return (p, e) -> {
            if (ect >= 0 && ((p.tos() & ECN_IP_MASK) == ect) == ectInv) {
                return false;
            }
            if (!tcp) {
                return true;
            }
            if (p.fragment()) {
                e.approximate("ecn on a non-first fragment reads fragment data as a TCP header");
            }
            int flags = p.tcpFlags();
            return flag(ece, (flags & TCP_ECE) != 0) && flag(cwr, (flags & TCP_CWR) != 0);
        };
    }

    private static boolean flag(EcnMatch.Test t, boolean set) {
        return switch (t) {
            case ABSENT -> true;
            case SET -> set;
            case NOT_SET -> !set;
        };
    }

    /** {@code -m mark} (xt_mark.c): {@code (mark & mask) == value} XOR {@code !}, the value not masked. */
    static PacketTest mark(MarkMatch m) {
        final long value = m.mark().value();
        final long mask = m.mark().mask();
        final boolean inv = m.inverted();
        return (p, e) -> ((p.mark() & mask) == value) != inv;
    }

    /**
     * {@code -m pkttype} (xt_pkttype.c) compares {@code skb->pkt_type}, which the driver sets from the
     * destination MAC address. The packet model has no destination MAC; the class is derived from the
     * destination address, as the link-layer class follows it on an Ethernet host: IPv4
     * 255.255.255.255 or a directed broadcast of the host is broadcast, 224.0.0.0/4 and ff00::/8 are
     * multicast, anything else is unicast (PACKET_HOST; "otherhost" needs promiscuous mode and is never
     * derived).
     */
    static PacketTest pkttype(PkttypeMatch m) {
        final PkttypeMatch.Type want = m.type();
        final boolean inv = m.inverted();
        return (p, e) -> (packetType(p, e.host()) == want) != inv;
    }

    static PkttypeMatch.Type packetType(PacketState p, dev.rampart.sim.engine.HostView host) {
        IpAddress d = p.dst();
        if (d.family() == Family.IPV4) {
            long v = d.lo();
            if ((v >>> 28) == 0xE) {
                return PkttypeMatch.Type.MULTICAST;
            }
            if (v == 0xFFFFFFFFL || host != null && host.isBroadcast(d)) {
                return PkttypeMatch.Type.BROADCAST;
            }
            return PkttypeMatch.Type.UNICAST;
        }
        return (d.hi() >>> 56) == 0xFF ? PkttypeMatch.Type.MULTICAST : PkttypeMatch.Type.UNICAST;
    }

    /**
     * {@code -m mac} (xt_mac.c): the Ethernet source address equals the rule's XOR {@code !}; false for a
     * packet without an Ethernet header (locally generated, or received on loopback). A packet whose
     * source MAC is not given, or a rule with an anonymised address, is approximated: the addresses are
     * taken to differ.
     */
    static PacketTest mac(MacMatch m) {
        final long address = m.address();
        final boolean inv = m.inverted();
        final boolean anonymised = m.isAnonymised();
        return (p, e) -> {
            String in = p.original().in();
            if (in == null || in.equals("lo")) {
                return false;
            }
            long src = p.original().srcMac();
            if (anonymised || src < 0) {
                e.approximate(anonymised ? "mac: the rule's address is anonymised (taken to differ)"
                        : "mac: the packet gives no source MAC (taken to differ)");
                return inv;
            }
            return (src == address) != inv;
        };
    }

    /**
     * {@code -m physdev} (xt_physdev.c). A packet that did not cross a bridge (no physIn/physOut) matches
     * only if every given part is inverted. Otherwise: {@code --physdev-is-bridged} tests for an output
     * port, {@code --physdev-is-in/out} for an input/output port, and the port names are compared as
     * interface names, a missing port leaving its name test passed (as the kernel skips it).
     */
    static PacketTest physdev(PhysdevMatch m) {
        final InterfaceName inName = m.physIn() == null ? null : InterfaceName.of(m.physIn());
        final boolean inInv = m.physInInverted();
        final InterfaceName outName = m.physOut() == null ? null : InterfaceName.of(m.physOut());
        final boolean outInv = m.physOutInverted();
        final PhysdevMatch.Flag isIn = m.isIn();
        final PhysdevMatch.Flag isOut = m.isOut();
        final PhysdevMatch.Flag bridged = m.isBridged();
        return (p, e) -> {
            String pin = p.original().physIn();
            String pout = p.original().physOut();
            if (pin == null && pout == null) {
                return bridged != PhysdevMatch.Flag.YES && isIn != PhysdevMatch.Flag.YES
                        && isOut != PhysdevMatch.Flag.YES && (inName == null || inInv) && (outName == null || outInv);
            }
            if (bridged != PhysdevMatch.Flag.ABSENT && (pout != null) != (bridged == PhysdevMatch.Flag.YES)) {
                return false;
            }
            if (isIn != PhysdevMatch.Flag.ABSENT && (pin != null) != (isIn == PhysdevMatch.Flag.YES)) {
                return false;
            }
            if (isOut != PhysdevMatch.Flag.ABSENT && (pout != null) != (isOut == PhysdevMatch.Flag.YES)) {
                return false;
            }
            if (inName != null && pin != null && inName.matches(pin) == inInv) {
                return false;
            }
            return outName == null || pout == null || outName.matches(pout) != outInv;
        };
    }

    /**
     * {@code -m realm} (xt_realm.c) tests the routing realm of the packet's route. The host view has no
     * realms: approximated with realm 0 (what routes carry when none is configured).
     */
    static PacketTest realm(RealmMatch m) {
        final boolean result = ((0 & m.realm().mask()) == m.realm().value()) != m.inverted();
        return Approximations.constant("realm: routes carry no realm in the host view (realm 0 assumed)", result);
    }

    /**
     * {@code -m devgroup} (xt_devgroup.c) tests the device group of the input/output device. The host view
     * has no device groups: approximated with group 0 (the kernel's default) for every device.
     */
    static PacketTest devgroup(DevgroupMatch m) {
        boolean result = true;
        if (m.srcGroup() != null) {
            result = ((m.srcGroup().value() & m.srcGroup().mask()) == 0) != m.srcInverted();
        }
        if (m.dstGroup() != null) {
            result &= ((m.dstGroup().value() & m.dstGroup().mask()) == 0) != m.dstInverted();
        }
        return Approximations.constant("devgroup: devices carry no group in the host view (group 0 assumed)",
                result);
    }
}
