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

    private static HostFacts facts(Backend active, BackendRules... b) {
        return new HostFacts(new Sysctls(hardened()), "debian", List.of(), null, List.of(b), active);
    }

    @Test
    void rulesInBothBackendsPointAtTheHiddenOne() {
        HostFacts h = facts(Backend.NF_TABLES, new BackendRules(Backend.LEGACY, Family.IPV4, "iptables-legacy-save", 1, 0, 0),
                new BackendRules(Backend.NF_TABLES, Family.IPV4, "iptables-nft-save", 2, 0, 1));
        assertThat(run(check, h, V4)).singleElement().satisfies(f -> {
            assertThat(f.location()).isEqualTo("iptables-legacy");
            assertThat(f.message()).contains("legacy (iptables-legacy-save: 1 rule, 0 user chains, 0 policies not ACCEPT)")
                    .contains("'iptables' shows only the nf_tables one");
            assertThat(f.fix()).contains("iptables-legacy-save | iptables-nft-restore --noflush");
        });
        HostFacts legacyActive = facts(Backend.LEGACY, new BackendRules(Backend.LEGACY, Family.IPV6, "ip6tables-legacy-save", 1, 0, 0),
                new BackendRules(Backend.NF_TABLES, Family.IPV6, "ip6tables-nft-save", 0, 1, 0));
        assertThat(run(check, legacyActive, V4)).isEmpty();
        assertThat(run(check, legacyActive, V4, RouterAdvertisementsAcceptedTest.OPEN_V6)).singleElement()
                .satisfies(f -> assertThat(f.location()).isEqualTo("ip6tables-nft"));
    }

    @Test
    void oneBackendOrEmptyDefaultsIsFine() {
        assertThat(run(check, facts(Backend.NF_TABLES, new BackendRules(Backend.LEGACY, Family.IPV4, "iptables-legacy-save", 0, 0, 0),
                new BackendRules(Backend.NF_TABLES, Family.IPV4, "iptables-nft-save", 5, 1, 1)), V4)).isEmpty();
        assertThat(run(check, facts(Backend.NF_TABLES), V4)).isEmpty();
    }
}
