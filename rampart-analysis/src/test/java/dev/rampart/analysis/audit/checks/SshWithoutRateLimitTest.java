package dev.rampart.analysis.audit.checks;

import static dev.rampart.analysis.audit.AuditFixtures.context;
import static dev.rampart.analysis.audit.AuditFixtures.parse;
import static dev.rampart.analysis.audit.AuditFixtures.runHardened;
import static dev.rampart.analysis.audit.checks.PacketFindings.filter;
import static dev.rampart.analysis.audit.checks.PacketFindings.refs;
import static dev.rampart.analysis.audit.checks.PacketFindings.replay;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.Severity;
import dev.rampart.model.TableName;
import dev.rampart.sim.engine.CounterRef;
import dev.rampart.sim.engine.TraceResult;
import dev.rampart.sim.engine.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RA127: SSH from anywhere without a rate limit; the witness SYN is accepted by the named rule. */
class SshWithoutRateLimitTest {
    final SshWithoutRateLimit check = new SshWithoutRateLimit();

    static void assertAcceptedSyn(AuditedRuleset r, Finding f, CounterRef by) {
        assertThat(f.witness().dport()).isEqualTo(22);
        assertThat(f.witness().in()).isNotNull().isNotEqualTo("lo");
        TraceResult t = replay(r, f.witness());
        assertThat(t.verdict()).isEqualTo(Verdict.ACCEPT);
        assertThat(t.decidedBy()).isEqualTo(by);
    }

    @Test
    void thePlainAcceptOfTheGuides() {
        AuditedRuleset r = parse(filter("DROP", "DROP", "ACCEPT",
                "-A INPUT -i lo -j ACCEPT",
                "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
                "-A INPUT -s 192.0.2.0/24 -j DROP",
                "-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT"));
        List<Finding> f = check.run(context(r));
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(refs(x)).containsExactly("filter INPUT rule 4");
            assertThat(x.message()).contains("99.99% of all IPv4 source addresses").contains("--dport 22 -j ACCEPT");
            assertThat(x.fix()).contains("iptables -I INPUT 4 -p tcp -m tcp --dport 22 -m conntrack --ctstate NEW -m recent --set --name SSH")
                    .contains("iptables -I INPUT 5 ").contains("--hitcount 4 --name SSH -j DROP");
            assertAcceptedSyn(r, x, new CounterRef(TableName.FILTER, "INPUT", 4));
        });
    }

    @Test
    void anOpenPolicyAcceptsSshToo() {
        AuditedRuleset r = parse(filter("ACCEPT", "ACCEPT", "ACCEPT", "-A INPUT -p tcp -m tcp --dport 23 -j DROP"));
        assertThat(check.run(context(r))).singleElement().satisfies(x -> {
            assertThat(refs(x)).containsExactly("filter INPUT policy");
            assertAcceptedSyn(r, x, CounterRef.policy(TableName.FILTER, "INPUT"));
        });
    }

    @Test
    void rateLimitsOnTheRuleOrOnTheJumpOrRestrictedSourcesAreFine() {
        assertThat(runHardened(check)).isEmpty();
        assertThat(check.run(context(parse(filter("DROP", "DROP", "ACCEPT",
                "-A INPUT -p tcp -m tcp --dport 22 -m hashlimit --hashlimit-upto 3/min --hashlimit-burst 5"
                        + " --hashlimit-mode srcip --hashlimit-name ssh -j ACCEPT"))))).isEmpty();
        assertThat(check.run(context(parse(filter("DROP", "DROP", "ACCEPT", ":SSH - [0:0]",
                "-A INPUT -p tcp -m tcp --dport 22 -j SSH",
                "-A SSH -m recent --update --seconds 60 --hitcount 4 --name SSH --mask 255.255.255.255 --rsource -j DROP",
                "-A SSH -j ACCEPT"))))).isEmpty();
        assertThat(check.run(context(parse(filter("DROP", "DROP", "ACCEPT",
                "-A INPUT -s 198.51.100.0/24 -p tcp -m tcp --dport 22 -j ACCEPT",
                "-A INPUT -i lo -j ACCEPT"))))).isEmpty();
        // half of the address space is the line: 0.0.0.0/1 is exactly half, and is reported
        assertThat(check.run(context(parse(filter("DROP", "DROP", "ACCEPT",
                "-A INPUT -s 0.0.0.0/2 -p tcp -m tcp --dport 22 -j ACCEPT"))))).isEmpty();
        assertThat(check.run(context(parse(filter("DROP", "DROP", "ACCEPT",
                "-A INPUT -s 0.0.0.0/1 -p tcp -m tcp --dport 22 -j ACCEPT"))))).hasSize(1);
    }
}
