package dev.rampart.analysis.audit.checks;

import static dev.rampart.analysis.audit.AuditFixtures.context;
import static dev.rampart.analysis.audit.AuditFixtures.parse;
import static dev.rampart.analysis.audit.AuditFixtures.parse6;
import static dev.rampart.analysis.audit.AuditFixtures.runHardened;
import static dev.rampart.analysis.audit.checks.PacketFindings.counter;
import static dev.rampart.analysis.audit.checks.PacketFindings.filter;
import static dev.rampart.analysis.audit.checks.PacketFindings.refs;
import static dev.rampart.analysis.audit.checks.PacketFindings.replay;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.Severity;
import dev.rampart.model.Family;
import dev.rampart.sim.engine.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RA129: IPv6 more permissive than IPv4. The IPv6 witness is accepted by the named IPv6 rule; the same
 * packet's IPv4 twin (same protocol and port, the source the IPv4 rule refuses) is not accepted.
 */
class Ipv6MorePermissiveTest {
    final Ipv6MorePermissive check = new Ipv6MorePermissive();

    @Test
    void postgresRestrictedOverIpv4ButOpenOverIpv6() {
        AuditedRuleset v4 = parse(filter("DROP", "DROP", "ACCEPT",
                "-A INPUT -s 198.51.100.0/24 -p tcp -m tcp --dport 5432 -j ACCEPT",
                "-A INPUT -p tcp -m tcp --dport 80 -j ACCEPT"));
        AuditedRuleset v6 = parse6(filter("DROP", "DROP", "ACCEPT",
                "-A INPUT -p tcp -m tcp --dport 80 -j ACCEPT",
                "-A INPUT -p tcp -m tcp --dport 5432 -j ACCEPT"));
        List<Finding> f = check.run(context(v4, v6));
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(refs(x)).containsExactly("filter INPUT rule 2", "filter INPUT policy");
            assertThat(x.rules().get(0).family()).isEqualTo(Family.IPV6);
            assertThat(x.rules().get(1).family()).isEqualTo(Family.IPV4);
            assertThat(x.message()).startsWith("tcp port 5432: IPv6 accepts new connections from anywhere")
                    .contains("IPv4 only from 256 addresses (of all IPv4 addresses)");
            assertThat(x.witness().family()).isEqualTo(Family.IPV6);
            assertThat(x.witness().dport()).isEqualTo(5432);
            assertThat(replay(v6, x.witness()).verdict()).isEqualTo(Verdict.ACCEPT);
            assertThat(replay(v6, x.witness()).decidedBy()).isEqualTo(counter(x.rules().get(0)));
        });
    }

    @Test
    void anOpenIpv6PolicyIsOneFindingPerProtocolAndPortRange() {
        AuditedRuleset v4 = parse(filter("DROP", "DROP", "ACCEPT", "-A INPUT -i lo -j ACCEPT"));
        AuditedRuleset v6 = parse6(filter("ACCEPT", "ACCEPT", "ACCEPT", "-A INPUT -i lo -j ACCEPT"));
        List<Finding> f = check.run(context(v4, v6));
        assertThat(f).extracting(x -> x.message().substring(0, x.message().indexOf(':')))
                .containsExactly("tcp ports 0-65535", "udp ports 0-65535");
        assertThat(f.get(0).message()).contains("IPv4 accepts them from no source");
    }

    @Test
    void sameRestrictionsOrOneFamilyOnlyAreFine() {
        assertThat(runHardened(check)).isEmpty();
        AuditedRuleset v4 = parse(filter("DROP", "DROP", "ACCEPT", "-A INPUT -p tcp -m tcp --dport 80 -j ACCEPT"));
        assertThat(check.run(context(v4))).isEmpty();
        // IPv6 stricter than IPv4 is not this check's business
        AuditedRuleset v6 = parse6(filter("DROP", "DROP", "ACCEPT", "-A INPUT -s 2001:db8::/32 -p tcp -m tcp --dport 80 -j ACCEPT"));
        assertThat(check.run(context(v4, v6))).isEmpty();
    }
}
