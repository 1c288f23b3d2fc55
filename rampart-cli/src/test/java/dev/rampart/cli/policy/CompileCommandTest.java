package dev.rampart.cli.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.cli.CliTest;
import dev.rampart.cli.DiagnosticOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rampart compile}: the four files on success; on any policy error all errors, exit 3, nothing written. */
class CompileCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesTheFourFilesForAnExample() throws IOException {
        Path policy = Paths.get("../examples/policy/webserver.yaml").toAbsolutePath().normalize();
        Path out = dir.resolve("out");
        CliTest.Run r = CliTest.run("compile", policy.toString(), "-o", out.toString(), "--builtin-services-only");
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("IPv4 rules").contains("ipsets -> " + out);
        assertThat(out.resolve("rules.v4")).content().startsWith("*filter\n:INPUT DROP [0:0]\n")
                .contains("-m comment --comment \"webserver.yaml:19 services.ssh\"");
        assertThat(out.resolve("rules.v6")).content().contains("--icmpv6-type 135 -m hl --hl-eq 255 -j ACCEPT");
        assertThat(out.resolve("ipsets")).content().startsWith("create blacklist hash:net family inet");
        assertThat(out.resolve("ruleset.nft")).content().contains("delete table ip rampart\n");
        assertThat(Files.list(out).map(p -> p.getFileName().toString()).sorted().toList())
                .containsExactly("ipsets", "rules.v4", "rules.v6", "ruleset.nft");
    }

    @Test
    void aBadPolicyReportsEveryErrorAndWritesNothing() throws IOException {
        Path policy = Files.writeString(dir.resolve("bad.yaml"), """
                services:
                  - name: sssh
                  - port: 70000
                icmp:
                  ecko: true
                """);
        Path out = dir.resolve("out");
        CliTest.Run r = CliTest.run("compile", policy.toString(), "-o", out.toString());
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("bad.yaml:2:11: error[E606]: unknown service 'sssh'")
                .contains("= help: did you mean 'ssh'?")
                .contains("bad.yaml:3:11: error[E605]: port 70000 is above 65535")
                .contains("bad.yaml:5:3: error[E602]: unknown key 'ecko' in icmp")
                .contains("= help: did you mean 'echo'?")
                .contains("3 error(s) in the policy; nothing written");
        assertThat(out).doesNotExist();
    }

    @Test
    void jsonReportsFilesOrDiagnostics() throws IOException {
        Path policy = Files.writeString(dir.resolve("p.yaml"), "services: [ssh, https]\n");
        CliTest.Run ok = CliTest.run("compile", "--format", "json", policy.toString(), "-o", dir.resolve("o").toString());
        assertThat(ok.code()).isEqualTo(0);
        var tree = DiagnosticOutput.json().readTree(ok.out());
        assertThat(tree.get("ok").asBoolean()).isTrue();
        assertThat(tree.get("files")).hasSize(4);
        assertThat(tree.get("ipv4_rules").asInt()).isGreaterThan(5);
        Files.writeString(policy, "services: [shh]\n");
        CliTest.Run bad = CliTest.run("compile", "--format", "json", policy.toString(), "-o", dir.resolve("o2").toString());
        assertThat(bad.code()).isEqualTo(3);
        var d = DiagnosticOutput.json().readTree(bad.out()).get("diagnostics").get(0);
        assertThat(d.get("code").asText()).isEqualTo("E606");
        assertThat(d.get("line").asInt()).isEqualTo(1);
        assertThat(d.get("suggestion").asText()).isEqualTo("did you mean 'ssh'?");
        assertThat(dir.resolve("o2")).doesNotExist();
    }

    @Test
    void aMissingPolicyIsAUsageError() {
        CliTest.Run r = CliTest.run("compile", dir.resolve("nope.yaml").toString(), "-o", dir.resolve("o").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no such file");
        assertThat(dir.resolve("o")).doesNotExist();
    }
}
