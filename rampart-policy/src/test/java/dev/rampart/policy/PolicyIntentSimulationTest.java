package dev.rampart.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.Ruleset;
import dev.rampart.model.net.IpAddress;
import dev.rampart.sim.engine.Simulator;
import dev.rampart.sim.engine.TraceResult;
import dev.rampart.sim.engine.Verdict;
import dev.rampart.sim.packet.Packet;
import dev.rampart.model.Family;
import dev.rampart.model.net.IpText;
import dev.rampart.sim.engine.HostModel;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The compiled example policies do what the policy says, shown by running packets at the policy's rule
 * boundaries through the project's simulator on the emitted rules.v4 / rules.v6 (with the emitted ipsets):
 * listed services accept a SYN, unlisted ports drop, blocklisted sources drop, the fourth new SSH
 * connection within 60 s drops, path-MTU ICMP passes, echo is rate-limited, IPv6 neighbour discovery
 * passes only from the link, egress is limited to the allow-list, NAT forwards only what was forwarded.
 */
class PolicyIntentSimulationTest {
    static final int TCP = 6;
    static final int UDP = 17;
    static final int ICMP = 1;
    static final int ICMPV6 = 58;
    static final IpAddress HOST4 = IpAddress.parse("198.18.0.1");
    static final IpAddress HOST6 = IpAddress.parse("2001:db8:1::1");

    private static PolicyCompiler.Output example(String name) throws IOException {
        return Examples.compile(Examples.dir().resolve(name + ".yaml"));
    }

    private static Simulator sim(PolicyCompiler.Output o, Ruleset r) {
        return Simulator.builder(r).ipsets(o.ipsets()).build();
    }

    private static Packet syn(String src, IpAddress dst, int dport, int sport, String in) {
        return Packet.builder(IpAddress.parse(src), dst, TCP).in(in).sport(sport).dport(dport).tcpFlags(Packet.SYN).build();
    }

    private static Verdict verdict(Simulator s, Packet p) {
        return s.process(p).verdict();
    }

    @Test
    void webServerOpensItsServicesAndNothingElse() throws IOException {
        PolicyCompiler.Output o = example("webserver");
        Simulator s = sim(o, o.rulesV4());
        assertThat(verdict(s, syn("192.0.2.10", HOST4, 443, 40000, "eth0"))).isEqualTo(Verdict.ACCEPT);
        assertThat(verdict(s, syn("192.0.2.10", HOST4, 80, 40001, "eth0"))).isEqualTo(Verdict.ACCEPT);
        assertThat(verdict(s, syn("192.0.2.10", HOST4, 8080, 40002, "eth0"))).isEqualTo(Verdict.DROP);
        assertThat(verdict(s, syn("192.0.2.10", HOST4, 22, 40003, "eth0"))).as("ssh only from the admin net")
                .isEqualTo(Verdict.DROP);
        TraceResult blocked = s.process(syn("192.0.2.66", HOST4, 443, 40004, "eth0"));
        assertThat(blocked.verdict()).isEqualTo(Verdict.DROP);
        assertThat(blocked.decidedBy().chain()).isEqualTo("INPUT");
        assertThat(o.rulesV4().table(dev.rampart.model.TableName.FILTER).orElseThrow().chain("INPUT").orElseThrow()
                .rules().get(blocked.decidedBy().rule() - 1).matches().toString()).contains("blacklist");
        assertThat(verdict(s, syn("198.51.100.200", HOST4, 443, 40005, "eth0"))).as("blocklisted network")
                .isEqualTo(Verdict.DROP);
        assertThat(verdict(s, syn("127.0.0.1", HOST4, 443, 40006, "eth0"))).as("loopback source off lo")
                .isEqualTo(Verdict.DROP);
    }

    @Test
    void sshBruteForceFourthNewConnectionWithin60sIsDropped() throws IOException {
        PolicyCompiler.Output o = example("webserver");
        Simulator s = sim(o, o.rulesV4());
        for (int i = 0; i < 3; i++) {
            assertThat(verdict(s, syn("203.0.113.5", HOST4, 22, 50000 + i, "eth0"))).as("attempt " + (i + 1))
                    .isEqualTo(Verdict.ACCEPT);
        }
        assertThat(verdict(s, syn("203.0.113.5", HOST4, 22, 50003, "eth0"))).as("attempt 4").isEqualTo(Verdict.DROP);
        assertThat(verdict(s, syn("203.0.113.6", HOST4, 22, 50004, "eth0"))).as("another source is not affected")
                .isEqualTo(Verdict.ACCEPT);
    }

