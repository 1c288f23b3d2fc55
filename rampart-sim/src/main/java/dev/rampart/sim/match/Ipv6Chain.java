package dev.rampart.sim.match;

import dev.rampart.model.Family;
import dev.rampart.model.match.Ipv6headerMatch;
import dev.rampart.sim.engine.PacketState;
import java.util.List;

/**
 * The IPv6 extension header chain of a packet ({@link dev.rampart.sim.packet.Packet#extensionHeaders()}),
 * read the way the kernel walks it ({@code ipv6_find_hdr}, {@code ipv6header_mt6}). Stateless.
 */
final class Ipv6Chain {
    static final int HOPOPTS = 0;
    static final int ROUTING = 43;
    static final int FRAGMENT = 44;
    static final int ESP = 50;
    static final int AUTH = 51;
    static final int NONE = 59;
    static final int DSTOPTS = 60;

    private Ipv6Chain() {
    }

    /**
     * The protocol {@code ipv6_find_hdr(skb, .., -1, ..)} returns: the upper-layer protocol, except that
     * ESP ends the walk (what follows is encrypted) and so is returned itself.
     */
    static int upperProtocol(PacketState p) {
        List<Integer> ext = p.original().extensionHeaders();
        for (int i = 0, n = ext.size(); i < n; i++) {
            if (ext.get(i) == ESP) {
                return ESP;
            }
        }
        return p.protocol();
    }

    /**
     * Whether {@code ipv6_find_hdr} finds header {@code type} before the walk ends (at ESP, at the upper
     * layer, or, for a non-first fragment, at the fragment header). A non-first fragment also has a
     * fragment header even when the packet's list does not name it.
     */
    static boolean has(PacketState p, int type) {
        if (p.family() != Family.IPV6) {
            return false;
        }
        List<Integer> ext = p.original().extensionHeaders();
        for (int i = 0, n = ext.size(); i < n; i++) {
            int h = ext.get(i);
            if (h == type) {
                return true;
            }
            if (h == ESP) {
                return false;
            }
            if (h == FRAGMENT && p.fragment()) {
                return false;
            }
        }
        return type == FRAGMENT && p.fragment();
    }

    /**
     * The {@code ipv6header} bit set of the packet, as {@code ipv6header_mt6} builds it: a bit per
     * extension header up to ESP (which sets its own bit and ends the walk), then NONE when the chain
     * ends in "no next header" or PROTO for any other upper-layer protocol.
     */
    static int headerMask(PacketState p) {
        int mask = 0;
        List<Integer> ext = p.original().extensionHeaders();
        boolean fragmentSeen = false;
        for (int i = 0, n = ext.size(); i < n; i++) {
            switch (ext.get(i)) {
                case HOPOPTS -> mask |= Ipv6headerMatch.MASK_HOPOPTS;
                case ROUTING -> mask |= Ipv6headerMatch.MASK_ROUTING;
                case FRAGMENT -> {
                    mask |= Ipv6headerMatch.MASK_FRAGMENT;
                    fragmentSeen = true;
                }
                case AUTH -> mask |= Ipv6headerMatch.MASK_AH;
                case DSTOPTS -> mask |= Ipv6headerMatch.MASK_DSTOPTS;
                case ESP -> {
                    return mask | Ipv6headerMatch.MASK_ESP;
                }
                default -> {
                    // not an extension header: the walk stops here with an upper-layer protocol
                    return mask | Ipv6headerMatch.MASK_PROTO;
                }
            }
        }
        if (p.fragment() && !fragmentSeen) {
            mask |= Ipv6headerMatch.MASK_FRAGMENT;
        }
        return mask | (p.protocol() == NONE ? Ipv6headerMatch.MASK_NONE : Ipv6headerMatch.MASK_PROTO);
    }
}
