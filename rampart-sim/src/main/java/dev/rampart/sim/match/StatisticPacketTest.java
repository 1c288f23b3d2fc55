package dev.rampart.sim.match;

import dev.rampart.model.match.StatisticMatch;
import dev.rampart.sim.engine.MatchEnv;
import dev.rampart.sim.engine.PacketState;
import dev.rampart.sim.engine.PacketTest;

/**
 * {@code -m statistic} as {@code xt_statistic.c} evaluates it (iptables-nft keeps it as an xtables
 * match).
 *
 * <p>Random mode: a packet matches when {@code (get_random_u32() & 0x7FFFFFFF) < probability}, the
 * probability being the rule's fixed-point value ({@code lround(p * 2^31)}); the 32 random bits come from
 * the run's seeded generator. Probability 1 ({@code 2^31}) therefore always matches, 0 never.
 *
 * <p>Nth mode: one counter per rule. iptables stores {@code every - 1} and starts the counter at
 * {@code every - 1 - packet}; each packet advances it ({@code every - 1} wraps to 0) and the packet that
 * brings it to 0 matches. So the packets numbered {@code packet}, {@code packet + every}, ... (0-based,
 * counting every packet that reaches the match) match: {@code --every 3 --packet 0} matches the 1st,
 * 4th, 7th packet. {@code !} inverts either mode.
 *
 * <p>A class, not a record: the nth counter is keyed by this object's identity.
 */
final class StatisticPacketTest implements PacketTest {
    private static final int RANDOM_MASK = 0x7FFFFFFF;

    private final StatisticMatch match;
    /** The match's mode, threshold and inversion, copied so the per-packet test reads only this object. */
    private final boolean random;
    private final long probability;
    private final boolean inverted;

    StatisticPacketTest(StatisticMatch match) {
        this.match = match;
        this.random = match.mode() == StatisticMatch.Mode.RANDOM;
        this.probability = match.probability();
        this.inverted = match.inverted();
    }

    /** The nth counter of one rule in one run. */
    static final class NthCounter {
        long count;
    }

    @Override
    public boolean test(PacketState packet, MatchEnv env) {
        boolean hit;
        if (random) {
            long r = env.random().nextInt() & RANDOM_MASK;
            hit = r < probability;
        } else {
            long everyMinusOne = match.every() - 1;
            NthCounter c = env.state().get(this, NthCounter.class, () -> {
                NthCounter n = new NthCounter();
                n.count = everyMinusOne - match.packet();
                return n;
            });
            c.count = c.count == everyMinusOne ? 0 : c.count + 1;
            hit = c.count == 0;
        }
        return hit != inverted;
    }
}
