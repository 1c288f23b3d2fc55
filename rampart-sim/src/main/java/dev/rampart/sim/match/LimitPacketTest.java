package dev.rampart.sim.match;

import dev.rampart.model.match.LimitMatch;
import dev.rampart.sim.engine.MatchEnv;
import dev.rampart.sim.engine.PacketState;
import dev.rampart.sim.engine.PacketTest;

/**
 * {@code -m limit} as iptables-nft 1.8.9 installs it: not the xtables module but the native nftables
 * {@code limit} expression ({@code nft_limit.c}, packet type), one token bucket per rule.
 *
 * <p>Design: iptables-nft ({@code add_nft_limit} in {@code iptables/nft.c}) turns the xtables rate
 * ({@code avg} in 1/10000 s per packet) back into {@code rate} packets per {@code unit} seconds by
 * picking the largest of day/hour/minute/second that still divides evenly enough, and passes
 * {@code burst} unchanged (0 becomes the kernel default 5). The kernel then keeps tokens in
 * nanoseconds: a packet costs {@code unit * 1e9 / rate} ns, the bucket holds {@code cost * burst} ns and
 * starts full, and time since the last packet refills it (capped). A packet matches when the refilled
 * tokens cover the cost; both outcomes store the refilled amount (minus the cost on a match). So
 * {@code --limit 3/min --limit-burst 5} lets 5 packets through at once, then one per 20 s.
 *
 * <p>The legacy xtables algorithm ({@code xt_limit.c}, jiffies and credits) is {@link LegacyLimitPacketTest}.
 *
 * <p>A class, not a record: per-rule state is keyed by this object's identity, so two rules with the
 * same rate keep separate buckets.
 */
final class LimitPacketTest implements PacketTest {

    /** Packets the nftables limit expression allows when the rule gives no burst. */
    static final int NFT_DEFAULT_BURST = 5;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** 1/10000 s units per day, hour, minute and second ({@code XT_LIMIT_SCALE} multiples). */
    private static final long[] MULT = {
        LimitMatch.SCALE * 24 * 60 * 60, LimitMatch.SCALE * 60 * 60, LimitMatch.SCALE * 60, LimitMatch.SCALE};

    /** Nanoseconds of tokens one packet costs. */
    final long cost;
    /** Bucket size, in nanoseconds of tokens. */
    final long tokensMax;

    private LimitPacketTest(long cost, long tokensMax) {
        this.cost = cost;
        this.tokensMax = tokensMax;
    }

    /** The bucket of {@code m} as the kernel configures it for iptables-nft. */
    static LimitPacketTest of(LimitMatch m) {
        long avg = m.period();
        int i;
        for (i = 1; i < MULT.length; i++) {
            if (avg > MULT[i] || MULT[i] / avg < MULT[i] % avg) {
                break;
            }
        }
        long rate = MULT[i - 1] / avg;
        long unitSeconds = MULT[i - 1] / LimitMatch.SCALE;
        long burst = m.burst() == 0 ? NFT_DEFAULT_BURST : m.burst();
        long nsecs = unitSeconds * NANOS_PER_SECOND;
        long cost = nsecs / rate;
        return new LimitPacketTest(cost, cost * burst);
    }

    /** The per-run state: tokens left and when they were last refilled. */
    static final class Bucket {
        long tokens;
        long last;
        boolean started;
    }

    @Override
    public boolean test(PacketState packet, MatchEnv env) {
        Bucket b = env.state().get(this, Bucket.class, Bucket::new);
        long now = env.nowNanos();
        if (!b.started) {
            // the kernel fills the bucket when the rule is loaded; a full bucket cannot grow, so starting
            // it at the first packet is the same
            b.started = true;
            b.tokens = tokensMax;
            b.last = now;
        }
        long tokens = b.tokens + now - b.last; // u64 arithmetic, as the kernel
        if (Long.compareUnsigned(tokens, tokensMax) > 0) {
            tokens = tokensMax;
        }
        b.last = now;
        long delta = tokens - cost; // s64
        if (delta >= 0) {
            b.tokens = delta;
            return true;
        }
        b.tokens = tokens;
        return false;
    }
}
