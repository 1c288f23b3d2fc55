package dev.rampart.analysis.audit.report;

import static dev.rampart.analysis.audit.AuditFixtures.context;
import static dev.rampart.analysis.audit.AuditFixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rampart.analysis.audit.Auditor;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.sim.packet.Packet;
import dev.rampart.sim.packet.PacketJson;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON contract of docs/audit-format.md, and witnesses that read back as the same packet. */
class AuditJsonTest {
    @Test
    void findingsCarryTheContractMembers() throws Exception {
        List<Finding> findings = new Auditor().run(context(parse("*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n"
                + ":OUTPUT ACCEPT [0:0]\n-A INPUT -j DROP\n-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\nCOMMIT\n")));
        JsonNode root = AuditJson.of(findings);
        JsonNode all = root.get("findings");
        assertThat(all).hasSize(findings.size());
        JsonNode dead = null;
        for (JsonNode f : all) {
            for (String key : List.of("id", "severity", "message", "fix", "rules", "witness", "approximate")) {
                assertThat(f.has(key)).as("%s in %s", key, f).isTrue();
            }
            assertThat(f.get("severity").asText()).isIn("high", "medium", "low", "info");
            if (f.get("id").asText().equals("RA109")) {
                dead = f;
            }
        }
        assertThat(dead).isNotNull();
        assertThat(dead.get("rules").get(0).get("table").asText()).isEqualTo("filter");
        assertThat(dead.get("rules").get(0).get("chain").asText()).isEqualTo("INPUT");
        assertThat(dead.get("rules").get(0).get("rule").asInt()).isEqualTo(2);
        assertThat(dead.get("rules").get(0).get("line").asInt()).isEqualTo(6);
        assertThat(dead.get("approximate").asBoolean()).isFalse();
        Packet back = PacketJson.parse(dead.get("witness").toString());
        Finding f = findings.stream().filter(x -> x.checkId().equals("RA109")).findFirst().orElseThrow();
        assertThat(back.toBuilder().time(null).build()).isEqualTo(f.witness().toBuilder().time(null).build());
    }

    @Test
    void policiesAreMarkedAsInTheTraceContract() {
        List<Finding> findings = new Auditor().run(context(parse("*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n"
                + ":OUTPUT ACCEPT [0:0]\nCOMMIT\n")));
        JsonNode input = AuditJson.of(findings).get("findings").get(0).get("rules").get(0);
        assertThat(input.get("chain").asText()).isEqualTo("INPUT");
        assertThat(input.get("policy").asBoolean()).isTrue();
        assertThat(input.has("rule")).isFalse();
        assertThat(input.get("line").asInt()).isEqualTo(2);
    }
}
