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

/**
 * {@code rampart overview}: its three parts are exactly what {@code flatten}, {@code exposure} and
 * {@code spoofing} print for the same chain, in text and JSON; exit codes and usage errors.
 */
class OverviewCommandTest {
    private static final String RULES = """
            *filter
            :INPUT DROP [0:0]
            :FORWARD DROP [0:0]
            :OUTPUT ACCEPT [0:0]
            :from-inside - [0:0]
            -A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
            -A FORWARD -i eth1 -j from-inside
            -A FORWARD -i eth0 -o eth1 -p tcp -m tcp --dport 80 -j ACCEPT
            -A FORWARD -i eth0 -s 203.0.113.0/24 -o eth1 -p tcp -m tcp --dport 22 -j ACCEPT
            -A from-inside ! -s 198.18.1.0/24 -j RETURN
            -A from-inside -j ACCEPT
            COMMIT
            """;
    private static final String IFACES = """
            {"eth0": ["everything-else"], "eth1": ["198.18.1.0/24"]}
            """;

    @TempDir
    Path dir;

    private Path rules(String text) throws IOException {
        return Files.writeString(dir.resolve("r.rules"), text);
    }

    private Path ifaces() throws IOException {
        return Files.writeString(dir.resolve("ifaces.json"), IFACES);
    }

    private static JsonNode json(CliTest.Run run) throws IOException {
        return DiagnosticOutput.json().readTree(run.out());
    }

    @Test
    void textIsTheThreeCommandsOutputsUnderHeadings() throws IOException {
        String r = rules(RULES).toString();
        String i = ifaces().toString();
        CliTest.Run overview = CliTest.run("overview", r, "--port", "22,80", "--interfaces", i);
        CliTest.Run flatten = CliTest.run("flatten", r, "--table", "filter", "--chain", "FORWARD");
        CliTest.Run exposure = CliTest.run("exposure", r, "--chain", "FORWARD", "--port", "22,80");
        CliTest.Run spoofing = CliTest.run("spoofing", r, "--chain", "FORWARD", "--interfaces", i);
        assertThat(spoofing.code()).isEqualTo(1);
        assertThat(overview.code()).isEqualTo(spoofing.code());
        assertThat(overview.out()).isEqualTo("## simple firewall\n" + flatten.out() + "## service matrices\n"
                + exposure.out() + "\n## spoofing\n" + spoofing.out());
        assertThat(overview.out()).contains("NOT protected").contains("tcp/22").contains("tcp/80");
    }

    @Test
    void withoutInterfacesThereIsNoSpoofingPartAndTheExitIsZero() throws IOException {
        String r = rules(RULES).toString();
        CliTest.Run overview = CliTest.run("overview", r, "--port", "80");
        CliTest.Run exposure = CliTest.run("exposure", r, "--chain", "FORWARD", "--port", "80");
        assertThat(overview.code()).isEqualTo(0);
        assertThat(overview.out()).endsWith("## service matrices\n" + exposure.out()).doesNotContain("## spoofing");
    }

    @Test
    void withoutPortsTheMatricesCoverThePortsTheChainAccepts() throws IOException {
        String r = rules(RULES).toString();
        CliTest.Run overview = CliTest.run("overview", r);
        CliTest.Run exposure = CliTest.run("exposure", r, "--chain", "FORWARD");
        assertThat(overview.out()).endsWith("## service matrices\n" + exposure.out());
        assertThat(exposure.out()).contains("tcp/22").contains("tcp/80");
    }

    @Test
    void jsonHoldsTheThreeCommandsDocuments() throws IOException {
        String r = rules(RULES).toString();
        String i = ifaces().toString();
        JsonNode overview = json(CliTest.run("overview", r, "--port", "22,80", "--interfaces", i,
                "--format", "json"));
        JsonNode flatten = json(CliTest.run("flatten", r, "--table", "filter", "--chain", "FORWARD",
                "--format", "json"));
        JsonNode exposure = json(CliTest.run("exposure", r, "--chain", "FORWARD", "--port", "22,80",
                "--format", "json"));
        JsonNode spoofing = json(CliTest.run("spoofing", r, "--chain", "FORWARD", "--interfaces", i,
                "--format", "json"));
        assertThat(overview.get("simple_firewall")).isEqualTo(flatten);
        assertThat(overview.get("services")).isEqualTo(exposure);
        assertThat(overview.get("spoofing")).isEqualTo(spoofing);
        assertThat(overview.get("spoofing").get("protected").asBoolean()).isFalse();
    }

    @Test
    void inputChainAndTheSharedExample() {
        Path examples = Paths.get("..", "examples");
        String gateway = examples.resolve("gateway.rules").toString();
        CliTest.Run overview = CliTest.run("overview", gateway, "--chain", "INPUT", "--port", "22");
        CliTest.Run exposure = CliTest.run("exposure", gateway, "--chain", "INPUT", "--port", "22");
        assertThat(overview.code()).isEqualTo(0);
        assertThat(overview.out()).endsWith("## service matrices\n" + exposure.out()).contains("# filter INPUT");
    }

    @Test
    void usageErrors() throws IOException {
        String r = rules(RULES).toString();
        CliTest.Run badChain = CliTest.run("overview", r, "--chain", "OUTPUT");
        assertThat(badChain.code()).isEqualTo(2);
        assertThat(badChain.err()).contains("--chain takes INPUT or FORWARD, got 'OUTPUT'");
        CliTest.Run badPort = CliTest.run("overview", r, "--port", "70000");
        assertThat(badPort.code()).isEqualTo(2);
        assertThat(badPort.err()).contains("70000");
        CliTest.Run noChain = CliTest.run("overview", rules("*nat\n:PREROUTING ACCEPT [0:0]\nCOMMIT\n").toString());
        assertThat(noChain.code()).isEqualTo(2);
        assertThat(noChain.err()).contains("has no filter FORWARD chain");
    }

    @Test
    void badInputExitsThreeWithDiagnostics() throws IOException {
        CliTest.Run bad = CliTest.run("overview", rules("*filter\n-A FORWARD -p tcp --dport 99999 -j ACCEPT\nCOMMIT\n")
                .toString());
        assertThat(bad.code()).isEqualTo(3);
        assertThat(bad.err()).contains("error[");
        Path badIfaces = Files.writeString(dir.resolve("bad.json"), "{\"eth0\": [\"not-a-cidr\"]}");
        CliTest.Run badAssignment = CliTest.run("overview", rules(RULES).toString(), "--interfaces", badIfaces.toString());
        assertThat(badAssignment.code()).isEqualTo(3);
        assertThat(badAssignment.err()).contains("bad.json");
    }
}
