package dev.rampart.sim.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.Family;
import dev.rampart.model.TableName;
import dev.rampart.model.match.LimitMatch;
import dev.rampart.sim.engine.PacketState;
import dev.rampart.sim.engine.PacketTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StatefulLimitTest {
    private final StatefulTestEnv env = new StatefulTestEnv();
    private final PacketState pkt = StatefulTestEnv.tcp("203.0.113.5", 40000, "198.18.0.1", 22);

    private static PacketTest compile(String rule, boolean legacy) {
        LimitMatch m = (LimitMatch) StatefulTestEnv.matches(Family.IPV4, rule, Set.of()).get(0);
        CompileContext ctx = new CompileContext(Family.IPV4, TableName.FILTER, "INPUT");
        return legacy ? StatefulMatches.legacyLimit(m, ctx) : StatefulMatches.limit(m, ctx);
    }

    private List<Boolean> burst(PacketTest t, int n) {
        List<Boolean> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(t.test(pkt, env));
        }
        return out;
    }

    @ParameterizedTest(name = "legacy={0}")
    @ValueSource(booleans = {false, true})
    void threePerMinuteBurstFiveLetsFiveThroughThenOneEveryTwentySeconds(boolean legacy) {
        PacketTest t = compile("-m limit --limit 3/min --limit-burst 5", legacy);
        assertThat(burst(t, 8)).containsExactly(true, true, true, true, true, false, false, false);
        env.advance(19.9);
        assertThat(t.test(pkt, env)).isFalse();
        env.advance(0.1);
        assertThat(t.test(pkt, env)).isTrue();
        assertThat(t.test(pkt, env)).isFalse();
        env.advance(20);
        assertThat(burst(t, 2)).containsExactly(true, false);
        // a long pause refills the bucket to the burst, not beyond
        env.advance(3600);
        assertThat(burst(t, 7)).containsExactly(true, true, true, true, true, false, false);
    }

    @ParameterizedTest(name = "legacy={0}")
    @ValueSource(booleans = {false, true})
    void defaultRuleIsThreePerHourBurstFive(boolean legacy) {
        PacketTest t = compile("-m limit", legacy);
        assertThat(burst(t, 6)).containsExactly(true, true, true, true, true, false);
        env.advance(1199);
        assertThat(t.test(pkt, env)).isFalse();
        env.advance(1);
        assertThat(t.test(pkt, env)).isTrue();
    }

    @Test
    void rulesWithTheSameRateKeepSeparateBuckets() {
        PacketTest a = compile("-m limit --limit 1/s --limit-burst 2", false);
        PacketTest b = compile("-m limit --limit 1/s --limit-burst 2", false);
        assertThat(burst(a, 3)).containsExactly(true, true, false);
        assertThat(burst(b, 3)).containsExactly(true, true, false);
    }

    @Test
    void nftTranslationUsesTheCoarsestExactUnit() {
        // 50/s (the seeds' web rule) costs 20 ms; 1/day costs a day
        assertThat(LimitPacketTest.of(new LimitMatch(LimitMatch.SCALE / 50, 200)).cost).isEqualTo(20_000_000L);
        assertThat(LimitPacketTest.of(new LimitMatch(LimitMatch.SCALE * 86400, 1)).cost)
                .isEqualTo(86_400L * StatefulTestEnv.SECOND);
        // 7/min: 60 s / 7, truncated to whole nanoseconds as the kernel divides
        assertThat(LimitPacketTest.of(new LimitMatch(LimitMatch.SCALE * 60 / 7, 5)).cost).isEqualTo(8_571_428_571L);
    }

    @Test
    void fiftyPerSecondBurstTwoHundredSustainsFiftyPerSecond() {
        PacketTest t = compile("-m limit --limit 50/second --limit-burst 200", false);
        assertThat(burst(t, 250).stream().filter(b -> b).count()).isEqualTo(200);
        int passed = 0;
        for (int i = 0; i < 1000; i++) { // 10 s at 100 packets per second
            env.advance(0.01);
            passed += t.test(pkt, env) ? 1 : 0;
        }
        assertThat(passed).isBetween(499, 501);
    }

    @Test
    void legacyCreditsFollowXtLimitConstants() {
        assertThat(LegacyLimitPacketTest.CREDITS_PER_JIFFY).isEqualTo(128);
        LegacyLimitPacketTest t = LegacyLimitPacketTest.of(new LimitMatch(LimitMatch.SCALE * 60 / 3, 5));
        // 20 s = 5000 jiffies of 128 credits
        assertThat(t.cost).isEqualTo(5000L * 128);
        assertThat(t.creditCap).isEqualTo(5 * 5000L * 128);
        Function<Long, Long> c = LegacyLimitPacketTest::user2credits;
        assertThat(c.apply(10_000L)).isEqualTo(250L * 128);
    }
}
