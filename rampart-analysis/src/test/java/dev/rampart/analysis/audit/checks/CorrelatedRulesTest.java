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
import dev.rampart.sim.engine.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RA126: correlated rules, with the witness in the overlap decided by the earlier rule. */
class CorrelatedRulesTest {
    final CorrelatedRules check = new CorrelatedRules();

    @Test
    void aTrustedNetworkAndABlockedPortOverlap() {
        AuditedRuleset r = parse(filter("DROP", "DROP", "ACCEPT",
                "-A INPUT -s 192.0.2.0/24 -j ACCEPT",
                "-A INPUT -p tcp -m tcp --dport 23 -j REJECT --reject-with tcp-reset",
                "-A INPUT -p tcp -m tcp --dport 80 -j ACCEPT"));
        List<Finding> f = check.run(context(r));
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(refs(x)).containsExactly("filter INPUT rule 1", "filter INPUT rule 2");
            assertThat(x.message()).contains("overlap partly");
            assertThat(x.witness().dport()).isEqualTo(23);
            assertThat(replay(r, x.witness()).verdict()).isEqualTo(Verdict.ACCEPT);
            assertThat(replay(r, x.witness()).decidedBy()).isEqualTo(counter(x.rules().get(0)));
            assertThat(matches(r, x.rules().get(1), x.witness())).isTrue();
        });
    }

    @Test
    void anOverlapThatEarlierRulesTakeDoesNotCount() {
        // the overlap of rules 2 and 3 (192.0.2.0/24 to port 23) is dropped by rule 1 first
        assertThat(check.run(context(parse(filter("DROP", "DROP", "ACCEPT",
                "-A INPUT -s 192.0.2.0/24 -p tcp -m tcp --dport 23 -j DROP",
                "-A INPUT -s 192.0.2.0/24 -j ACCEPT",
                "-A INPUT -p tcp -m tcp --dport 23 -j REJECT --reject-with tcp-reset",
                "-A INPUT -p tcp -m tcp --dport 80 -j ACCEPT")))))
                .noneMatch(x -> refs(x).equals(List.of("filter INPUT rule 2", "filter INPUT rule 3")));
        assertThat(check.run(context(parse(filter("DROP", "DROP", "ACCEPT",
                "-A INPUT -s 192.0.2.0/24 -j ACCEPT", "-A INPUT -s 198.51.100.0/24 -p tcp -j DROP"))))).isEmpty();
        assertThat(runHardened(check)).isEmpty();
    }
}
