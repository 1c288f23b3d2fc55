package dev.rampart.analysis.audit.host;

import static dev.rampart.analysis.audit.host.HostFixtures.V4;
import static dev.rampart.analysis.audit.host.HostFixtures.hardened;
import static dev.rampart.analysis.audit.host.HostFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.Family;
import java.util.List;
import org.junit.jupiter.api.Test;

class BothBackendsHoldRulesTest {
    private final BothBackendsHoldRules check = new BothBackendsHoldRules();

    private static HostFacts facts(String active, BackendRules... b) {
        return new HostFacts(new Sysctls(hardened()), "debian", List.of(), null, List.of(b), active);
    }

    @Test
    void rulesInBothBackendsPointAtTheHiddenOne() {
        HostFacts h = facts("nf_tables", new BackendRules("legacy", Family.IPV4, "iptables-legacy-save", 1, 0, 0),
                new BackendRules("nf_tables", Family.IPV4, "iptables-nft-save", 2, 0, 1));
        assertThat(run(check, h, V4)).singleElement().satisfies(f -> {
            assertThat(f.location()).isEqualTo("iptables-legacy");
            assertThat(f.message()).contains("legacy (iptables-legacy-save: 1 rule, 0 user chains, 0 policies not ACCEPT)")
                    .contains("'iptables' shows only the nf_tables one");
            assertThat(f.fix()).contains("iptables-legacy-save | iptables-nft-restore --noflush");
        });
        HostFacts legacyActive = facts("legacy", new BackendRules("legacy", Family.IPV6, "ip6tables-legacy-save", 1, 0, 0),
                new BackendRules("nf_tables", Family.IPV6, "ip6tables-nft-save", 0, 1, 0));
        assertThat(run(check, legacyActive, V4)).singleElement()
                .satisfies(f -> assertThat(f.location()).isEqualTo("ip6tables-nft"));
    }

    @Test
    void oneBackendOrEmptyDefaultsIsFine() {
        assertThat(run(check, facts("nf_tables", new BackendRules("legacy", Family.IPV4, "iptables-legacy-save", 0, 0, 0),
                new BackendRules("nf_tables", Family.IPV4, "iptables-nft-save", 5, 1, 1)), V4)).isEmpty();
        assertThat(run(check, facts("nf_tables"), V4)).isEmpty();
    }
}
