package dev.rampart.sim.match;

import dev.rampart.model.match.QuotaMatch;
import dev.rampart.sim.engine.MatchEnv;
import dev.rampart.sim.engine.PacketState;
import dev.rampart.sim.engine.PacketTest;

/**
 * {@code -m quota} as {@code xt_quota.c} evaluates it (iptables-nft keeps it as an xtables match): one
 * unsigned 64-bit byte budget per rule, starting at {@code --quota}. A packet matches while the budget
 * covers its length ({@code skb->len}: the IP packet including its header), which is then subtracted;
 * the first packet that does not fit sets the budget to 0, so no later packet matches, however small.
 * {@code !} inverts the result, not the accounting.
 *
 * <p>A class, not a record: the budget is keyed by this object's identity.
 */
final class QuotaPacketTest implements PacketTest {
    private final QuotaMatch match;

    QuotaPacketTest(QuotaMatch match) {
        this.match = match;
    }

    /** Bytes left for one rule in one run (unsigned). */
    static final class Budget {
        long bytesLeft;
    }

    @Override
    public boolean test(PacketState packet, MatchEnv env) {
        Budget b = env.state().get(this, Budget.class, () -> {
            Budget n = new Budget();
            n.bytesLeft = match.bytes();
            return n;
        });
        long len = Math.max(0, packet.length());
        boolean fits = Long.compareUnsigned(b.bytesLeft, len) >= 0;
        if (fits) {
            b.bytesLeft -= len;
        } else {
            b.bytesLeft = 0;
        }
        return fits != match.inverted();
    }
}
