package dev.rampart.sim.match;

import dev.rampart.model.Family;
import dev.rampart.model.match.RecentMatch;
import dev.rampart.sim.engine.Hook;
import dev.rampart.sim.engine.MatchEnv;
import dev.rampart.sim.engine.PacketState;
import dev.rampart.sim.engine.PacketTest;

/**
 * {@code -m recent} as {@code xt_recent.c} (revision 1) evaluates it, on the list named by
 * {@code --name} ({@link RecentTable}, shared by every rule of the run that names it).
 *
 * <p>Algorithm: the packet's source ({@code --rsource}) or destination ({@code --rdest}) address, ANDed
 * with {@code --mask}, is looked up (with {@code --rttl}, only an entry last seen with the same TTL
 * counts). When absent, {@code --set} creates it and matches; the others do not match. When present:
 * {@code --set} matches and adds a stamp; {@code --remove} deletes it and matches; {@code --rcheck} and
 * {@code --update} match when at least {@code --hitcount} stamps (any, without it) are no older than
 * {@code --seconds} (all, without it), then {@code --reap} may drop the least recently updated entry of
 * the list if its newest stamp is older than the window. {@code --update} adds a stamp when the result,
 * after {@code !}, is a match. Times are jiffies ({@link Jiffies}, HZ=250): a stamp is within the
 * window when it is at or after {@code now - seconds * HZ}.
 *
 * <p>TTL: the kernel records the TTL "as seen before forwarding": when the hook has an output device
 * (FORWARD, OUTPUT, POSTROUTING) and the packet was not sent by this host, one is added back (mod 256).
 *
 * <p>Gap: the kernel masks with the mask of the rule that created the list; Rampart uses each rule's
 * own mask (they differ only when rules naming one list give different masks).
 */
record RecentPacketTest(RecentMatch match) implements PacketTest {

    @Override
    public boolean test(PacketState packet, MatchEnv env) {
        RecentTable table = env.state().get(new RecentTable.Key(match.name()), RecentTable.class, RecentTable::new);
        var ip = match.side() == RecentMatch.Side.DEST ? packet.dst() : packet.src();
        Family family = packet.family();
        long hi = ip.hi() & match.maskHi();
        long lo = ip.lo() & match.maskLo();
        if (family == Family.IPV4) {
            hi = 0;
            lo &= 0xFFFFFFFFL;
        }
        RecentTable.Address addr = new RecentTable.Address(family, hi, lo);
        int ttl = packet.ttl() & 0xFF;
        Hook hook = env.hook();
        boolean hasOutDevice = hook == Hook.FORWARD || hook == Hook.OUTPUT || hook == Hook.POSTROUTING;
        boolean locallySent = packet.original().in() == null && packet.original().out() != null;
        if (hasOutDevice && !locallySent) {
            ttl = (ttl + 1) & 0xFF;
        }
        long now = Jiffies.at(env.nowNanos());
        RecentMatch.Command cmd = match.command();
        boolean ret = match.inverted();

        RecentTable.Entry e = table.lookup(addr, match.rttl() ? ttl : 0);
        if (e == null) {
            if (cmd != RecentMatch.Command.SET) {
                return ret;
            }
            table.create(addr, ttl, now);
            return !ret;
        }
        switch (cmd) {
            case SET -> ret = !ret;
            case REMOVE -> {
                table.remove(e);
                return !ret;
            }
            case RCHECK, UPDATE -> {
                long time = now - match.seconds() * Jiffies.HZ;
                long hits = 0;
                for (long stamp : e.stamps) {
                    if (match.seconds() != 0 && stamp < time) {
                        continue;
                    }
                    if (match.hitCount() == 0 || ++hits >= match.hitCount()) {
                        ret = !ret;
                        break;
                    }
                }
                if (match.reap()) {
                    table.reapOldest(time, e, cmd == RecentMatch.Command.UPDATE && ret);
                }
            }
            default -> throw new IllegalStateException(cmd.toString());
        }
        if (cmd == RecentMatch.Command.SET || (cmd == RecentMatch.Command.UPDATE && ret)) {
            table.update(e, now);
            e.ttl = ttl;
        }
        return ret;
    }
}
