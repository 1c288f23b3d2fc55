package dev.rampart.sim.match;

import dev.rampart.model.match.ConnlimitMatch;
import dev.rampart.sim.conntrack.CtEntry;
import dev.rampart.sim.engine.MatchEnv;
import dev.rampart.sim.engine.PacketState;
import dev.rampart.sim.engine.PacketTest;

/**
 * {@code -m connlimit} as {@code xt_connlimit.c} with {@code nf_conncount.c} evaluates it: the packet's
 * source (or, with {@code --connlimit-daddr}, destination) address masked to {@code --connlimit-mask}
 * is the key; the match holds when the number of connections of that key is above the limit
 * ({@code --connlimit-above}) or at most the limit ({@code --connlimit-upto}).
 *
 * <p>Counting: the kernel adds the packet's own connection to the key's list before counting (a no-op
 * when it is already there), so the first SYN of a new connection sees itself: with
 * {@code --connlimit-above 2} the third concurrent connection's SYN is the first to match. Rampart counts
 * the live connections of the key in {@link MatchEnv#connections()} and adds one when the packet's own
 * connection cannot be among them: it has none (untracked or invalid: the kernel then counts the
 * packet's tuple) or it is not yet confirmed (its first packet is still in flight). The
 * {@link dev.rampart.sim.conntrack.ConnectionTable} contract is that it holds confirmed connections.
 *
 * <p>Gap: the kernel's list for a rule only holds connections whose packets passed that rule (each
 * rule has its own lists); Rampart counts every tracked connection of the key, any protocol. The two
 * agree for the usual {@code -p tcp --syn --dport N -m connlimit} rules when the key's only connections
 * are to that service.
 */
record ConnlimitPacketTest(ConnlimitMatch match) implements PacketTest {

    @Override
    public boolean test(PacketState packet, MatchEnv env) {
        var addr = match.byDestination() ? packet.dst() : packet.src();
        int counted = env.connections().count(addr, match.maskLength(), match.byDestination(), 0, env.nowNanos());
        CtEntry ct = packet.ct();
        long connections = counted + (ct == null || !ct.confirmed() ? 1 : 0);
        boolean above = connections > match.limit();
        return match.upto() ? !above : above;
    }
}
