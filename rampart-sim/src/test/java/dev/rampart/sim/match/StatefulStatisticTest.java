package dev.rampart.sim.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.sim.engine.PacketState;
import dev.rampart.sim.engine.PacketTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StatefulStatisticTest {
    private final StatefulTestEnv env = new StatefulTestEnv();
    private final PacketState pkt = StatefulTestEnv.tcp("203.0.113.5", 40000, "198.18.0.1", 80);

    private List<Integer> matching(PacketTest t, int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (t.test(pkt, env)) {
                out.add(i);
            }
        }
        return out;
    }

    @Test
    void nthEveryThreePacketZeroMatchesTheFirstOfEachThree() {
        PacketTest t = StatefulTestEnv.rule("-m statistic --mode nth --every 3 --packet 0");
        assertThat(matching(t, 9)).containsExactly(0, 3, 6);
    }

    @Test
    void nthPacketOffsetAndInversion() {
        assertThat(matching(StatefulTestEnv.rule("-m statistic --mode nth --every 3 --packet 2"), 9))
                .containsExactly(2, 5, 8);
        assertThat(matching(StatefulTestEnv.rule("-m statistic --mode nth ! --every 3 --packet 0"), 6))
                .containsExactly(1, 2, 4, 5);
    }

    @Test
    void seedRoundRobinOfTwoNthRulesSplitsConnectionsOverThreeBackends() {
        // seeds/004: --every 3 --packet 0 -> .10, then --every 2 --packet 0 -> .11, the rest falls through
        PacketTest first = StatefulTestEnv.rule("-p tcp --dport 80 -m statistic --mode nth --every 3 --packet 0");
        PacketTest second = StatefulTestEnv.rule("-p tcp --dport 80 -m statistic --mode nth --every 2 --packet 0");
        List<String> backend = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            backend.add(first.test(pkt, env) ? ".10" : second.test(pkt, env) ? ".11" : "rest");
        }
        // the second rule only counts packets the first let through
        assertThat(backend).containsExactly(".10", ".11", "rest", ".10", ".11", "rest");
    }

    @Test
    void randomProbabilityConvergesWithASeededGenerator() {
        PacketTest t = StatefulTestEnv.rule("-m statistic --mode random --probability 0.25");
        env.random = new Random(7);
        int n = 40_000;
        int hits = matching(t, n).size();
        assertThat(hits / (double) n).isBetween(0.24, 0.26);
        // reproducible from the seed
        env.random = new Random(7);
        assertThat(matching(t, n).size()).isEqualTo(hits);
    }

    @Test
    void probabilityOneAlwaysAndZeroNeverMatch() {
        assertThat(matching(StatefulTestEnv.rule("-m statistic --mode random --probability 1"), 1000)).hasSize(1000);
        assertThat(matching(StatefulTestEnv.rule("-m statistic --mode random --probability 0"), 1000)).isEmpty();
    }

    @Test
    void kubeProxyCascadeGivesEachEndpointAThird() {
        // KUBE-SVC-* chains: 1/3, then 1/2 of the rest, then the last endpoint unconditionally
        PacketTest ep1 = StatefulTestEnv.rule("-m statistic --mode random --probability 0.33333333349");
        PacketTest ep2 = StatefulTestEnv.rule("-m statistic --mode random --probability 0.50000000000");
        env.random = new Random(2026);
        int[] count = new int[3];
        int n = 30_000;
        for (int i = 0; i < n; i++) {
            count[ep1.test(pkt, env) ? 0 : ep2.test(pkt, env) ? 1 : 2]++;
        }
        for (int c : count) {
            assertThat(c / (double) n).isBetween(0.32, 0.347);
        }
    }
}