    @Test
    void pathMtuIcmpPassesAndEchoIsRateLimited() throws IOException {
        PolicyCompiler.Output o = example("webserver");
        Simulator s = sim(o, o.rulesV4());
        // fragmentation-needed about a connection this host opened: RELATED, accepted
        Packet out = Packet.builder(HOST4, IpAddress.parse("192.0.2.1"), TCP).out("eth0").sport(41000).dport(443)
                .tcpFlags(Packet.SYN).build();
        assertThat(verdict(s, out)).isEqualTo(Verdict.ACCEPT);
        Packet fragNeeded = Packet.builder(IpAddress.parse("192.0.2.254"), HOST4, ICMP).in("eth0").icmpType(3).icmpCode(4)
                .embedded(out).build();
        assertThat(verdict(s, fragNeeded)).isEqualTo(Verdict.ACCEPT);
        // an unsolicited error matches no connection: conntrack calls it INVALID, and it is dropped
        Packet unsolicited = Packet.builder(IpAddress.parse("192.0.2.254"), HOST4, ICMP).in("eth0").icmpType(3).icmpCode(4)
                .build();
        assertThat(verdict(s, unsolicited)).isEqualTo(Verdict.DROP);
        int accepted = 0;
        for (int i = 0; i < 8; i++) {
            Packet ping = Packet.builder(IpAddress.parse("192.0.2.1"), HOST4, ICMP).in("eth0").icmpType(8).icmpCode(0)
                    .build();
            accepted += verdict(s, ping) == Verdict.ACCEPT ? 1 : 0;
        }
        assertThat(accepted).as("burst 5 at 1/second").isEqualTo(5);
    }

    @Test
    void ipv6GetsTheSameIntentWithNeighbourDiscovery() throws IOException {
        PolicyCompiler.Output o = example("webserver");
        Simulator s = sim(o, o.rulesV6());
        assertThat(verdict(s, syn("2001:db8:99::1", HOST6, 443, 40000, "eth0"))).isEqualTo(Verdict.ACCEPT);
        assertThat(verdict(s, syn("2001:db8:99::1", HOST6, 8080, 40001, "eth0"))).isEqualTo(Verdict.DROP);
        assertThat(verdict(s, syn("2001:db8:ad::5", HOST6, 22, 40002, "eth0"))).as("admin v6 network").isEqualTo(Verdict.ACCEPT);
        Packet ns = Packet.builder(IpAddress.parse("fe80::1"), HOST6, ICMPV6).in("eth0").icmpType(135).icmpCode(0)
                .ttl(255).build();
        assertThat(verdict(s, ns)).isEqualTo(Verdict.ACCEPT);
        Packet routedNs = Packet.builder(IpAddress.parse("2001:db8:99::1"), HOST6, ICMPV6).in("eth0").icmpType(135)
                .icmpCode(0).ttl(64).build();
        assertThat(verdict(s, routedNs)).as("ND from off-link (hop limit below 255)").isEqualTo(Verdict.DROP);
        Packet out = Packet.builder(HOST6, IpAddress.parse("2001:db8:99::1"), TCP).out("eth0").sport(41000).dport(443)
                .tcpFlags(Packet.SYN).build();
        assertThat(verdict(s, out)).isEqualTo(Verdict.ACCEPT);
        Packet tooBig = Packet.builder(IpAddress.parse("2001:db8:fe::1"), HOST6, ICMPV6).in("eth0").icmpType(2).icmpCode(0)
                .embedded(out).build();
        assertThat(verdict(s, tooBig)).as("packet-too-big for our connection").isEqualTo(Verdict.ACCEPT);
    }

    @Test
    void databaseIsReachableOnlyFromTheAppServers() throws IOException {
        PolicyCompiler.Output o = example("database");
        Simulator s = sim(o, o.rulesV4());
        assertThat(verdict(s, syn("10.0.1.7", HOST4, 5432, 40000, "eth1"))).isEqualTo(Verdict.ACCEPT);
        assertThat(verdict(s, syn("10.0.2.7", HOST4, 5432, 40001, "eth1"))).isEqualTo(Verdict.DROP);
        assertThat(verdict(s, syn("10.0.1.7", HOST4, 5432, 40002, "eth0"))).as("wrong interface").isEqualTo(Verdict.DROP);
        assertThat(verdict(s, syn("10.0.1.10", HOST4, 3306, 40003, "eth1"))).isEqualTo(Verdict.ACCEPT);
        assertThat(verdict(s, syn("10.0.1.12", HOST4, 3306, 40004, "eth1"))).isEqualTo(Verdict.DROP);
    }

