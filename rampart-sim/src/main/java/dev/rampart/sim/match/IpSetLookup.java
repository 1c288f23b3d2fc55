package dev.rampart.sim.match;

import dev.rampart.model.Family;
import dev.rampart.model.ipset.EntryPart;
import dev.rampart.model.match.SetMatch;
import dev.rampart.model.net.IpAddress;
import dev.rampart.model.net.IpPrefix;
import dev.rampart.model.net.Protocol;
import dev.rampart.sim.engine.Hook;
import dev.rampart.sim.engine.PacketState;

/**
 * Reads the parts of an ipset element from a packet, as the kernel's per-type {@code kadt} functions
 * and {@code ip_set_get_ip_port} do. A method returns null when the kernel would refuse the packet for
 * that dimension ({@code -EINVAL}: the set then neither matches nor changes).
 */
final class IpSetLookup {
    private static final int TCP = 6;
    private static final int UDP = 17;
    private static final int SCTP = 132;
    private static final int UDPLITE = 136;
    private static final int ICMP = 1;
    private static final int ICMPV6 = 58;

    private IpSetLookup() {
    }

    /** The packet's source or destination address. */
    static IpAddress address(PacketState p, SetMatch.Direction d) {
        return d == SetMatch.Direction.SRC ? p.src() : p.dst();
    }

    /** {@code a} as a host element of an {@code ip} dimension masked to {@code prefixLength}. */
    static EntryPart.Address ipPart(IpAddress a, int prefixLength) {
        return new EntryPart.Address(prefix(a, prefixLength), false);
    }

    /** {@code a} masked by an arbitrary mask ({@code bitmask}), as a host-length element. */
    static EntryPart.Address ipPart(IpAddress a, IpPrefix bitmask) {
        IpPrefix p = new IpPrefix(a.family(), a.hi() & bitmask.maskHi(), a.lo() & bitmask.maskLo(),
                a.family() == Family.IPV4 ? 0 : -1L, a.family() == Family.IPV4 ? 0xFFFFFFFFL : -1L);
        return new EntryPart.Address(p, false);
    }

    /** {@code a} as an element of a {@code net} dimension with prefix length {@code cidr}. */
    static EntryPart.Address netPart(IpAddress a, int cidr) {
        return new EntryPart.Address(prefix(a, cidr), true);
    }

    static IpPrefix prefix(IpAddress a, int length) {
        return a.family() == Family.IPV4 ? IpPrefix.ipv4((int) a.lo(), length) : IpPrefix.ipv6(a.hi(), a.lo(), length);
    }

    /**
     * The {@code proto:port} part of a hash type: TCP, UDP, UDP-Lite and SCTP give their port, ICMP and
     * ICMPv6 their type and code, other protocols the pseudo port 0. Null for non-first fragments of
     * protocols with ports (the kernel cannot read them) and for protocol 0.
     */
    static EntryPart port(PacketState p, SetMatch.Direction d) {
        int proto = p.protocol();
        if (proto <= 0) {
            return null;
        }
        boolean ported = proto == TCP || proto == UDP || proto == SCTP || proto == UDPLITE;
        boolean icmp = proto == ICMP || proto == ICMPV6;
        if (p.fragment()) {
            return ported || icmp ? null : new EntryPart.Port(Protocol.of(proto), 0);
        }
        if (ported) {
            int port = d == SetMatch.Direction.SRC ? p.sport() : p.dport();
            return port < 0 ? null : new EntryPart.Port(Protocol.of(proto), port);
        }
        if (icmp) {
            if (p.icmpType() < 0) {
                return null;
            }
            return new EntryPart.Icmp(proto == ICMPV6, p.icmpType(), Math.max(0, p.icmpCode()));
        }
        return new EntryPart.Port(Protocol.of(proto), 0);
    }

    /**
     * The port a {@code bitmap:port} set sees: the same 16-bit value as {@link #port}, whatever the
     * protocol (ICMP gives {@code type << 8 | code}). -1 when unreadable.
     */
    static int bitmapPort(PacketState p, SetMatch.Direction d) {
        EntryPart part = port(p, d);
        if (part instanceof EntryPart.Port pp) {
            return pp.port();
        }
        if (part instanceof EntryPart.Icmp ic) {
            return ic.type() << 8 | ic.code();
        }
        return -1;
    }

    /**
     * The source MAC address, where the packet has an Ethernet header (received packets, before they
     * leave); -1 otherwise. The destination MAC is never known to the simulator (-2).
     */
    static long mac(PacketState p, SetMatch.Direction d, Hook hook) {
        if (d == SetMatch.Direction.DST) {
            return -2;
        }
        boolean received = p.original().in() != null && hook != Hook.OUTPUT && hook != Hook.POSTROUTING;
        // (a null hook, outside a traversal, counts as a received packet)
        long mac = p.original().srcMac();
        return received && mac > 0 ? mac : -1;
    }

    /**
     * The input ({@code src}) or output ({@code dst}) interface as the hook knows it (no input device at
     * OUTPUT/POSTROUTING of local packets, no output device before the routing decision), or null.
     */
    static EntryPart.Iface iface(PacketState p, SetMatch.Direction d, Hook hook) {
        boolean src = d == SetMatch.Direction.SRC;
        boolean known = hook == null || (src ? hook != Hook.OUTPUT && (hook != Hook.POSTROUTING || p.original().in() != null)
                : hook == Hook.FORWARD || hook == Hook.OUTPUT || hook == Hook.POSTROUTING);
        String name = !known ? null : src ? p.in() : p.out();
        return name == null || name.isEmpty() ? null : new EntryPart.Iface(false, name);
    }
}
