package dev.rampart.sim.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.Family;
import dev.rampart.model.ipset.EntryPart;
import dev.rampart.model.match.SetMatch;
import dev.rampart.model.net.IpAddress;
import dev.rampart.model.net.IpPrefix;
import dev.rampart.model.net.Protocol;
import dev.rampart.sim.engine.Hook;
import dev.rampart.sim.engine.PacketState;
import dev.rampart.sim.engine.PacketTest;
import dev.rampart.sim.packet.Packet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IpSetStoreTest {
    private static final List<SetMatch.Direction> SRC = List.of(SetMatch.Direction.SRC);
    private static final List<SetMatch.Direction> SRC_DST = List.of(SetMatch.Direction.SRC, SetMatch.Direction.DST);

    private final StatefulTestEnv env = new StatefulTestEnv();

    private static PacketState from(String src) {
        return StatefulTestEnv.tcp(src, 40000, "198.18.0.1", 22);
    }

    private boolean in(String set, List<SetMatch.Direction> dirs, PacketState p) {
        return env.ipsets.contains(set, dirs, p, env.now);
    }

    private PacketTest rule(String text, String... sets) {
        return StatefulTestEnv.rule(Family.IPV4, text, Set.of(sets));
    }

    @Test
    void hashIpWithNetmaskStoresBlocks() {
        env.ipsets("create blocks hash:ip family inet netmask 24\nadd blocks 192.0.2.0\n");
        assertThat(in("blocks", SRC, from("192.0.2.77"))).isTrue();
        assertThat(in("blocks", SRC, from("192.0.3.1"))).isFalse();
        assertThat(in("missing", SRC, from("192.0.2.77"))).isFalse();
        assertThat(in("blocks", List.of(SetMatch.Direction.DST), from("192.0.2.77"))).isFalse();
    }

    @Test
    void hashNetUsesTheLongestPrefixAndNomatchCarvesExceptions() {
        env.ipsets("""
                create nets hash:net family inet
                add nets 192.0.2.0/24
                add nets 192.0.2.128/25 nomatch
                add nets 192.0.2.200/32
                """);
        assertThat(in("nets", SRC, from("192.0.2.10"))).isTrue();
        assertThat(in("nets", SRC, from("192.0.2.130"))).as("inside the nomatch /25").isFalse();
        assertThat(in("nets", SRC, from("192.0.2.200"))).as("a /32 inside the nomatch /25").isTrue();
        assertThat(in("nets", SRC, from("198.51.100.1"))).isFalse();
        // --return-nomatch swaps plain and nomatch elements
        PacketTest rn = rule("-m set --match-set nets src --return-nomatch", "nets");
        assertThat(rn.test(from("192.0.2.130"), env)).isTrue();
        assertThat(rn.test(from("192.0.2.10"), env)).isFalse();
        assertThat(rn.test(from("198.51.100.1"), env)).isFalse();
        PacketTest not = rule("-m set ! --match-set nets src", "nets");
        assertThat(not.test(from("192.0.2.130"), env)).isTrue();
    }

    @Test
    void familyMustAgree() {
        env.ipsets("create v6 hash:net family inet6\nadd v6 2001:db8::/32\n");
        PacketState v6 = StatefulTestEnv.packet(Packet.builder(IpAddress.parse("2001:db8::5"),
                IpAddress.parse("2001:db8:1::1"), 6).sport(1).dport(22).build());
        assertThat(in("v6", SRC, v6)).isTrue();
        assertThat(in("v6", SRC, from("192.0.2.1"))).isFalse();
    }

    @Test
    void hashIpPortComparesProtocolAndPort() {
        env.ipsets("create svc hash:ip,port family inet\nadd svc 198.18.0.1,tcp:22\nadd svc 198.18.0.1,udp:53\n"
                + "add svc 198.18.0.1,icmp:echo-request\n");
        List<SetMatch.Direction> dstDst = List.of(SetMatch.Direction.DST, SetMatch.Direction.DST);
        assertThat(in("svc", dstDst, StatefulTestEnv.tcp("192.0.2.1", 5000, "198.18.0.1", 22))).isTrue();
        assertThat(in("svc", dstDst, StatefulTestEnv.udp("192.0.2.1", 5000, "198.18.0.1", 22))).isFalse();
        assertThat(in("svc", dstDst, StatefulTestEnv.udp("192.0.2.1", 5000, "198.18.0.1", 53))).isTrue();
        PacketState ping = StatefulTestEnv.packet(Packet.builder(IpAddress.parse("192.0.2.1"),
                IpAddress.parse("198.18.0.1"), 1).icmpType(8).icmpCode(0).build());
        assertThat(in("svc", dstDst, ping)).isTrue();
        assertThat(in("svc", List.of(SetMatch.Direction.DST), ping)).as("fewer directions than dimensions")
                .isFalse();
        PacketState fragment = StatefulTestEnv.packet(Packet.builder(IpAddress.parse("192.0.2.1"),
                IpAddress.parse("198.18.0.1"), 6).fragment(true).build());
        assertThat(in("svc", dstDst, fragment)).isFalse();
    }

    @Test
    void multiDimensionNetTypes() {
        env.ipsets("""
                create np hash:net,port family inet
                add np 192.0.2.0/24,tcp:443
                add np 192.0.2.64/26,tcp:443 nomatch
                create ipi hash:ip,port,ip family inet
                add ipi 192.0.2.1,tcp:22,198.18.0.1
                create ifc hash:net,iface family inet
                add ifc 192.0.2.0/24,eth0
                """);
        assertThat(in("np", SRC_DST, StatefulTestEnv.tcp("192.0.2.1", 1, "198.18.0.1", 443))).isTrue();
        assertThat(in("np", SRC_DST, StatefulTestEnv.tcp("192.0.2.65", 1, "198.18.0.1", 443))).isFalse();
        assertThat(in("np", SRC_DST, StatefulTestEnv.tcp("192.0.2.1", 1, "198.18.0.1", 80))).isFalse();
        List<SetMatch.Direction> sds = List.of(SetMatch.Direction.SRC, SetMatch.Direction.DST, SetMatch.Direction.DST);
        assertThat(in("ipi", sds, StatefulTestEnv.tcp("192.0.2.1", 1, "198.18.0.1", 22))).isTrue();
        assertThat(in("ipi", sds, StatefulTestEnv.tcp("192.0.2.1", 1, "198.18.0.2", 22))).isFalse();
        List<SetMatch.Direction> ss = List.of(SetMatch.Direction.SRC, SetMatch.Direction.SRC);
        assertThat(in("ifc", ss, from("192.0.2.9"))).as("arrived on eth0").isTrue();
        PacketState other = StatefulTestEnv.packet(Packet.builder(IpAddress.parse("192.0.2.9"),
                IpAddress.parse("198.18.0.1"), 6).sport(1).dport(22).in("eth1").build());
        assertThat(in("ifc", ss, other)).isFalse();
    }

    @Test
    void bitmapsAndListSet() {
        env.ipsets("""
                create ports bitmap:port range 1-1024
                add ports 22
                add ports 80
                create range bitmap:ip range 192.0.2.0-192.0.2.255
                add range 192.0.2.7
                create bad hash:ip family inet
                add bad 203.0.113.9
                create all list:set
                add all range
                add all bad
                """);
        List<SetMatch.Direction> dst = List.of(SetMatch.Direction.DST);
        assertThat(in("ports", dst, StatefulTestEnv.udp("192.0.2.1", 1, "198.18.0.1", 80))).isTrue();
        assertThat(in("ports", dst, StatefulTestEnv.tcp("192.0.2.1", 1, "198.18.0.1", 443))).isFalse();
        assertThat(in("range", SRC, from("192.0.2.7"))).isTrue();
        assertThat(in("range", SRC, from("192.0.2.8"))).isFalse();
        assertThat(in("all", SRC, from("192.0.2.7"))).isTrue();
        assertThat(in("all", SRC, from("203.0.113.9"))).isTrue();
        assertThat(in("all", SRC, from("203.0.113.10"))).isFalse();
    }

    @Test
    void hashIpNeverMatchesTheUnspecifiedAddress() {
        env.ipsets("create s hash:ip family inet\nadd s 0.0.0.0\n");
        assertThat(in("s", SRC, from("0.0.0.0"))).isFalse();
    }

    @Test
    void timeoutsCountFromTheLoadTimeAndZeroIsPermanent() {
        env.ipsets("""
                create ban hash:ip family inet timeout 60
                add ban 192.0.2.1
                add ban 192.0.2.2 timeout 10
                add ban 192.0.2.3 timeout 0
                """);
        assertThat(in("ban", SRC, from("192.0.2.2"))).isTrue(); // loaded now
        env.advance(10.5);
        assertThat(in("ban", SRC, from("192.0.2.1"))).isTrue();
        assertThat(in("ban", SRC, from("192.0.2.2"))).isFalse();
        env.advance(50);
        assertThat(in("ban", SRC, from("192.0.2.1"))).isFalse();
        env.advance(100_000);
        assertThat(in("ban", SRC, from("192.0.2.3"))).isTrue();
    }

    @Test
    void setTargetAddsWithTimeoutAndExistRefreshes() {
        env.ipsets("create ban hash:ip family inet timeout 60\n");
        PacketState p = from("203.0.113.5");
        env.ipsets.add("ban", SRC, p, env.now, -1, false);
        assertThat(in("ban", SRC, p)).isTrue();
        env.advance(50);
        env.ipsets.add("ban", SRC, p, env.now, -1, false); // exists: no change without --exist
        env.advance(11);
        assertThat(in("ban", SRC, p)).as("default timeout counted from the first add").isFalse();
        env.ipsets.add("ban", SRC, p, env.now, 30, false); // expired elements are reused
        env.advance(25);
        env.ipsets.add("ban", SRC, p, env.now, 30, true); // --exist restarts the timeout
        env.advance(25);
        assertThat(in("ban", SRC, p)).isTrue();
        env.ipsets.delete("ban", SRC, p, env.now);
        assertThat(in("ban", SRC, p)).isFalse();
    }

    @Test
    void setTargetAddToHashNetUsesTheLongestPrefixPresent() {
        env.ipsets("create nets hash:net family inet\nadd nets 198.51.100.0/24\n");
        env.ipsets.add("nets", SRC, from("192.0.2.77"), env.now, -1, false);
        assertThat(in("nets", SRC, from("192.0.2.1"))).isTrue();
        assertThat(env.ipsets.size("nets", env.now)).isEqualTo(2);
    }

    @Test
    void maxelemRefusesNewElements() {
        env.ipsets("create small hash:ip family inet maxelem 2\n");
        env.ipsets.add("small", SRC, from("192.0.2.1"), env.now, -1, false);
        env.ipsets.add("small", SRC, from("192.0.2.2"), env.now, -1, false);
        env.ipsets.add("small", SRC, from("192.0.2.3"), env.now, -1, false);
        assertThat(in("small", SRC, from("192.0.2.3"))).isFalse();
        assertThat(env.ipsets.size("small", env.now)).isEqualTo(2);
    }

    @Test
    void countersAreUpdatedByMatchesAndTestedAfterTheUpdate() {
        env.ipsets("create c hash:ip family inet counters\nadd c 192.0.2.1 packets 3 bytes 120\n");
        PacketTest gt4 = rule("-m set --match-set c src --packets-gt 4", "c");
        PacketState p = from("192.0.2.1"); // 40 bytes
        assertThat(gt4.test(p, env)).as("counter 4 after this packet").isFalse();
        assertThat(gt4.test(p, env)).as("counter 5").isTrue();
        PacketTest noUpdate = rule("-m set --match-set c src ! --update-counters", "c");
        assertThat(noUpdate.test(p, env)).isTrue();
        List<EntryPart> key = List.of(new EntryPart.Address(IpPrefix.ipv4((int) IpAddress.parse("192.0.2.1").lo(), 32),
                false));
        assertThat(env.ipsets.counters("c", key)).containsExactly(5L, 200L);
    }

    @Test
    void copiesAreIndependent() {
        env.ipsets("create ban hash:ip family inet\n");
        IpSetStore copy = env.ipsets.copy();
        env.ipsets.add("ban", SRC, from("192.0.2.1"), env.now, -1, false);
        assertThat(env.ipsets.contains("ban", SRC, from("192.0.2.1"), env.now)).isTrue();
        assertThat(copy.contains("ban", SRC, from("192.0.2.1"), env.now)).isFalse();
    }

    @Test
    void setMatchReportsUnknownDestinationMac() {
        env.ipsets("create macs hash:mac\nadd macs 00:11:22:33:44:55\n");
        PacketState p = StatefulTestEnv.packet(Packet.builder(IpAddress.parse("192.0.2.1"),
                IpAddress.parse("198.18.0.1"), 6).sport(1).dport(22).in("eth0").srcMac(0x001122334455L).build());
        assertThat(rule("-m set --match-set macs src", "macs").test(p, env)).isTrue();
        assertThat(rule("-m set --match-set macs dst", "macs").test(p, env)).isFalse();
        assertThat(env.approximations).anyMatch(r -> r.contains("MAC"));
        p.setHook(Hook.OUTPUT);
        env.hook = Hook.OUTPUT;
        assertThat(rule("-m set --match-set macs src", "macs").test(p, env)).as("no Ethernet header").isFalse();
    }

    @Test
    void markTypeMasksTheMark() {
        env.ipsets("create m hash:ip,mark family inet markmask 0xff\nadd m 192.0.2.1,0x01\n");
        PacketState p = from("192.0.2.1");
        p.setMark(0x101);
        assertThat(in("m", SRC_DST, p)).isTrue();
        p.setMark(0x102);
        assertThat(in("m", SRC_DST, p)).isFalse();
        assertThat(Protocol.of(6)).isEqualTo(Protocol.TCP);
    }
}
