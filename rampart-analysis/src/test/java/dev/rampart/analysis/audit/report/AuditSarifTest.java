package dev.rampart.analysis.audit.report;

import static dev.rampart.analysis.audit.AuditFixtures.context;
import static dev.rampart.analysis.audit.AuditFixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rampart.analysis.audit.Auditor;
import dev.rampart.analysis.audit.CheckCatalog;
import dev.rampart.analysis.audit.Finding;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The SARIF report against the parts of the SARIF 2.1.0 schema (and GitHub code scanning's upload
 * requirements) that matter, checked by hand: required properties, value types and enums, and that
 * locations point at the lines the rules were read at.
 */
class AuditSarifTest {
    private static final String RULES = "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n"
            + "-A INPUT -i lo -j ACCEPT\n-A INPUT -j DROP\n-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n"
            + "-A INPUT -j LOG\nCOMMIT\n";

    private static JsonNode sarif() throws Exception {
        List<Finding> findings = new Auditor().run(context(parse(RULES)));
        String text = AuditSarif.of(CheckCatalog.all(), findings, "0.1.0").toPrettyString();
        return new ObjectMapper().readTree(text);
    }

    @Test
    void topLevelAndToolDriverAsTheSchemaRequires() throws Exception {
        JsonNode root = sarif();
        assertThat(root.get("version").asText()).isEqualTo("2.1.0");
        assertThat(root.get("$schema").asText()).endsWith("sarif-2.1.0.json");
        assertThat(root.get("runs").isArray()).isTrue();
        assertThat(root.get("runs")).hasSize(1);
        JsonNode driver = root.get("runs").get(0).get("tool").get("driver");
        assertThat(driver.get("name").asText()).isEqualTo("rampart");
        Set<String> ids = new HashSet<>();
        for (JsonNode rule : driver.get("rules")) {
            assertThat(rule.get("id").isTextual()).isTrue();
            assertThat(ids.add(rule.get("id").asText())).isTrue();
            assertThat(rule.get("name").asText()).matches("[A-Z][A-Za-z0-9]+");
            assertThat(rule.get("shortDescription").get("text").asText()).isNotBlank();
            assertThat(rule.get("fullDescription").get("text").asText()).isNotBlank();
            assertThat(rule.get("help").get("text").asText()).contains("docs/checks/" + rule.get("id").asText() + ".md");
            assertThat(rule.get("defaultConfiguration").get("level").asText()).isIn("none", "note", "warning", "error");
            double sev = Double.parseDouble(rule.get("properties").get("security-severity").asText());
            assertThat(sev).isBetween(0.0, 10.0);
        }
        assertThat(ids).hasSize(CheckCatalog.all().size());
    }

    @Test
    void resultsPointAtTheRuleLines() throws Exception {
        JsonNode run = sarif().get("runs").get(0);
        JsonNode rules = run.get("tool").get("driver").get("rules");
        JsonNode results = run.get("results");
        assertThat(results.size()).isGreaterThan(0);
        boolean sawUnreachable = false;
        for (JsonNode res : results) {
            String id = res.get("ruleId").asText();
            assertThat(rules.get(res.get("ruleIndex").asInt()).get("id").asText()).isEqualTo(id);
            assertThat(res.get("level").asText()).isIn("none", "note", "warning", "error");
            assertThat(res.get("message").get("text").asText()).isNotBlank();
            assertThat(res.get("locations")).hasSize(1);
            JsonNode phys = res.get("locations").get(0).get("physicalLocation");
            assertThat(phys.get("artifactLocation").get("uri").asText()).isEqualTo("test.rules");
            int line = phys.get("region").get("startLine").asInt();
            assertThat(line).isPositive();
            if (id.equals("RA109") && line == 7) {
                sawUnreachable = true;
                assertThat(res.get("level").asText()).isEqualTo("warning");
                assertThat(res.get("relatedLocations").get(0).get("physicalLocation").get("region").get("startLine")
                        .asInt()).isEqualTo(6);
                assertThat(res.get("properties").get("witness").get("dport").asInt()).isEqualTo(22);
            }
        }
        assertThat(sawUnreachable).as("RA109 on the ACCEPT of line 7").isTrue();
    }

    @Test
    void urisAreRelativeReferences() {
        assertThat(AuditSarif.uri("./etc/my rules.v4")).isEqualTo("etc/my%20rules.v4");
        assertThat(AuditSarif.uri("a\\b:c")).isEqualTo("a/b%3Ac");
    }
}
