package dev.rampart.cli.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rampart.cli.CliTest;
import dev.rampart.cli.DiagnosticOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rampart audit}: formats, exit codes by --fail-on, invalid input, usage errors, v4+v6 together. */
class AuditCommandTest {
    private static final String SEED_MISTAKE = """
            *filter
            :INPUT ACCEPT [0:0]
            :FORWARD DROP [0:0]
            :OUTPUT ACCEPT [0:0]
            -A INPUT -i lo -j ACCEPT
            -A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
            -A INPUT -j DROP
            -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
            COMMIT
            """;

    private static final String V6 = """
            *filter
            :INPUT DROP [0:0]
            :FORWARD DROP [0:0]
            :OUTPUT ACCEPT [0:0]
            -A INPUT -i lo -j ACCEPT
            -A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
            -A INPUT -m conntrack --ctstate INVALID -j DROP
            -A INPUT -p ipv6-icmp -j ACCEPT
            -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
            -A INPUT -m limit --limit 5/min -j LOG
            COMMIT
            """;

    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void hardenedExampleWithItsIpv6TwinPassesTheDefaultGate() throws IOException {
        Path v6 = file("rules.v6", V6);
        CliTest.Run r = CliTest.run("audit", "../examples/webserver.rules", v6.toString());
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(0);
        assertThat(r.out()).doesNotContain("RA111").contains("info RA101");
        assertThat(CliTest.run("audit", "--fail-on", "info", "../examples/webserver.rules", v6.toString()).code())
                .isEqualTo(1);
    }

    @Test
    void textNamesFileLineRuleAndFix() throws IOException {
        Path p = file("seed.rules", SEED_MISTAKE);
        CliTest.Run r = CliTest.run("audit", "--fail-on", "medium", p.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains(p + ":8: medium RA109: rule 4 of filter INPUT (-A INPUT -p tcp -m tcp --dport 22"
                        + " -j ACCEPT) can never match")
                .contains("    iptables -I INPUT 3 -p tcp -m tcp --dport 22 -j ACCEPT")
                .contains("  witness: {")
                .containsPattern("\\d+ findings \\(");
        assertThat(CliTest.run("audit", p.toString()).code()).as("no high finding: passes the default gate")
                .isEqualTo(0);
    }

    @Test
    void jsonAndSarif() throws IOException {
        Path p = file("seed.rules", SEED_MISTAKE);
        CliTest.Run j = CliTest.run("audit", "--format", "json", p.toString());
        JsonNode tree = DiagnosticOutput.json().readTree(j.out());
        assertThat(tree.get("findings").findValuesAsText("id")).contains("RA109", "RA111");
        CliTest.Run s = CliTest.run("audit", "--format", "sarif", p.toString());
        JsonNode sarif = DiagnosticOutput.json().readTree(s.out());
        assertThat(sarif.get("version").asText()).isEqualTo("2.1.0");
        assertThat(sarif.get("runs").get(0).get("results").get(0).get("locations").get(0).get("physicalLocation")
                .get("artifactLocation").get("uri").asText()).endsWith("seed.rules");
    }

    @Test
    void scriptWithBothFamiliesIsOneHost() throws IOException {
        Path p = file("fw.sh", "#!/bin/sh\niptables -P INPUT DROP\niptables -A INPUT -i lo -j ACCEPT\n"
                + "ip6tables -P INPUT DROP\nip6tables -A INPUT -i lo -j ACCEPT\n");
        CliTest.Run r = CliTest.run("audit", "--format", "json", p.toString());
        JsonNode tree = DiagnosticOutput.json().readTree(r.out());
        assertThat(tree.get("findings").findValuesAsText("id")).doesNotContain("RA111").contains("RA104");
        assertThat(tree.get("findings").findValues("family").stream().map(JsonNode::asInt).distinct())
                .containsExactlyInAnyOrder(4, 6);
    }

    @Test
    void invalidInputIsExit3WithDiagnostics() throws IOException {
        Path p = file("bad.rules", "*filter\n:INPUT DROP [0:0]\n-A INPUT -p tcp --dport 22 -j ACCPET\nCOMMIT\n");
        CliTest.Run r = CliTest.run("audit", p.toString());
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("error[").contains("ACCPET");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void usageErrors() {
        assertThat(CliTest.run("audit").code()).isEqualTo(2);
        assertThat(CliTest.run("audit", "--live", "x.rules").code()).isEqualTo(2);
        assertThat(CliTest.run("audit", "--format", "xml", "../examples/webserver.rules").code()).isEqualTo(2);
        assertThat(CliTest.run("audit", "--fail-on", "critical", "../examples/webserver.rules").code()).isEqualTo(2);
    }

    @Test
    void listChecks() {
        CliTest.Run r = CliTest.run("audit", "--list-checks");
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out()).contains("RA101  high    Default policy is not DROP").contains("RA122");
    }
}
