package dev.rampart.analysis.audit.checks;

import static dev.rampart.analysis.audit.AuditFixtures.context;
import static dev.rampart.analysis.audit.AuditFixtures.parse;
import static dev.rampart.analysis.audit.AuditFixtures.runHardened;
import static dev.rampart.analysis.audit.checks.PacketFindings.counter;
import static dev.rampart.analysis.audit.checks.PacketFindings.filter;
import static dev.rampart.analysis.audit.checks.PacketFindings.refs;
import static dev.rampart.analysis.audit.checks.PacketFindings.replay;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.Severity;
import dev.rampart.sim.engine.TraceResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RA124: redundant rules. Each witness is replayed twice: through the ruleset, and through the ruleset
 * with the redundant rule deleted (as the fix says); the verdict is the same.
 */
class RedundantRuleTest {
    final RedundantRule check = new RedundantRule();

    /** {@code text} without the line of rule {@code number} of {@code chain}. */
    static String without(String text, String chain, int number) {
        StringBuilder sb = new StringBuilder();
        int k = 0;
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("-A " + chain + " ") && ++k == number) {
                continue;
            }
            sb.append(line).append('\n');
        }
        return sb.toString().replaceAll("\n+$", "\n");
    }

    static void assertDeletionChangesNothing(String text, Finding f) {
        AuditedRuleset r = parse(text);
        AuditedRuleset deleted = parse(without(text, f.rules().get(0).chain(), f.rules().get(0).rule()));
        TraceResult before = replay(r, f.witness());
        TraceResult after = replay(deleted, f.witness());
        assertThat(after.verdict()).as("%s", f.witness()).isEqualTo(before.verdict());
    }

    @Test
    void aDropCoveredByAnEarlierDropIsRedundant() {
        String text = filter("DROP", "DROP", "ACCEPT",
                "-A INPUT -s 192.0.2.0/24 -j DROP",
                "-A INPUT -s 192.0.2.7/32 -p tcp -m tcp --dport 22 -j DROP",
                "-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT");
        List<Finding> f = check.run(context(parse(text)));
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.severity()).isEqualTo(Severity.LOW);
            assertThat(refs(x)).containsExactly("filter INPUT rule 2", "filter INPUT rule 1");
            assertThat(x.fix()).isEqualTo("iptables -D INPUT 2");
            assertThat(x.message()).contains("decided earlier with the same target DROP");
            assertThat(replay(parse(text), x.witness()).decidedBy()).isEqualTo(counter(x.rules().get(1)));
            assertDeletionChangesNothing(text, x);
        });
    }

    @Test
    void aDropThatTheRestOfTheChainWouldDropAnywayIsRedundant() {
        // rule 2 decides packets from 198.51.100.0/24 to port 23, but nothing after it accepts them: the
        // policy drops them anyway
        String text = filter("DROP", "DROP", "ACCEPT",
                "-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT",
                "-A INPUT -s 198.51.100.0/24 -p tcp -m tcp --dport 23 -j DROP",
                "-A INPUT -p tcp -m tcp --dport 80 -j ACCEPT");
        List<Finding> f = check.run(context(parse(text)));
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(refs(x)).containsExactly("filter INPUT rule 2", "filter INPUT policy");
            assertThat(x.message()).contains("would get the same target");
            assertThat(replay(parse(text), x.witness()).decidedBy()).isEqualTo(counter(x.rules().get(0)));
            assertDeletionChangesNothing(text, x);
        });
    }

    @Test
    void aRuleThatChangesSomePacketsFateIsKept() {
        // rule 2 drops what rule 3 would accept
        assertThat(check.run(context(parse(filter("DROP", "DROP", "ACCEPT",
                "-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT",
                "-A INPUT -s 198.51.100.0/24 -p tcp -m tcp --dport 80 -j DROP",
                "-A INPUT -p tcp -m tcp --dport 80 -j ACCEPT"))))).isEmpty();
        // REJECT and DROP are different fates
        assertThat(check.run(context(parse(filter("DROP", "DROP", "ACCEPT",
                "-A INPUT -p tcp -m tcp --dport 23 -j REJECT --reject-with tcp-reset"))))).isEmpty();
        assertThat(runHardened(check)).isEmpty();
    }

    @Test
    void aFinalCatchAllRestatingThePolicyIsAcceptedStyle() {
        assertThat(check.run(context(parse(filter("DROP", "DROP", "ACCEPT",
                "-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT", "-A INPUT -j DROP"))))).isEmpty();
    }
}
