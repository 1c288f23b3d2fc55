package dev.rampart.analysis.audit.host;

import static dev.rampart.analysis.audit.host.HostFixtures.facts;
import static dev.rampart.analysis.audit.host.HostFixtures.live;
import static dev.rampart.analysis.audit.host.HostFixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rampart.analysis.audit.AuditContext;
import dev.rampart.analysis.audit.Auditor;
import dev.rampart.analysis.audit.CheckCatalog;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.report.AuditJson;
import dev.rampart.analysis.audit.report.AuditSarif;
import dev.rampart.analysis.audit.report.AuditText;
import dev.rampart.model.Family;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Host findings in the three report formats: located at the parameter, file or backend. */
class HostFindingReportTest {
    private static List<Finding> findings() {
        HostFacts host = new HostFacts(new Sysctls(with("net.ipv4.tcp_syncookies=0", "net.ipv4.ip_forward=1",
                "net.ipv4.conf.all.send_redirects=1", "net.ipv4.conf.eth0.forwarding=1")), "debian",
                PersistenceMissingTest.files(null, null, null), null,
                List.of(new BackendRules(Backend.LEGACY, Family.IPV4, "iptables-legacy-save", 1, 0, 0),
                        new BackendRules(Backend.NF_TABLES, Family.IPV4, "iptables-nft-save", 2, 0, 0)), Backend.NF_TABLES);
        return new Auditor(CheckCatalog.all().stream().filter(c -> c.id().compareTo("RA130") >= 0).toList())
                .run(new AuditContext(List.of(live(ForwardingUnfilteredTest.OPEN, Family.IPV4)), null, host));
    }

    @Test
    void textHeadlinesNameTheLocationAndRulesAsAlso() {
        String text = AuditText.of(findings());
        assertThat(text).contains("net.ipv4.ip_forward: high RA132: net.ipv4.ip_forward = 1 and filter FORWARD has "
                + "policy ACCEPT")
                .contains("  also: <live iptables-save>:3 (filter FORWARD policy)")
                .contains("net.ipv4.tcp_syncookies: medium RA130:")
                .contains("/etc/iptables/rules.v4: medium RA136:")
                .contains("iptables-legacy: medium RA138:")
                .contains("net.ipv4.conf.all.send_redirects: low RA135:");
        // high first
        assertThat(text.indexOf("RA132")).isLessThan(text.indexOf("RA130"));
    }

    @Test
    void jsonHasTheLocationMember() {
        JsonNode all = AuditJson.of(findings()).get("findings");
        assertThat(all).hasSize(5);
        for (JsonNode f : all) {
            assertThat(f.get("location").asText()).isNotEmpty();
        }
        JsonNode fwd = all.get(0);
        assertThat(fwd.get("id").asText()).isEqualTo("RA132");
        assertThat(fwd.get("location").asText()).isEqualTo("net.ipv4.ip_forward");
        assertThat(fwd.get("rules").get(0).get("policy").asBoolean()).isTrue();
    }

    @Test
    void sarifLocatesFilesParametersAndBackends() {
        JsonNode results = AuditSarif.of(CheckCatalog.all(), findings(), "test").get("runs").get(0).get("results");
        for (JsonNode r : results) {
            JsonNode loc = r.get("locations").get(0);
            String id = r.get("ruleId").asText();
            String uri = loc.path("physicalLocation").path("artifactLocation").path("uri").asText();
            switch (id) {
                case "RA130" -> assertThat(uri).isEqualTo("file:///proc/sys/net/ipv4/tcp_syncookies");
                case "RA136" -> assertThat(uri).isEqualTo("file:///etc/iptables/rules.v4");
                case "RA138" -> {
                    assertThat(loc.has("physicalLocation")).isFalse();
                    assertThat(loc.get("logicalLocations").get(0).get("name").asText()).isEqualTo("iptables-legacy");
                }
                case "RA132" -> {
                    assertThat(uri).isEqualTo("file:///proc/sys/net/ipv4/ip_forward");
                    assertThat(loc.get("logicalLocations").get(0).get("kind").asText()).isEqualTo("variable");
                    assertThat(r.get("relatedLocations").get(0).get("logicalLocations").get(0)
                            .get("fullyQualifiedName").asText()).isEqualTo("ipv4/filter/FORWARD");
                }
                default -> assertThat(id).isEqualTo("RA135");
            }
        }
    }
}
