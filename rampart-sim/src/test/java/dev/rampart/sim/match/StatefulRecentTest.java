package dev.rampart.sim.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.sim.engine.PacketState;
import dev.rampart.sim.engine.PacketTest;
import dev.rampart.sim.packet.Packet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The recent match, driven by the SSH brute-force rules of the seed guides. */
class StatefulRecentTest {
    private final StatefulTestEnv env = new StatefulTestEnv();

    // seeds/000: the DROP rule counts the hit the --set rule has just recorded
    private final PacketTest set = StatefulTestEnv.rule("-p tcp --dport 22 -m recent --set --name SSH");
    private final PacketTest drop = StatefulTestEnv.rule(
            "-p tcp --dport 22 -m recent --update --seconds 60 --hitcount 6 --rttl --name SSH -j DROP");

    /** One new SSH connection through both rules: true when the DROP rule matches. */
    private boolean attempt(String src, int ttl) {
        Packet p = Packet.builder(dev.rampart.model.net.IpAddress.parse(src),
                dev.rampart.model.net.IpAddress.parse("198.18.0.1"), 6).sport(40000).dport(22)
                .tcpFlags(Packet.SYN).ttl(ttl).in("eth0").build();
        PacketState s = StatefulTestEnv.packet(p);
        assertThat(set.test(s, env)).isTrue();
        return drop.test(s, env);
    }

