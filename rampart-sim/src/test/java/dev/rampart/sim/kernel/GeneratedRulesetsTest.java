package dev.rampart.sim.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.Family;
import dev.rampart.model.net.IpAddress;
import dev.rampart.model.net.IpPrefix;
import dev.rampart.sim.packet.Packet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The generator without a kernel: reproducible, parseable, and inside the address plan. */
class GeneratedRulesetsTest {

    private static IpPrefix prefix(String text) {
        String[] parts = text.split("/");
        IpAddress a = IpAddress.parse(parts[0]);
        int len = Integer.parseInt(parts[1]);
        return a.family() == Family.IPV4 ? IpPrefix.ipv4((int) a.lo(), len) : IpPrefix.ipv6(a.hi(), a.lo(), len);
    }

    private static List<Packet> packets(KernelDifferential.Case c) {
        return c.steps().stream().map(s -> ((PacketLines.Send) s).packet()).toList();
    }

    @Test
    void theSameSeedGivesTheSameCase() {
        for (long seed = 1; seed < 30; seed++) {
            KernelDifferential.Case a = GeneratedRulesets.generate(seed, 20);
            KernelDifferential.Case b = GeneratedRulesets.generate(seed, 20);
            assertThat(a.rules()).isEqualTo(b.rules());
            assertThat(packets(a)).isEqualTo(packets(b));
        }
        assertThat(GeneratedRulesets.generate(1, 5).rules()).isNotEqualTo(GeneratedRulesets.generate(2, 5).rules());
    }

    @Test
    void everyGeneratedRulesetParsesWithoutErrors() {
        for (long seed = 0; seed < 300; seed++) {
            KernelDifferential.Case c = GeneratedRulesets.generate(seed, 1);
            assertThat(KernelDifferential.parseRules(c.name(), c.family(), c.rules()).ruleCount()).isPositive();
        }
    }

    @Test
    void packetsComeFromDocumentationRangesToTheFirewallsLocalRange() {
        List<IpPrefix> sources4 = List.of(prefix("192.0.2.0/24"), prefix("198.51.100.0/24"),
                prefix("203.0.113.0/24"));
        IpPrefix sources6 = prefix("2001:db8::/32");
        IpPrefix local4 = prefix(GeneratedRulesets.LOCAL_V4);
        IpPrefix local6 = prefix(GeneratedRulesets.LOCAL_V6);
        boolean sawV6 = false;
        for (long seed = 0; seed < 100; seed++) {
            KernelDifferential.Case c = GeneratedRulesets.generate(seed, 60);
            sawV6 |= c.family() == Family.IPV6;
            for (Packet p : packets(c)) {
                IpAddress s = p.src();
                if (p.family() == Family.IPV4) {
                    assertThat(sources4.stream().anyMatch(s::in)).as("source %s", s).isTrue();
                    assertThat(p.dst().in(local4)).as("destination %s", p.dst()).isTrue();
                } else {
                    assertThat(s.in(sources6) && !s.in(prefix("2001:db8:18::/48"))).as("source %s", s).isTrue();
                    assertThat(p.dst().in(local6)).as("destination %s", p.dst()).isTrue();
                }
                assertThat(p.in()).isEqualTo("eth0");
                assertThat(p.length()).isBetween(20, 1500);
            }
        }
        assertThat(sawV6).isTrue();
    }

    @Test
    void packetsSitOnRuleBoundaries() {
        // a rule with a port range a:b must see packets with ports a and b among the packets
        int hits = 0;
        for (long seed = 0; seed < 50; seed++) {
            KernelDifferential.Case c = GeneratedRulesets.generate(seed, 60);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("--dport (\\d+):(\\d+)").matcher(c.rules());
            List<Packet> ps = packets(c);
            while (m.find()) {
                int lo = Integer.parseInt(m.group(1));
                int hi = Integer.parseInt(m.group(2));
                if (ps.stream().anyMatch(p -> p.dport() == lo || p.dport() == hi || p.dport() == lo - 1
                        || p.dport() == hi + 1)) {
                    hits++;
                }
            }
        }
        assertThat(hits).as("port ranges whose ends or neighbours some packet uses").isGreaterThan(20);
    }
}
