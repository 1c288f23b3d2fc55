package dev.rampart.cli.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.cli.CliTest;
import dev.rampart.cli.DiagnosticOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rampart flatten}: the unfolded chains as text and JSON, and the exit code on bad input. */
class FlattenCommandTest {
    private static final String RULES = """
            *filter
            :INPUT DROP [0:0]
            :FORWARD DROP [0:0]
            :OUTPUT ACCEPT [0:0]
            :SSH - [0:0]
            -A INPUT -i lo -j ACCEPT
            -A INPUT -p tcp -m tcp --dport 22 -j SSH
            -A INPUT -p tcp -m tcp --dport 80 -j ACCEPT
            -A SSH -s 192.0.2.0/24 -j ACCEPT
            -A SSH -j LOG --log-prefix "ssh "
            COMMIT
            """;

    @TempDir
    Path dir;

    @Test
    void firstMatchFormKeepsEachRulesOwnConditionMinusTheReturnsThatSkipIt() throws IOException {
        Path p = Files.writeString(dir.resolve("r.rules"),
                RULES.replace("-A SSH -s 192.0.2.0/24 -j ACCEPT", "-A SSH -s 198.51.100.0/24 -j RETURN\n"
                        + "-A SSH -s 192.0.2.0/24 -j ACCEPT"));
        CliTest.Run r = CliTest.run("flatten", "--chain", "INPUT", p.toString());
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out()).isEqualTo("""
                # filter INPUT
                1: in lo -> ACCEPT (from filter:INPUT:rule:1)
                2: src 192.0.2.0/24 proto tcp dport 22 -> ACCEPT (from filter:SSH:rule:2 via filter:INPUT:rule:2)
                3: src ! 198.51.100.0/24 proto tcp dport 22 -> LOG (continues) (from filter:SSH:rule:3 via filter:INPUT:rule:2)
                4: proto tcp dport 80 -> ACCEPT (from filter:INPUT:rule:3)
                5: all packets -> DROP (from filter:INPUT:policy)

                """);
    }

    @Test
    void anUnknownChainIsAUsageError() throws IOException {
        Path p = Files.writeString(dir.resolve("r.rules"), RULES);
        CliTest.Run r = CliTest.run("flatten", "--chain", "PREROUTING", "--table", "filter", p.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no built-in chain PREROUTING in table filter");
    }

    @Test
    void disjointFormListsEachBuiltInChainWithReachedGuardsTargetsAndOrigins() throws IOException {
        Path p = Files.writeString(dir.resolve("r.rules"), RULES);
        CliTest.Run r = CliTest.run("flatten", "--disjoint", p.toString());
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out()).contains("# filter INPUT\n")
                .contains("1: in lo -> ACCEPT (from filter:INPUT:rule:1)\n")
                .contains("2: src 192.0.2.0/24 proto tcp dport 22 in none,other -> ACCEPT"
                        + " (from filter:SSH:rule:1 via filter:INPUT:rule:2)\n")
                .contains("-> LOG (continues) (from filter:SSH:rule:2 via filter:INPUT:rule:2)\n")
                .contains("proto tcp dport 80 in none,other -> ACCEPT (from filter:INPUT:rule:3)\n")
                .contains("-> DROP (from filter:INPUT:policy)\n")
                .contains("# filter FORWARD\n1: all packets -> DROP (from filter:FORWARD:policy)\n")
                .contains("# filter OUTPUT\n1: all packets -> ACCEPT (from filter:OUTPUT:policy)\n");
    }

    @Test
    void jsonGivesPathsAndApproximations() throws IOException {
        Path p = Files.writeString(dir.resolve("r.rules"),
                RULES.replace("-A SSH -j LOG", "-A SSH -m limit --limit 3/min -j LOG"));
        CliTest.Run r = CliTest.run("flatten", "--disjoint", "--format", "json", p.toString());
        assertThat(r.code()).isEqualTo(0);
        var tree = DiagnosticOutput.json().readTree(r.out());
        var input = tree.get(0);
        assertThat(input.get("chain").asText()).isEqualTo("INPUT");
        var ssh = input.get("rules").get(1);
        assertThat(ssh.get("from").asText()).isEqualTo("filter:SSH:rule:1");
        assertThat(ssh.get("path").get(0).asText()).isEqualTo("filter:INPUT:rule:2");
        var log = input.get("rules").get(2);
        assertThat(log.get("terminal").asBoolean()).isFalse();
        assertThat(log.get("approximate").asBoolean()).isTrue();
        assertThat(log.get("approximations").get(0).asText()).contains("filter:SSH:rule:2").contains("limit");
    }

    @Test
    void invalidInputExitsThree() throws IOException {
        Path p = Files.writeString(dir.resolve("bad.rules"), "*filter\n-A INPUT -j ACCPET\nCOMMIT\n");
        assertThat(CliTest.run("flatten", p.toString()).code()).isEqualTo(3);
    }
}