    @Test
    void sixthNewConnectionWithinSixtySecondsIsDroppedAndTheHostRecoversAfterAQuietMinute() {
        List<Boolean> dropped = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            dropped.add(attempt("203.0.113.5", 64));
            env.advance(5);
        }
        assertThat(dropped).containsExactly(false, false, false, false, false, true, true, true);
        // another address is unaffected
        assertThat(attempt("203.0.113.6", 64)).isFalse();
        // every attempt (dropped ones too) refreshed the list; a minute of silence clears the window
        env.advance(61);
        assertThat(attempt("203.0.113.5", 64)).isFalse();
    }

    @Test
    void attemptsSpreadWiderThanTheWindowAreNeverDropped() {
        for (int i = 0; i < 20; i++) {
            assertThat(attempt("203.0.113.5", 64)).as("attempt %d", i).isFalse();
            env.advance(12.1); // 5 attempts per 60.5 s
        }
    }

    @Test
    void rttlComparesWithTheTtlOfTheLastRecordedHit() {
        PacketTest check = StatefulTestEnv.rule("-m recent --rcheck --rttl --name SSH");
        for (int i = 0; i < 5; i++) {
            attempt("203.0.113.5", 64);
        }
        assertThat(check.test(ttl("203.0.113.5", 50), env)).isFalse();
        assertThat(check.test(ttl("203.0.113.5", 64), env)).isTrue();
        // in the seed's order the --set rule records the packet's TTL first, so --rttl never blocks the count
        assertThat(attempt("203.0.113.5", 50)).isTrue();
    }

    private static PacketState ttl(String src, int ttl) {
        return StatefulTestEnv.packet(Packet.builder(dev.rampart.model.net.IpAddress.parse(src),
                dev.rampart.model.net.IpAddress.parse("198.18.0.1"), 6).sport(1).dport(22).ttl(ttl).in("eth0").build());
    }

    @Test
    void seedFourHitcountFourDropsTheFourthAttempt() {
        PacketTest set4 = StatefulTestEnv.rule("-p tcp --dport 22 -m conntrack --ctstate NEW -m recent --set");
        PacketTest drop4 = StatefulTestEnv.rule(
                "-p tcp --dport 22 -m conntrack --ctstate NEW -m recent --update --seconds 60 --hitcount 4 -j DROP");
        List<Boolean> dropped = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            PacketState s = StatefulTestEnv.tcp("192.0.2.9", 40000 + i, "198.18.0.1", 22);
            set4.test(s, env);
            dropped.add(drop4.test(s, env));
            env.advance(1);
        }
        assertThat(dropped).containsExactly(false, false, false, true, true);
    }

    @Test
    void rcheckDoesNotRefreshButUpdateDoes() {
        PacketTest add = StatefulTestEnv.rule("-m recent --set --name L");
        PacketTest rcheck = StatefulTestEnv.rule("-m recent --rcheck --seconds 10 --name L");
        PacketTest update = StatefulTestEnv.rule("-m recent --update --seconds 10 --name L");
        PacketState p = StatefulTestEnv.tcp("192.0.2.1", 1, "198.18.0.1", 80);
        assertThat(rcheck.test(p, env)).isFalse();
        add.test(p, env);
        env.advance(8);
        assertThat(rcheck.test(p, env)).isTrue();
        env.advance(3);
        assertThat(rcheck.test(p, env)).as("11 s after the only stamp").isFalse();
        add.test(p, env);
        env.advance(8);
        assertThat(update.test(p, env)).isTrue();
        env.advance(8);
        assertThat(update.test(p, env)).as("refreshed 8 s ago by --update").isTrue();
    }

    @Test
    void removeForgetsTheAddressAndInversionFlipsTheAnswer() {
        PacketTest add = StatefulTestEnv.rule("-m recent --set --name L");
        PacketTest remove = StatefulTestEnv.rule("-m recent --remove --name L");
        PacketTest notSeen = StatefulTestEnv.rule("-m recent ! --rcheck --name L");
        PacketState p = StatefulTestEnv.tcp("192.0.2.1", 1, "198.18.0.1", 80);
        assertThat(remove.test(p, env)).isFalse();
        assertThat(notSeen.test(p, env)).isTrue();
        add.test(p, env);
        assertThat(notSeen.test(p, env)).isFalse();
        assertThat(remove.test(p, env)).isTrue();
        assertThat(notSeen.test(p, env)).isTrue();
    }

    @Test
    void rdestAndMaskGroupAddresses() {
        PacketTest add = StatefulTestEnv.rule("-m recent --set --name N --rdest --mask 255.255.255.0");
        PacketTest check = StatefulTestEnv.rule("-m recent --rcheck --name N --rdest --mask 255.255.255.0");
        add.test(StatefulTestEnv.tcp("192.0.2.1", 1, "198.51.100.7", 80), env);
        assertThat(check.test(StatefulTestEnv.tcp("203.0.113.1", 1, "198.51.100.200", 80), env)).isTrue();
        assertThat(check.test(StatefulTestEnv.tcp("198.51.100.7", 1, "203.0.113.1", 80), env)).isFalse();
    }

    @Test
    void aListHoldsOneHundredAddressesAndEvictsTheLeastRecentlyUpdated() {
        PacketTest add = StatefulTestEnv.rule("-m recent --set --name BIG");
        PacketTest check = StatefulTestEnv.rule("-m recent --rcheck --name BIG");
        for (int i = 0; i < 101; i++) {
            add.test(StatefulTestEnv.tcp("192.0.2." + i, 1, "198.18.0.1", 80), env);
            env.advance(0.01);
        }
        assertThat(check.test(StatefulTestEnv.tcp("192.0.2.0", 1, "198.18.0.1", 80), env)).isFalse();
        assertThat(check.test(StatefulTestEnv.tcp("192.0.2.1", 1, "198.18.0.1", 80), env)).isTrue();
        assertThat(check.test(StatefulTestEnv.tcp("192.0.2.100", 1, "198.18.0.1", 80), env)).isTrue();
    }

    @Test
    void reapDropsTheOldestStaleEntry() {
        PacketTest add = StatefulTestEnv.rule("-m recent --set --name R");
        PacketTest reap = StatefulTestEnv.rule("-m recent --rcheck --seconds 5 --reap --name R");
        PacketTest check = StatefulTestEnv.rule("-m recent --rcheck --name R");
        PacketState old = StatefulTestEnv.tcp("192.0.2.1", 1, "198.18.0.1", 80);
        PacketState fresh = StatefulTestEnv.tcp("192.0.2.2", 1, "198.18.0.1", 80);
        add.test(old, env);
        env.advance(10);
        add.test(fresh, env);
        assertThat(check.test(old, env)).isTrue();
        assertThat(reap.test(fresh, env)).isTrue();
        assertThat(check.test(old, env)).as("reaped").isFalse();
    }
}
