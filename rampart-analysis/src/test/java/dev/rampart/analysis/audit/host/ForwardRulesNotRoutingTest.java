package dev.rampart.analysis.audit.host;

import static dev.rampart.analysis.audit.host.HostFixtures.V4;
import static dev.rampart.analysis.audit.host.HostFixtures.facts;
import static dev.rampart.analysis.audit.host.HostFixtures.hardened;
import static dev.rampart.analysis.audit.host.HostFixtures.run;
import static dev.rampart.analysis.audit.host.HostFixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.analysis.audit.Severity;
import org.junit.jupiter.api.Test;

class ForwardRulesNotRoutingTest {
    private final ForwardRulesNotRouting check = new ForwardRulesNotRouting();

    @Test
    void forwardRulesWithForwardingOffIsInfo() {
        assertThat(run(check, facts(hardened()), ForwardingUnfilteredTest.OPEN)).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.INFO);
            assertThat(f.message()).startsWith("net.ipv4.ip_forward = 0 but filter FORWARD holds 1 rule");
            assertThat(f.rules().get(0).describe()).isEqualTo("filter FORWARD rule 1");
        });
    }

    @Test
    void silentWhenForwardingIsOnOrForwardIsEmpty() {
        assertThat(run(check, facts(with("net.ipv4.ip_forward=1")), ForwardingUnfilteredTest.OPEN)).isEmpty();
        assertThat(run(check, facts(hardened()), V4)).isEmpty();
    }
}
