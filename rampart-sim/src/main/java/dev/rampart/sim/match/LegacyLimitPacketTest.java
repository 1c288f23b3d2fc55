package dev.rampart.sim.match;

import dev.rampart.model.match.LimitMatch;
import dev.rampart.sim.engine.MatchEnv;
import dev.rampart.sim.engine.PacketState;
import dev.rampart.sim.engine.PacketTest;

/**
 * {@code -m limit} as the xtables module {@code xt_limit.c} evaluates it (iptables-legacy, or any
 * kernel path that loads the xtables match): one credit bucket per rule, in jiffies.
 *
 * <p>Design: credits are 32-bit. One jiffy earns {@link #CREDITS_PER_JIFFY} credits (the power of two
 * below {@code 2^32 / (HZ * 86400)}, so that one packet per day still fits: 128 at HZ=250). A packet
 * costs {@code user2credits(avg)}, the bucket holds {@code user2credits(avg * burst)} and starts full
 * ({@code user2credits} divides first when multiplying would overflow 32 bits, as the kernel does).
 * On each packet the credits earned since the previous packet are added (the addition wraps at 2^32
 * like the kernel's {@code u32}), capped, and the cost is taken if there is enough. Time is counted in
 * whole jiffies ({@link Jiffies}), so rates round to 4 ms ticks.
 */
final class LegacyLimitPacketTest implements PacketTest {

    /** Credits earned per jiffy at HZ=250: {@code POW2_BELOW32(0xFFFFFFFF / (HZ * 86400))}. */
    static final long CREDITS_PER_JIFFY = powerOfTwoBelow(0xFFFFFFFFL / (Jiffies.HZ * 60 * 60 * 24));

    private static final long U32 = 0xFFFFFFFFL;

    /** Credits one packet costs. */
    final long cost;
    /** Most credits the bucket holds. */
    final long creditCap;

    private LegacyLimitPacketTest(long cost, long creditCap) {
        this.cost = cost;
        this.creditCap = creditCap;
    }

    static LegacyLimitPacketTest of(LimitMatch m) {
        long avg = m.period() & U32;
        long burst = m.burst();
        return new LegacyLimitPacketTest(user2credits(avg), user2credits((avg * burst) & U32));
    }

    static long powerOfTwoBelow(long x) {
        return Long.highestOneBit(x);
    }

    /** The kernel's precision-saving conversion of 1/10000 s units to credits, in 32 bits. */
    static long user2credits(long user) {
        if (user > U32 / (Jiffies.HZ * CREDITS_PER_JIFFY)) {
            return ((user / LimitMatch.SCALE) * Jiffies.HZ * CREDITS_PER_JIFFY) & U32;
        }
        return ((user * Jiffies.HZ * CREDITS_PER_JIFFY) & U32) / LimitMatch.SCALE;
    }

    /** The per-run state. */
    static final class Bucket {
        long credit;
        long prev;
        boolean started;
    }

    @Override
    public boolean test(PacketState packet, MatchEnv env) {
        Bucket b = env.state().get(this, Bucket.class, Bucket::new);
        long now = Jiffies.at(env.nowNanos());
        if (!b.started) {
            b.started = true;
            b.credit = creditCap;
            b.prev = now;
        }
        long credit = (b.credit + (now - b.prev) * CREDITS_PER_JIFFY) & U32;
        b.prev = now;
        if (credit > creditCap) {
            credit = creditCap;
        }
        if (credit >= cost) {
            b.credit = credit - cost;
            return true;
        }
        b.credit = credit;
        return false;
    }
}
