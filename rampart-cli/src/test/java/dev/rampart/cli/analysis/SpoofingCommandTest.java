package dev.rampart.cli.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rampart.cli.CliTest;
import dev.rampart.cli.DiagnosticOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rampart spoofing}: text and JSON reports, exit codes, diagnostics for a bad interfaces file. */
class SpoofingCommandTest {
    private static final String RULES = """
            *filter
            :INPUT DROP [0:0]
            :FORWARD DROP [0:0]
            :OUTPUT ACCEPT [0:0]
            -A FORWARD -i eth1 -s 198.18.1.0/24 -j ACCEPT
            -A FORWARD -i eth0 -o eth1 -p tcp -m tcp --dport 80 -j ACCEPT
            COMMIT
            """;
    private static final String IFACES = """
            {"eth0": ["everything-else"], "eth1": ["198.18.1.0/24"]}
            """;

    @TempDir
    Path dir;

    private CliTest.Run run(String rules, String ifaces, String... more) throws IOException {
        Path r = Files.writeString(dir.resolve("r.rules"), rules);
        Path i = Files.writeString(dir.resolve("ifaces.json"), ifaces);
        String[] args = new String[more.length + 4];
        args[0] = "spoofing";
        args[1] = r.toString();
        args[2] = "--interfaces";
        args[3] = i.toString();
        System.arraycopy(more, 0, args, 4, more.length);
        return CliTest.run(args);
    }

    @Test
    void aLeakIsShownWithItsRuleSourcesAndWitnessAndExitsOne() throws IOException {
        CliTest.Run r = run(RULES, IFACES);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("eth1 (IPv4 FORWARD): protected\n")
                .contains("eth0 (IPv4 FORWARD): NOT protected\n")
                .contains("  owns: all but 198.18.1.0/24\n")
                .contains("  spoofed sources accepted: every source it does not own (198.18.1.0/24)\n")
                .contains("  accepted by filter FORWARD rule 2: -A FORWARD -i eth0 -o eth1 -p tcp -m tcp --dport 80 -j ACCEPT\n")
                .contains("    witness: tcp 198.18.1.1:40000 > 198.51.100.1:80 in eth0 out eth1 syn state NEW\n")
                .contains("1 of 4 interface checks leaks\n");
    }

    @Test
    void aProtectedRulesetExitsZero() throws IOException {
        CliTest.Run r = run(RULES.replace("-A FORWARD -i eth0 -o eth1", "-A FORWARD -i eth0 -s 198.18.1.0/24 -j DROP\n"
                + "-A FORWARD -i eth0 -o eth1"), IFACES);
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out()).contains("0 of 4 interface checks leak\n").doesNotContain("NOT protected");
    }

    @Test
    void jsonGivesEveryInterfaceWithLeaksAndWitnessPackets() throws IOException {
        CliTest.Run r = run(RULES, IFACES, "--format", "json", "--chain", "FORWARD");
        assertThat(r.code()).isEqualTo(1);
        JsonNode root = DiagnosticOutput.json().readTree(r.out());
        assertThat(root.get("protected").asBoolean()).isFalse();
        assertThat(root.get("interfaces")).hasSize(2);
        JsonNode eth0 = root.get("interfaces").get(0);
        assertThat(eth0.get("interface").asText()).isEqualTo("eth0");
        assertThat(eth0.get("family").asInt()).isEqualTo(4);
        assertThat(eth0.get("protected").asBoolean()).isFalse();
        assertThat(eth0.get("spoofed_accepted").get(0).asText()).isEqualTo("198.18.1.0/24");
        JsonNode leak = eth0.get("leaks").get(0);
        assertThat(leak.get("decided_by").get("chain").asText()).isEqualTo("FORWARD");
        assertThat(leak.get("decided_by").get("rule").asInt()).isEqualTo(2);
        assertThat(leak.get("rule_text").asText()).startsWith("-A FORWARD -i eth0 -o eth1");
        assertThat(leak.get("witness").get("in").asText()).isEqualTo("eth0");
        assertThat(leak.get("witness").get("src").asText()).isEqualTo("198.18.1.1");
        assertThat(leak.get("certain").asBoolean()).isTrue();
        assertThat(root.get("interfaces").get(1).get("protected").asBoolean()).isTrue();
    }

    @Test
    void aBadInterfacesFileGivesLocatedDiagnosticsAndExitsThree() throws IOException {
        CliTest.Run r = run(RULES, "{\n  \"eth0\": [\"everything-else\"],\n  \"eth1\": [\"198.18.1.0/33\"]\n}\n");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("ifaces.json:3:12: error[E203]: '198.18.1.0/33' has a bad prefix length '33'")
                .contains(" 3 |   \"eth1\": [\"198.18.1.0/33\"]").doesNotContain("Exception");
    }

    @Test
    void aBadRulesetGivesTheFoundationsDiagnosticsAndExitsThree() throws IOException {
        CliTest.Run r = run(RULES.replace("-j ACCEPT\n-A FORWARD -i eth0", "-j ACCPET\n-A FORWARD -i eth0"), IFACES);
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("error[E304]: unknown target 'ACCPET'");
    }

    @Test
    void usageErrorsExitTwo() throws IOException {
        assertThat(CliTest.run("spoofing", "r.rules").code()).isEqualTo(2);
        assertThat(run(RULES, IFACES, "--chain", "OUTPUT").code()).isEqualTo(2);
        assertThat(run(RULES, IFACES, "--state", "BOGUS").code()).isEqualTo(2);
        assertThat(CliTest.run("spoofing", dir.resolve("missing").toString(), "--interfaces", "x.json").code())
                .isEqualTo(2);
    }

    @Test
    void theGatewayExampleLeaksInsideAddressesFromTheUplink() {
        Path examples = Paths.get("..", "examples");
        CliTest.Run r = CliTest.run("spoofing", examples.resolve("gateway.rules").toString(), "--interfaces",
                examples.resolve("gateway-interfaces.json").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("eth0 (IPv4 FORWARD): NOT protected").contains("eth1 (IPv4 FORWARD): protected");
    }
}