    @Test
    void strictEgressAllowsOnlyTheAllowList() throws IOException {
        PolicyCompiler.Output o = example("strict-egress");
        Simulator s = sim(o, o.rulesV4());
        Packet dns = Packet.builder(HOST4, IpAddress.parse("1.1.1.1"), UDP).out("eth0").sport(40000).dport(53).build();
        Packet otherDns = Packet.builder(HOST4, IpAddress.parse("9.9.9.9"), UDP).out("eth0").sport(40001).dport(53).build();
        Packet smtp = Packet.builder(HOST4, IpAddress.parse("198.51.100.25"), TCP).out("eth0").sport(40002).dport(25)
                .tcpFlags(Packet.SYN).build();
        Packet submission = Packet.builder(HOST4, IpAddress.parse("198.51.100.25"), TCP).out("eth0").sport(40003).dport(587)
                .tcpFlags(Packet.SYN).build();
        assertThat(verdict(s, dns)).isEqualTo(Verdict.ACCEPT);
        assertThat(verdict(s, otherDns)).isEqualTo(Verdict.DROP);
        assertThat(verdict(s, smtp)).isEqualTo(Verdict.DROP);
        assertThat(verdict(s, submission)).isEqualTo(Verdict.ACCEPT);
    }

    @Test
    void officeGatewayForwardsOnlyWhatThePolicyForwards() throws IOException {
        PolicyCompiler.Output o = example("office-gateway");
        HostModel gateway = new HostModel(List.of(
                new HostModel.Interface("eth0", List.of(IpText.parsePrefix(Family.IPV4, "198.18.0.1/15")), List.of(HOST4)),
                new HostModel.Interface("eth1", List.of(IpText.parsePrefix(Family.IPV4, "192.168.1.1/24")),
                        List.of(IpAddress.parse("192.168.1.1")))), List.of());
        Simulator s = Simulator.builder(o.rulesV4()).ipsets(o.ipsets()).host(gateway).build();
        Packet out = Packet.builder(IpAddress.parse("192.168.1.50"), IpAddress.parse("192.0.2.80"), TCP).in("eth1").out("eth0")
                .sport(40000).dport(443).tcpFlags(Packet.SYN).build();
        assertThat(verdict(s, out)).isEqualTo(Verdict.ACCEPT);
        Packet in = Packet.builder(IpAddress.parse("192.0.2.80"), IpAddress.parse("192.168.1.50"), TCP).in("eth0").out("eth1")
                .sport(40001).dport(22).tcpFlags(Packet.SYN).build();
        assertThat(verdict(s, in)).as("no new connections from outside into the LAN").isEqualTo(Verdict.DROP);
        Packet forwarded = Packet.builder(IpAddress.parse("192.0.2.81"), HOST4, TCP).in("eth0").out("eth1")
                .sport(40002).dport(8080).tcpFlags(Packet.SYN).build();
        TraceResult t = s.process(forwarded);
        assertThat(t.verdict()).as("port forward 8080 -> 192.168.1.100:80").isEqualTo(Verdict.ACCEPT);
        assertThat(t.nat()).isNotNull();
        Packet direct = Packet.builder(IpAddress.parse("192.0.2.81"), IpAddress.parse("192.168.1.100"), TCP).in("eth0")
                .out("eth1").sport(40003).dport(80).tcpFlags(Packet.SYN).build();
        assertThat(verdict(s, direct)).as("the internal server is reachable only through the DNAT").isEqualTo(Verdict.DROP);
    }

    @Test
    void dockerUserDropsPublishedPortsFromOtherSources() throws IOException {
        PolicyCompiler.Output o = example("docker-host");
        Simulator s = sim(o, o.rulesV4());
        Packet outsider = Packet.builder(IpAddress.parse("203.0.113.9"), IpAddress.parse("172.17.0.2"), TCP).in("eth0")
                .out("docker0").sport(40000).dport(6379).tcpFlags(Packet.SYN).build();
        TraceResult t = s.process(outsider);
        assertThat(t.verdict()).isEqualTo(Verdict.DROP);
        assertThat(t.decidedBy().chain()).isEqualTo("DOCKER-USER");
        Packet insider = Packet.builder(IpAddress.parse("10.1.2.3"), IpAddress.parse("172.17.0.2"), TCP).in("eth0")
                .out("docker0").sport(40001).dport(6379).tcpFlags(Packet.SYN).build();
        assertThat(s.process(insider).decidedBy().chain()).as("allowed source returns to Docker's chains")
                .isNotEqualTo("DOCKER-USER");
    }
}
