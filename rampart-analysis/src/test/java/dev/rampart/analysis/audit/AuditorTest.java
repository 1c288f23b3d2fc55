package dev.rampart.analysis.audit;

import static dev.rampart.analysis.audit.AuditFixtures.context;
import static dev.rampart.analysis.audit.AuditFixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The auditor: report order, and findings on rules with unmodelled parts marked approximate. */
class AuditorTest {
    private static final String RULES = "*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n"
            + "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n-A INPUT -m frobnicate --frob 3 -j LOG\n"
            + "-A INPUT -p tcp -j ACCEPT\nCOMMIT\n";

    @Test
    void findingsNamingARuleWithAnUnknownMatchAreApproximate() {
        List<Finding> findings = new Auditor().run(context(parse(RULES)));
        Finding log = findings.stream().filter(f -> f.checkId().equals("RA107")).findFirst().orElseThrow();
        assertThat(log.approximate()).isTrue();
        assertThat(log.approximations()).containsExactly(
                "filter INPUT rule 2 uses -m frobnicate, which Rampart keeps verbatim but does not model");
        Finding acceptAll = findings.stream().filter(f -> f.checkId().equals("RA118")).findFirst().orElseThrow();
        assertThat(acceptAll.approximate()).as("rule 3 is fully modelled").isFalse();
    }

    @Test
    void sortedBySeverityThenPosition() {
        List<Finding> findings = new Auditor().run(context(parse(RULES)));
        for (int i = 1; i < findings.size(); i++) {
            Finding a = findings.get(i - 1);
            Finding b = findings.get(i);
            assertThat(a.severity().compareTo(b.severity())).isLessThanOrEqualTo(0);
            if (a.severity() == b.severity() && a.primary().chain().equals(b.primary().chain())) {
                assertThat(a.primary().rule()).isLessThanOrEqualTo(b.primary().rule());
            }
        }
        assertThat(findings.get(0).severity()).isEqualTo(Severity.HIGH);
    }

    @Test
    void severityOrderAndParsing() {
        assertThat(Severity.HIGH.atLeast(Severity.MEDIUM)).isTrue();
        assertThat(Severity.INFO.atLeast(Severity.LOW)).isFalse();
        assertThat(Severity.parse("Medium")).isEqualTo(Severity.MEDIUM);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Severity.parse("critical"))
                .hasMessageContaining("high, medium, low or info");
    }
}
