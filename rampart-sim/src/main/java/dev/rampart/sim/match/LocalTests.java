package dev.rampart.sim.match;

import dev.rampart.model.match.CgroupMatch;
import dev.rampart.model.match.OwnerMatch;
import dev.rampart.model.match.SocketMatch;
import dev.rampart.sim.engine.PacketTest;
import dev.rampart.sim.packet.Packet;

/**
 * Matches on the local socket of a packet: owner, cgroup, socket. A packet has a socket when the input
 * gives its uid or gid; a packet that arrived on an interface ({@code in} given) has none at the hooks
 * where these matches are allowed for it.
 */
final class LocalTests {
    private static final String NO_IDS =
            "owner: locally generated packet without uid/gid (taken to have no socket)";

    private LocalTests() {
    }

    /**
     * {@code -m owner} revision 1 (xt_owner.c). Without a socket the match holds only when every given
     * test is inverted ({@code (match ^ invert) == 0}). With one, {@code ! --socket-exists} fails, and
     * the uid and gid (file system ids of the sending process) must lie in their ranges XOR their
     * {@code !}. Supplementary groups are not in the packet: when {@code --suppl-groups} would have to
     * decide, the gid test is approximated with the primary gid alone.
     */
    static PacketTest owner(OwnerMatch m) {
        final OwnerMatch.IdRange uid = m.uid();
        final boolean uidInv = m.uidInverted();
        final OwnerMatch.IdRange gid = m.gid();
        final boolean gidInv = m.gidInverted();
        final boolean suppl = m.supplGroups();
        final Boolean socketExists = m.socketExists();
        final boolean matchWithoutSocket = (uid == null || uidInv) && (gid == null || gidInv)
                && (socketExists == null || !socketExists);
        return (p, e) -> {
            Packet o = p.original();
            if (o.uid() == null && o.gid() == null) {
                if (o.in() == null) {
                    e.approximate(NO_IDS);
                }
                return matchWithoutSocket;
            }
            if (socketExists != null && !socketExists) {
                return false;
            }
            if (uid != null) {
                if (o.uid() == null) {
                    e.approximate("owner: the packet gives a gid but no uid (uid test taken to hold)");
                } else if (in(uid, o.uid()) == uidInv) {
                    return false;
                }
            }
            if (gid != null) {
                if (o.gid() == null) {
                    e.approximate("owner: the packet gives a uid but no gid (gid test taken to hold)");
                    return true;
                }
                boolean match = in(gid, o.gid());
                if (!match && suppl) {
                    e.approximate("owner --suppl-groups: supplementary groups are not in the packet");
                }
                return match != gidInv;
            }
            return true;
        };
    }

    private static boolean in(OwnerMatch.IdRange r, int id) {
        long v = id & 0xFFFFFFFFL;
        return v >= r.from() && v <= r.to();
    }

    /**
     * {@code -m cgroup} (xt_cgroup.c): false for packets without a local socket; for locally generated
     * packets the cgroup is not in the packet: approximated as "not in that cgroup" (so only
     * {@code !} matches).
     */
    static PacketTest cgroup(CgroupMatch m) {
        final boolean inv = m.inverted();
        return (p, e) -> {
            if (p.original().in() != null) {
                return false;
            }
            e.approximate("cgroup: the sending process's cgroup is not in the packet (taken not to be in it)");
            return inv;
        };
    }

    /**
     * {@code -m socket} (xt_socket.c) looks up a local socket for a received packet. The simulator keeps
     * no sockets: approximated as "no socket found", so the match never holds.
     */
    static PacketTest socket(SocketMatch m) {
        return Approximations.constant("socket: the simulator keeps no local sockets (taken as none)", false);
    }
}
