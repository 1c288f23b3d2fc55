package dev.rampart.analysis.audit.checks;

import static dev.rampart.analysis.audit.AuditFixtures.context;
import static dev.rampart.analysis.audit.AuditFixtures.parse;
import static dev.rampart.analysis.audit.AuditFixtures.runHardened;
import static dev.rampart.analysis.audit.checks.PacketFindings.counter;
import static dev.rampart.analysis.audit.checks.PacketFindings.filter;
import static dev.rampart.analysis.audit.checks.PacketFindings.matches;
import static dev.rampart.analysis.audit.checks.PacketFindings.refs;
import static dev.rampart.analysis.audit.checks.PacketFindings.replay;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.Severity;
import dev.rampart.sim.engine.TraceResult;
import dev.rampart.sim.engine.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RA123: shadowed rules, found over the packet space, with witnesses replayed through the simulator. */
class ShadowedRuleTest {
    final ShadowedRule check = new ShadowedRule();

    @Test
    void anAcceptBehindTwoDropsThatTogetherCoverItIsShadowedByBoth() {
        // neither DROP is unconditional (RA109 stays silent); together they take every packet of rule 3
        AuditedRuleset r = parse(filter("ACCEPT", "DROP", "ACCEPT",
                "-A INPUT -s 0.0.0.0/1 -j DROP",
                "-A INPUT -s 128.0.0.0/1 -j REJECT --reject-with icmp-port-unreachable",
                "-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT"));
        List<Finding> f = check.run(context(r));
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(refs(x)).containsExactlyInAnyOrder("filter INPUT rule 3", "filter INPUT rule 1", "filter INPUT rule 2");
            assertThat(refs(x).get(0)).isEqualTo("filter INPUT rule 3");
            assertThat(x.message()).contains("never decides a packet").contains("-A INPUT -s 0.0.0.0/1 -j DROP");
            assertThat(x.fix()).contains("iptables -D INPUT 3").contains("iptables -I INPUT 1 -p tcp -m tcp --dport 22 -j ACCEPT");
            assertThat(x.approximate()).isFalse();
            TraceResult t = replay(r, x.witness());
            assertThat(t.verdict()).isIn(Verdict.DROP, Verdict.REJECT);
            assertThat(List.of(counter(x.rules().get(1)), counter(x.rules().get(2)))).contains(t.decidedBy());
            assertThat(matches(r, x.rules().get(0), x.witness())).isTrue();
        });
    }

    @Test
    void aRuleInAUserChainShadowedByAnEarlierJumpTargetIsFound() {
        AuditedRuleset r = parse(filter("DROP", "DROP", "ACCEPT", ":BLOCK - [0:0]",
                "-A INPUT -s 192.0.2.0/24 -j BLOCK",
                "-A INPUT -s 192.0.2.7/32 -p tcp -m tcp --dport 22 -j ACCEPT",
                "-A BLOCK -j DROP").replace(":OUTPUT ACCEPT [0:0]\n:BLOCK - [0:0]\n", ":OUTPUT ACCEPT [0:0]\n:BLOCK - [0:0]\n"));
        List<Finding> f = check.run(context(r));
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(refs(x)).containsExactly("filter INPUT rule 2", "filter BLOCK rule 1");
            TraceResult t = replay(r, x.witness());
            assertThat(t.decidedBy()).isEqualTo(counter(x.rules().get(1)));
            assertThat(x.witness().src().toString()).isEqualTo("192.0.2.7");
        });
    }

    @Test
    void sameVerdictOrPartialOverlapIsNotShadowing() {
        // rule 2 is covered by rule 1 with the same target: redundant (RA124), not shadowed
        assertThat(check.run(context(parse(filter("ACCEPT", "DROP", "ACCEPT",
                "-A INPUT -s 192.0.2.0/24 -j DROP", "-A INPUT -s 192.0.2.7/32 -j DROP"))))).isEmpty();
        // rule 2 keeps the packets from other sources: it decides something
        assertThat(check.run(context(parse(filter("ACCEPT", "DROP", "ACCEPT",
                "-A INPUT -s 192.0.2.0/24 -j DROP", "-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT"))))).isEmpty();
        assertThat(runHardened(check)).isEmpty();
    }

    @Test
    void aRuleWhoseMatchIsApproximatedIsNotJudged() {
        // -m recent is not modelled: whether rule 2 ever acts cannot be decided, so nothing is claimed
        assertThat(check.run(context(parse(filter("ACCEPT", "DROP", "ACCEPT",
                "-A INPUT -p tcp -j DROP",
                "-A INPUT -p tcp -m tcp --dport 22 -m recent --rcheck --name X --mask 255.255.255.255 --rsource -j ACCEPT"))))).isEmpty();
    }
}
