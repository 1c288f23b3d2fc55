package dev.rampart.sim.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.host.ProcessRunner;
import dev.rampart.host.RootRequirement;
import dev.rampart.model.Family;
import dev.rampart.model.TableName;
import dev.rampart.sim.engine.CounterRef;
import dev.rampart.sim.packet.Packet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Proves the harness itself, without the simulator: a ruleset where each known packet must move exactly
 * known counters (rules, user chains with RETURN, policy counters, IPv6, fragments, length, TTL, TOS,
 * ICMP), valid checksums (conntrack does not call the frames INVALID), the OUTPUT path through hping3,
 * refusals of what cannot be sent, and that the lab's namespaces are gone afterwards, also after a failure.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KernelLabIT {
    private KernelLab lab;

    @BeforeAll
    void start() {
        RootRequirement.requireRoot();
        lab = KernelLab.start();
    }

    @AfterAll
    void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    private static final String V4_RULES = """
            *filter
            :INPUT DROP [0:0]
            :FORWARD ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            :SVC - [0:0]
            -A INPUT -p tcp -m tcp --dport 22 -j SVC
            -A INPUT -p udp -m udp --dport 53 -j ACCEPT
            -A INPUT -p icmp -m icmp --icmp-type 8 -j ACCEPT
            -A INPUT -f -j DROP
            -A INPUT -m length --length 1000:1500 -j DROP
            -A INPUT -m ttl --ttl-eq 5 -j DROP
            -A INPUT -m tos --tos 0x10/0x3f -j DROP
            -A INPUT -i eth1 -j DROP
            -A OUTPUT -d 198.18.0.77/32 -p tcp -m tcp --dport 25 -j DROP
            -A SVC -s 203.0.113.0/24 -j RETURN
            -A SVC -j ACCEPT
            COMMIT
            """;

    private static CounterRef input(int rule) {
        return new CounterRef(TableName.FILTER, "INPUT", rule);
    }

    private static final CounterRef INPUT_POLICY = CounterRef.policy(TableName.FILTER, "INPUT");

    /** The ruleset last loaded through {@link #load}, per family: {@link HostReplies} needs its chains. */
    private final java.util.Map<Family, dev.rampart.model.Ruleset> loaded = new java.util.EnumMap<>(Family.class);

    private void load(Family f, String rules) {
        lab.loadRules(f, rules);
        loaded.put(f, KernelDifferential.parseRules("KernelLabIT", f, rules));
    }

    /**
     * The counters the packet moved on its own path: what the firewall's own answers move in chains only
     * OUTPUT/POSTROUTING reach is left out, as in the differential tests ({@link HostReplies}).
     */
    private Set<CounterRef> moved(Family f, String packetJson) {
        var packet = PacketLines.packet(packetJson);
        return HostReplies.withoutOwnReplies(loaded.get(f), packet, KernelDifferential.kernelMoved(lab, f, packet));
    }

    @Test
    void knownIpv4PacketsMoveExactlyTheirCounters() {
        lab.reset();
        load(Family.IPV4, V4_RULES);
        assertThat(moved(Family.IPV4, """
                {"src":"203.0.113.5","dst":"198.18.0.1","proto":"tcp","sport":40000,"dport":22,"tcp_flags":["SYN"],"in":"eth0"}"""))
                .as("RETURN from SVC falls through INPUT to its DROP policy")
                .containsExactlyInAnyOrder(input(1), new CounterRef(TableName.FILTER, "SVC", 1), INPUT_POLICY);
        assertThat(moved(Family.IPV4, """
                {"src":"198.51.100.7","dst":"198.18.0.1","proto":"tcp","sport":40000,"dport":22,"tcp_flags":["SYN"],"in":"eth0"}"""))
                .containsExactlyInAnyOrder(input(1), new CounterRef(TableName.FILTER, "SVC", 2));
        assertThat(moved(Family.IPV4, """
                {"src":"192.0.2.1","dst":"198.18.0.1","proto":"udp","sport":5353,"dport":53,"in":"eth0"}"""))
                .containsExactly(input(2));
        assertThat(moved(Family.IPV4, """
                {"src":"192.0.2.1","dst":"198.18.0.1","proto":"icmp","icmp_type":8,"icmp_code":0,"in":"eth0"}"""))
                .containsExactly(input(3));
        assertThat(moved(Family.IPV4, """
                {"src":"192.0.2.1","dst":"198.18.0.1","proto":"icmp","icmp_type":0,"icmp_code":0,"in":"eth0"}"""))
                .containsExactly(INPUT_POLICY);
        assertThat(moved(Family.IPV4, """
                {"src":"192.0.2.1","dst":"198.18.0.1","proto":"tcp","fragment":true,"len":100,"in":"eth0"}"""))
                .as("IPv4 reassembles before INPUT (ip_local_deliver): a lone non-first fragment never reaches it")
                .isEmpty();
        assertThat(moved(Family.IPV4, """
                {"src":"192.0.2.1","dst":"198.18.0.1","proto":"tcp","sport":1,"dport":80,"len":1000,"in":"eth0"}"""))
                .containsExactly(input(5));
        assertThat(moved(Family.IPV4, """
                {"src":"192.0.2.1","dst":"198.18.0.1","proto":"tcp","sport":1,"dport":80,"len":999,"in":"eth0"}"""))
                .containsExactly(INPUT_POLICY);
        assertThat(moved(Family.IPV4, """
                {"src":"192.0.2.1","dst":"198.18.0.1","proto":"udp","sport":1,"dport":80,"ttl":5,"in":"eth0"}"""))
                .containsExactly(input(6));
        assertThat(moved(Family.IPV4, """
                {"src":"192.0.2.1","dst":"198.18.0.1","proto":"udp","sport":1,"dport":80,"tos":16,"in":"eth0"}"""))
                .containsExactly(input(7));
        assertThat(moved(Family.IPV4, """
                {"src":"192.0.2.1","dst":"198.18.0.1","proto":"tcp","sport":1,"dport":80,"tcp_flags":["ACK"],"in":"eth0"}"""))
                .containsExactly(INPUT_POLICY);
    }

    @Test
    void knownIpv6PacketsMoveExactlyTheirCounters() {
        lab.reset();
        load(Family.IPV6, """
                *filter
                :INPUT ACCEPT [0:0]
                :FORWARD DROP [0:0]
                :OUTPUT ACCEPT [0:0]
                -A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 128 -j ACCEPT
                -A INPUT -p tcp -m tcp --dport 443 -j DROP
                -A INPUT -m hl --hl-eq 7 -j DROP
                -A INPUT -m ipv6header --header dst --soft -j DROP
                -A INPUT -m frag --fragid 16962 -j DROP
                COMMIT
                """);
        assertThat(moved(Family.IPV6, """
                {"src":"2001:db8:1::5","dst":"2001:db8:18::1","proto":"icmpv6","icmp_type":128,"icmp_code":0,"in":"eth0"}"""))
                .containsExactly(input(1));
        assertThat(moved(Family.IPV6, """
                {"src":"2001:db8:1::5","dst":"2001:db8:18::1","proto":"tcp","sport":999,"dport":443,"tcp_flags":["SYN"],"in":"eth0"}"""))
                .containsExactly(input(2));
        assertThat(moved(Family.IPV6, """
                {"src":"2001:db8:1::5","dst":"2001:db8:18::1","proto":"udp","sport":999,"dport":53,"ttl":7,"in":"eth0"}"""))
                .containsExactly(input(3));
        assertThat(moved(Family.IPV6, """
                {"src":"2001:db8:1::5","dst":"2001:db8:18::1","proto":"udp","sport":999,"dport":53,"ext_headers":[60],"len":56,"in":"eth0"}"""))
                .containsExactly(input(4));
        assertThat(moved(Family.IPV6, """
                {"src":"2001:db8:1::5","dst":"2001:db8:18::1","proto":"udp","sport":999,"dport":53,"ext_headers":[44],"len":56,"in":"eth0"}"""))
                .as("an atomic fragment header (id 0x4242) matches -m frag").containsExactly(input(5));
        assertThat(moved(Family.IPV6, """
                {"src":"2001:db8:1::5","dst":"2001:db8:18::1","proto":"udp","sport":999,"dport":53,"in":"eth0"}"""))
                .containsExactly(INPUT_POLICY);
    }

    @Test
    void nonFirstFragmentsReachPrerouting() {
        lab.reset();
        load(Family.IPV4, """
                *raw
                :PREROUTING ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                -A PREROUTING -f -j DROP
                -A PREROUTING -p tcp -m tcp --dport 22 -j DROP
                COMMIT
                """);
        assertThat(moved(Family.IPV4, """
                {"src":"192.0.2.1","dst":"198.18.0.1","proto":"tcp","fragment":true,"len":100,"in":"eth0"}"""))
                .containsExactly(new CounterRef(TableName.RAW, "PREROUTING", 1));
        assertThat(moved(Family.IPV4, """
                {"src":"192.0.2.1","dst":"198.18.0.1","proto":"tcp","sport":5,"dport":22,"in":"eth0"}"""))
                .containsExactly(new CounterRef(TableName.RAW, "PREROUTING", 2));
        assertThat(moved(Family.IPV4, """
                {"src":"192.0.2.1","dst":"198.18.0.1","proto":"tcp","sport":5,"dport":23,"in":"eth0"}"""))
                .containsExactly(CounterRef.policy(TableName.RAW, "PREROUTING"));
    }

    @Test
    void framesHaveValidChecksumsSoConntrackSeesThemAsNew() {
        lab.reset();
        load(Family.IPV4, """
                *filter
                :INPUT ACCEPT [0:0]
                -A INPUT -m conntrack --ctstate INVALID -j DROP
                -A INPUT -m conntrack --ctstate NEW -j ACCEPT
                COMMIT
                """);
        for (String p : List.of(
                "{\"src\":\"203.0.113.9\",\"dst\":\"198.18.0.1\",\"proto\":\"tcp\",\"sport\":1234,\"dport\":22,"
                        + "\"tcp_flags\":[\"SYN\"],\"tcp_options\":[2,4,8,1,3],\"mss\":1400,\"in\":\"eth0\"}",
                "{\"src\":\"203.0.113.9\",\"dst\":\"198.18.0.1\",\"proto\":\"udp\",\"sport\":1234,\"dport\":53,"
                        + "\"payload\":\"hello\",\"len\":120,\"in\":\"eth0\"}",
                "{\"src\":\"203.0.113.9\",\"dst\":\"198.18.0.1\",\"proto\":\"icmp\",\"icmp_type\":8,\"icmp_code\":0,"
                        + "\"in\":\"eth0\"}")) {
            assertThat(moved(Family.IPV4, p)).as(p).containsExactly(input(2));
        }
        load(Family.IPV6, """
                *filter
                :INPUT ACCEPT [0:0]
                -A INPUT -m conntrack --ctstate INVALID -j DROP
                -A INPUT -m conntrack --ctstate NEW -j ACCEPT
                COMMIT
                """);
        assertThat(moved(Family.IPV6, "{\"src\":\"2001:db8:1::9\",\"dst\":\"2001:db8:18::1\",\"proto\":\"tcp\","
                + "\"sport\":1234,\"dport\":22,\"tcp_flags\":[\"SYN\"],\"in\":\"eth0\"}")).containsExactly(input(2));
        assertThat(moved(Family.IPV6, "{\"src\":\"2001:db8:1::9\",\"dst\":\"2001:db8:18::1\",\"proto\":\"udp\","
                + "\"sport\":1234,\"dport\":53,\"len\":99,\"in\":\"eth0\"}")).containsExactly(input(2));
        assertThat(moved(Family.IPV6, "{\"src\":\"2001:db8:1::9\",\"dst\":\"2001:db8:18::1\",\"proto\":\"icmpv6\","
                + "\"icmp_type\":128,\"icmp_code\":0,\"in\":\"eth0\"}")).containsExactly(input(2));
    }

    @Test
    void outputPathPacketsAreSentFromTheFirewallWithHping3() {
        lab.reset();
        load(Family.IPV4, V4_RULES);
        assertThat(moved(Family.IPV4, """
                {"src":"198.18.0.1","dst":"198.18.0.77","proto":"tcp","sport":4000,"dport":25,"tcp_flags":["SYN"],"out":"eth0"}"""))
                .containsExactly(new CounterRef(TableName.FILTER, "OUTPUT", 1));
    }

    @Test
    void whatNoPacketCanCarryIsRefused() {
        for (String p : List.of(
                "{\"src\":\"203.0.113.9\",\"dst\":\"198.18.0.1\",\"proto\":\"udp\",\"sport\":1,\"dport\":2,\"mark\":7,\"in\":\"eth0\"}",
                "{\"src\":\"203.0.113.9\",\"dst\":\"198.18.0.1\",\"proto\":\"udp\",\"sport\":1,\"dport\":2,\"ct_state\":\"ESTABLISHED\",\"in\":\"eth0\"}",
                "{\"src\":\"203.0.113.9\",\"dst\":\"198.18.0.1\",\"proto\":\"udp\",\"sport\":1,\"dport\":2,\"in\":\"wlan0\"}",
                "{\"src\":\"203.0.113.9\",\"dst\":\"198.18.0.1\",\"proto\":\"udp\",\"sport\":1,\"dport\":2,\"len\":20,\"in\":\"eth0\"}",
                "{\"src\":\"2001:db8:18::1\",\"dst\":\"2001:db8:18::77\",\"proto\":\"udp\",\"sport\":1,\"dport\":2,\"out\":\"eth0\"}")) {
            assertThatThrownBy(() -> lab.send(PacketLines.packet(p))).as(p)
                    .isInstanceOf(UnsupportedPacketException.class).hasMessageContaining("cannot send packet");
        }
    }

    @Test
    void measuresThePerPacketCost() {
        lab.reset();
        load(Family.IPV4, V4_RULES);
        int n = 20;
        KernelDifferential.CounterWatch watch = new KernelDifferential.CounterWatch(lab, Family.IPV4);
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Packet p = PacketLines.packet("{\"src\":\"192.0.2.1\",\"dst\":\"198.18.0.1\",\"proto\":\"udp\",\"sport\":"
                    + (1000 + i) + ",\"dport\":53,\"in\":\"eth0\"}");
            assertThat(watch.movedBy(p)).containsExactly(input(2));
        }
        double perPacketMillis = (System.nanoTime() - start) / 1e6 / n;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            lab.counters(Family.IPV4);
        }
        long t1 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            lab.firewall().check("true");
        }
        long t2 = System.nanoTime();
        System.out.printf("kernel lab: counter read %.1f ms, bare 'ip netns exec true' %.1f ms%n",
                (t1 - t0) / 1e6 / n, (t2 - t1) / 1e6 / n);
        System.out.printf("kernel lab: %.1f ms per packet check (raw-socket send and one counter read)%n",
                perPacketMillis);
    }

    @Test
    void namespacesAreDeletedAlsoWhenATestFails() {
        List<String> names = new ArrayList<>();
        assertThatThrownBy(() -> {
            try (KernelLab l = KernelLab.start(KernelLab.Options.standard().withBackend())) {
                names.add(l.firewall().name());
                names.add(l.peer().name());
                names.add(l.backend().orElseThrow().name());
                assertThat(netnsList()).contains(names.toArray(new String[0]));
                throw new IllegalStateException("test failure inside the lab");
            }
        }).hasMessage("test failure inside the lab");
        assertThat(names).allMatch(n -> n.startsWith(KernelLab.NAMESPACE_PREFIX));
        assertThat(netnsList()).doesNotContain(names.toArray(new String[0]));
    }

    private static String netnsList() {
        return new ProcessRunner().output("ip", "netns", "list");
    }
}
