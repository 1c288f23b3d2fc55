package dev.rampart.analysis.audit.host;

import static dev.rampart.analysis.audit.host.HostFixtures.V4;
import static dev.rampart.analysis.audit.host.HostFixtures.facts;
import static dev.rampart.analysis.audit.host.HostFixtures.hardened;
import static dev.rampart.analysis.audit.host.HostFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.host.PersistedFile.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class PersistenceMissingTest {
    private final PersistenceMissing check = new PersistenceMissing();
    static final String EMPTY_V6 = "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n";
    static final String SETS = "create blocklist hash:net family inet hashsize 1024 maxelem 65536\n"
            + "add blocklist 192.0.2.0/24\n";

    static List<PersistedFile> files(String v4, String v6, String sets) {
        return List.of(new PersistedFile(Kind.IPV4_RULES, "/etc/iptables/rules.v4", v4),
                new PersistedFile(Kind.IPV6_RULES, "/etc/iptables/rules.v6", v6),
                new PersistedFile(Kind.IPSETS, "/etc/iptables/ipsets", sets));
    }

    @Test
    void liveRulesAndSetsWithoutFiles() {
        List<Finding> f = run(check, facts(hardened(), files(null, null, null), SETS), V4, EMPTY_V6);
        assertThat(f).extracting(Finding::location).containsExactly("/etc/iptables/rules.v4", "/etc/iptables/ipsets");
        assertThat(f.get(0).message()).contains("live IPv4 ruleset (2 rules) is not persisted")
                .contains("(debian layout) does not exist");
        assertThat(f.get(0).fix()).startsWith("rampart persist --layout debian");
    }

    @Test
    void emptyRulesetsAndExistingFilesNeedNothing() {
        assertThat(run(check, facts(hardened(), files(null, null, null), ""), EMPTY_V6.replace("6", "4"), EMPTY_V6))
                .isEmpty();
        assertThat(run(check, facts(hardened(), files("x", "y", "z"), SETS), V4, EMPTY_V6)).isEmpty();
    }
}
