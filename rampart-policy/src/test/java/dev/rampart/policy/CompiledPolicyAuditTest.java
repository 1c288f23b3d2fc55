package dev.rampart.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.analysis.audit.AuditContext;
import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.audit.Auditor;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.Severity;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * What the compiler writes passes Rampart's own audit: for every example policy, rules.v4 and rules.v6
 * audited together as one host (with the emitted ipsets) give no finding of medium severity or above.
 */
class CompiledPolicyAuditTest {
    @TestFactory
    Stream<DynamicTest> everyExamplePassesTheAuditWithoutMediumOrHighFindings() throws IOException {
        return Examples.all().stream().map(p -> DynamicTest.dynamicTest(Examples.name(p), () -> {
            PolicyCompiler.Output o = Examples.compile(p);
            AuditContext host = new AuditContext(List.of(new AuditedRuleset(o.rulesV4(), "rules.v4"),
                    new AuditedRuleset(o.rulesV6(), "rules.v6")), o.ipsets());
            List<Finding> findings = new Auditor().run(host);
            assertThat(findings).as(Examples.name(p) + " audit findings")
                    .noneMatch(f -> f.severity().atLeast(Severity.MEDIUM));
        }));
    }
}
