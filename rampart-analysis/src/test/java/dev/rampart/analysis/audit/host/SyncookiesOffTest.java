package dev.rampart.analysis.audit.host;

import static dev.rampart.analysis.audit.host.HostFixtures.V4;
import static dev.rampart.analysis.audit.host.HostFixtures.facts;
import static dev.rampart.analysis.audit.host.HostFixtures.hardened;
import static dev.rampart.analysis.audit.host.HostFixtures.run;
import static dev.rampart.analysis.audit.host.HostFixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.analysis.audit.AuditContext;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyncookiesOffTest {
    private final SyncookiesOff check = new SyncookiesOff();

    @Test
    void reportsCookiesOffWithTheSysctlFix() {
        List<Finding> f = run(check, facts(with("net.ipv4.tcp_syncookies=0")), V4);
        assertThat(f).hasSize(1);
        assertThat(f.get(0).severity()).isEqualTo(Severity.MEDIUM);
        assertThat(f.get(0).location()).isEqualTo("net.ipv4.tcp_syncookies");
        assertThat(f.get(0).rules()).isEmpty();
        assertThat(f.get(0).fix()).startsWith("sysctl -w net.ipv4.tcp_syncookies=1\n")
                .contains("/etc/sysctl.d/90-rampart.conf").endsWith("net.ipv4.tcp_syncookies = 1");
    }

    @Test
    void silentWhenOnOrAlwaysOrUnknown() {
        assertThat(run(check, facts(hardened()), V4)).isEmpty();
        assertThat(run(check, facts(with("net.ipv4.tcp_syncookies=2")), V4)).isEmpty();
        assertThat(run(check, facts(java.util.Map.of()), V4)).isEmpty();
    }

    @Test
    void silentWithoutHostFactsAsWhenAuditingFiles() {
        assertThat(check.run(new AuditContext(List.of(HostFixtures.live(V4, dev.rampart.model.Family.IPV4)), null)))
                .isEmpty();
    }
}
