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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RA125: generalisations, with the witness decided by the exception and matched by the broader rule. */
class GeneralisedRuleTest {
    final GeneralisedRule check = new GeneralisedRule();

    @Test
    void anAllowedHostBeforeItsBlockedNetworkIsAnException() {
        AuditedRuleset r = parse(filter("ACCEPT", "DROP", "ACCEPT",
                "-A INPUT -s 192.0.2.7/32 -p tcp -m tcp --dport 22 -j ACCEPT",
                "-A INPUT -s 192.0.2.0/24 -j DROP"));
        List<Finding> f = check.run(context(r));
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.severity()).isEqualTo(Severity.INFO);
            assertThat(refs(x)).containsExactly("filter INPUT rule 1", "filter INPUT rule 2");
            assertThat(x.message()).contains("is an exception to");
            assertThat(replay(r, x.witness()).decidedBy()).isEqualTo(counter(x.rules().get(0)));
            assertThat(matches(r, x.rules().get(1), x.witness())).isTrue();
        });
    }

    @Test
    void disjointRulesSameTargetsCatchAllsAndStateRulesAreNotReported() {
        assertThat(check.run(context(parse(filter("ACCEPT", "DROP", "ACCEPT",
                "-A INPUT -s 192.0.2.7/32 -j ACCEPT", "-A INPUT -s 198.51.100.0/24 -j DROP"))))).isEmpty();
        assertThat(check.run(context(parse(filter("ACCEPT", "DROP", "ACCEPT",
                "-A INPUT -s 192.0.2.7/32 -j DROP", "-A INPUT -s 192.0.2.0/24 -j DROP"))))).isEmpty();
        // every accept before a final catch-all DROP would be an "exception": the catch-all is the policy's job
        assertThat(check.run(context(parse(filter("ACCEPT", "DROP", "ACCEPT",
                "-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT", "-A INPUT -j DROP"))))).isEmpty();
        assertThat(runHardened(check)).isEmpty();
    }

    @Test
    void atMostTwentyPerChainThenANote() {
        List<String> rules = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            rules.add("-A INPUT -s 192.0.2." + i + "/32 -j ACCEPT");
        }
        rules.add("-A INPUT -s 192.0.2.0/24 -j DROP");
        List<Finding> f = check.run(context(parse(filter("ACCEPT", "DROP", "ACCEPT", rules.toArray(new String[0])))));
        assertThat(f.stream().filter(x -> x.severity() == Severity.INFO && x.witness() != null)).hasSize(RuleAnomalies.MAX_FINDINGS);
        assertThat(f.stream().filter(x -> x.witness() == null)).singleElement()
                .satisfies(x -> assertThat(x.message()).contains("at most 20 are listed"));
    }
}
