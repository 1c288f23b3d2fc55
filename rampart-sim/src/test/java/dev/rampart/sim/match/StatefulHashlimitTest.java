package dev.rampart.sim.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.sim.engine.PacketState;
import dev.rampart.sim.engine.PacketTest;
import org.junit.jupiter.api.Test;

class StatefulHashlimitTest {
    private final StatefulTestEnv env = new StatefulTestEnv();

    private static PacketState from(String src) {
        return StatefulTestEnv.tcp(src, 40000, "198.18.0.1", 22);
    }

    @Test
    void eachSourceHasItsOwnBucket() {
        PacketTest t = StatefulTestEnv.rule("-p tcp --dport 22 -m hashlimit --hashlimit-upto 1/min "
                + "--hashlimit-burst 2 --hashlimit-mode srcip --hashlimit-name ssh");
        assertThat(t.test(from("192.0.2.1"), env)).isTrue();
        assertThat(t.test(from("192.0.2.1"), env)).isTrue();
        assertThat(t.test(from("192.0.2.1"), env)).isFalse();
        assertThat(t.test(from("192.0.2.2"), env)).isTrue();
        assertThat(t.test(from("192.0.2.2"), env)).isTrue();
        assertThat(t.test(from("192.0.2.2"), env)).isFalse();
        env.advance(59);
        assertThat(t.test(from("192.0.2.1"), env)).isFalse();
        env.advance(1);
        assertThat(t.test(from("192.0.2.1"), env)).as("one credit after a minute").isTrue();
        assertThat(t.test(from("192.0.2.1"), env)).isFalse();
    }

    @Test
    void aboveMatchesTheExcessAndSrcmaskGroupsANetwork() {
        PacketTest t = StatefulTestEnv.rule("-m hashlimit --hashlimit-above 10/s --hashlimit-burst 3 "
                + "--hashlimit-mode srcip --hashlimit-srcmask 24 --hashlimit-name flood");
        assertThat(t.test(from("192.0.2.1"), env)).isFalse();
        assertThat(t.test(from("192.0.2.2"), env)).isFalse();
        assertThat(t.test(from("192.0.2.3"), env)).isFalse();
        assertThat(t.test(from("192.0.2.4"), env)).as("fourth packet of 192.0.2.0/24").isTrue();
        assertThat(t.test(from("198.51.100.1"), env)).isFalse();
        env.advance(0.1);
        assertThat(t.test(from("192.0.2.200"), env)).isFalse();
        assertThat(t.test(from("192.0.2.200"), env)).isTrue();
    }

    @Test
    void rulesNamingOneTableShareItsBuckets() {
        PacketTest a = StatefulTestEnv.rule("-m hashlimit --hashlimit-upto 1/hour --hashlimit-burst 2 "
                + "--hashlimit-mode dstport --hashlimit-name shared");
        PacketTest b = StatefulTestEnv.rule("-m hashlimit --hashlimit-upto 1/hour --hashlimit-burst 2 "
                + "--hashlimit-mode dstport --hashlimit-name shared");
        assertThat(a.test(from("192.0.2.1"), env)).isTrue();
        assertThat(b.test(from("192.0.2.9"), env)).isTrue();
        assertThat(a.test(from("192.0.2.1"), env)).isFalse();
        assertThat(a.test(StatefulTestEnv.tcp("192.0.2.1", 1, "198.18.0.1", 80), env)).as("other port").isTrue();
    }

    @Test
    void idleEntriesExpireAndComeBackWithAFullBucket() {
        PacketTest t = StatefulTestEnv.rule("-m hashlimit --hashlimit-upto 1/hour --hashlimit-burst 2 "
                + "--hashlimit-mode srcip --hashlimit-name exp --hashlimit-htable-expire 10000");
        assertThat(t.test(from("192.0.2.1"), env)).isTrue();
        assertThat(t.test(from("192.0.2.1"), env)).isTrue();
        env.advance(5);
        assertThat(t.test(from("192.0.2.1"), env)).as("access renews the expiry").isFalse();
        env.advance(9);
        assertThat(t.test(from("192.0.2.1"), env)).as("9 s idle, not expired").isFalse();
        env.advance(12);
        assertThat(t.test(from("192.0.2.1"), env)).as("expired and collected").isTrue();
        assertThat(t.test(from("192.0.2.1"), env)).isTrue();
        assertThat(t.test(from("192.0.2.1"), env)).isFalse();
    }

    @Test
    void packetModeCreditsUseTheRevisionThreeScale() {
        assertThat(HashlimitPacketTest.CREDITS_PER_JIFFY).isEqualTo(1L << 39);
        assertThat(HashlimitPacketTest.CREDITS_PER_JIFFY_BYTES).isEqualTo(1L << 24);
        // one packet per second costs just under one second of credits
        assertThat(HashlimitPacketTest.user2credits(1_000_000)).isEqualTo(1_000_000L * 137_438_953L);
    }

    @Test
    void byteModeLimitsBytes() {
        // 1 MB/s with the default burst: each 1500-byte packet costs about 1.5 ms of the one-second bucket
        PacketTest t = StatefulTestEnv.rule("-m hashlimit --hashlimit-upto 1mb/s --hashlimit-name bytes");
        var p = StatefulTestEnv.packet(dev.rampart.sim.packet.Packet.builder(
                dev.rampart.model.net.IpAddress.parse("192.0.2.1"), dev.rampart.model.net.IpAddress.parse("198.18.0.1"),
                17).sport(1).dport(2).length(1500).build());
        int passed = 0;
        for (int i = 0; i < 1000; i++) {
            passed += t.test(p, env) ? 1 : 0;
        }
        assertThat(passed).isBetween(690, 710); // about 1 MiB in 1500-byte packets
        env.advance(1);
        assertThat(t.test(p, env)).isTrue();
    }
}
