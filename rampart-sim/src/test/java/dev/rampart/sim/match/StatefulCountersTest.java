package dev.rampart.sim.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.net.IpAddress;
import dev.rampart.sim.engine.PacketState;
import dev.rampart.sim.engine.PacketTest;
import dev.rampart.sim.packet.Packet;
import org.junit.jupiter.api.Test;

/** connlimit (against a fake connection table) and quota. */
class StatefulCountersTest {
    private final StatefulTestEnv env = new StatefulTestEnv();

    private static PacketState sized(int len) {
        return StatefulTestEnv.packet(Packet.builder(IpAddress.parse("192.0.2.1"), IpAddress.parse("198.18.0.1"), 6)
                .sport(1).dport(80).length(len).build());
    }

    @Test
    void connlimitAboveCountsTheNewConnectionItself() {
        PacketTest t = StatefulTestEnv.rule("-p tcp --syn --dport 22 -m connlimit --connlimit-above 2");
        PacketState syn = StatefulTestEnv.tcp("192.0.2.7", 40000, "198.18.0.1", 22);
        env.connections = 1;
        assertThat(t.test(syn, env)).as("second connection").isFalse();
        env.connections = 2;
        assertThat(t.test(syn, env)).as("third connection").isTrue();
        assertThat(env.lastCountQuery).containsExactly(IpAddress.parse("192.0.2.7"), 32, false);
    }

    @Test
    void connlimitUptoWithMaskAndDestination() {
        PacketTest t = StatefulTestEnv.rule("-m connlimit --connlimit-upto 10 --connlimit-mask 24 --connlimit-daddr");
        PacketState p = StatefulTestEnv.tcp("192.0.2.7", 40000, "198.18.0.1", 80);
        env.connections = 9;
        assertThat(t.test(p, env)).isTrue();
        env.connections = 10;
        assertThat(t.test(p, env)).isFalse();
        assertThat(env.lastCountQuery).containsExactly(IpAddress.parse("198.18.0.1"), 24, true);
    }

    @Test
    void quotaStopsAtTheFirstPacketThatDoesNotFit() {
        PacketTest t = StatefulTestEnv.rule("-m quota --quota 100");
        assertThat(t.test(sized(60), env)).isTrue();
        assertThat(t.test(sized(40), env)).as("exactly the rest").isTrue();
        assertThat(t.test(sized(1), env)).isFalse();
        PacketTest u = StatefulTestEnv.rule("-m quota --quota 100");
        assertThat(u.test(sized(60), env)).isTrue();
        assertThat(u.test(sized(60), env)).isFalse();
        assertThat(u.test(sized(20), env)).as("the budget was set to 0").isFalse();
        PacketTest inv = StatefulTestEnv.rule("-m quota ! --quota 50");
        assertThat(inv.test(sized(40), env)).isFalse();
        assertThat(inv.test(sized(40), env)).isTrue();
    }
}
