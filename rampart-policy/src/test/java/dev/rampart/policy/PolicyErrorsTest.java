package dev.rampart.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.diag.Diagnostic;
import dev.rampart.model.diag.DiagnosticPrinter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad policies: every problem is reported with its file, line and column, a caret on the source line and
 * a suggestion where one exists; no output is produced when any error exists.
 */
class PolicyErrorsTest {
    @TempDir
    Path dir;

    private PolicyCompiler.Result compile(String text) throws IOException {
        Path p = Files.writeString(dir.resolve("p.yaml"), text);
        return new PolicyCompiler(ServiceTable.builtinOnly()).compile(p, "p.yaml");
    }

    private static String render(List<Diagnostic> ds) {
        StringBuilder sb = new StringBuilder();
        ds.forEach(d -> sb.append(DiagnosticPrinter.render(d)));
        return sb.toString();
    }

    @Test
    void everyErrorIsReportedWithPositionCaretAndSuggestion() throws IOException {
        PolicyCompiler.Result r = compile("""
                zones:
                  public: eth0
                servics:
                  - ssh
                services:
                  - name: htps
                  - port: 0
                  - port: 65536
                  - {port: 8080, from: [10.0.0.300/8]}
                  - {port: 9000, from: [10.1.2.3/8]}
                  - {port: 7000, zone: pubic}
                """);
        assertThat(r.ok()).isFalse();
        assertThat(r.output()).isNull();
        String text = render(r.diagnostics());
        assertThat(text).contains("""
                p.yaml:3:1: error[E602]: unknown key 'servics' in a policy
                 3 | servics:
                   | ^^^^^^^
                   = help: did you mean 'services'?
                """);
        assertThat(text).contains("""
                p.yaml:6:11: error[E606]: unknown service 'htps'
                 6 |   - name: htps
                   |           ^^^^
                   = help: did you mean 'https'?
                """);
        assertThat(text).contains("p.yaml:7:11: error[E605]: port 0 is not a usable port");
        assertThat(text).contains("p.yaml:8:11: error[E605]: port 65536 is above 65535");
        assertThat(text).contains("p.yaml:9:25: error[E203]: '10.0.0.300/8' is not an IPv4 or IPv6 address or CIDR network");
        assertThat(text).contains("p.yaml:10:25: error[E203]: '10.1.2.3/8' has bits set after the prefix length")
                .contains("did you mean '10.0.0.0/8'?");
        assertThat(text).contains("p.yaml:11:24: error[E607]: unknown zone 'pubic'").contains("did you mean 'public'?");
        assertThat(r.diagnostics()).hasSize(7);
    }

    @Test
    void contradictionsAreErrors() throws IOException {
        PolicyCompiler.Result r = compile("""
                zones: {public: eth0}
                defaults: {output: accept}
                blocklists:
                  bad: [198.51.100.7]
                allowlists:
                  good: [198.51.100.7]
                services:
                  - http
                egress:
                  dns: [192.0.2.53]
                nat:
                  port_forward:
                    - {in: public, port: 80, to: 192.168.1.10:80}
                ssh_protection: {max_new: 3}
                """);
        assertThat(r.ok()).isFalse();
        String text = render(r.diagnostics());
        assertThat(text).contains("error[E608]: an egress allow-list has no effect with 'defaults.output: accept'");
        assertThat(text).contains("error[E608]: '198.51.100.7/32' is both in allowlist 'good' and in blocklist 'bad'");
        assertThat(text).contains("error[E608]: port 80/tcp is forwarded to 192.168.1.10 but also opened on this host by 'http'");
        assertThat(text).contains("error[E608]: ssh_protection is set but no 'ssh' service is opened");
    }

    @Test
    void shortAddressFormsAndWholeInternetSetsAreRefused() throws IOException {
        PolicyCompiler.Result r = compile("""
                blocklists:
                  everything: [0.0.0.0/0]
                services:
                  - {port: 80, from: [10.1/16]}
                """);
        String text = render(r.diagnostics());
        assertThat(text).contains("p.yaml:2:3: error[E203]: set 'everything' holds a /0 network");
        assertThat(text).contains("p.yaml:4:23: error[E203]: '10.1/16' is not an IPv4 or IPv6 address or CIDR network");
    }

    @Test
    void yamlSyntaxErrorsPointAtTheProblem() throws IOException {
        PolicyCompiler.Result r = compile("services: [ssh, http\nzones: {}\n");
        assertThat(r.ok()).isFalse();
        assertThat(r.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.code().id()).isEqualTo("E601");
            assertThat(d.line()).isEqualTo(2);
        });
    }

    @Test
    void unknownVariablesAndMissingIncludesAreReported() throws IOException {
        PolicyCompiler.Result r = compile("""
                include: [missing.yaml]
                vars:
                  admin: 198.51.100.7
                services:
                  - {name: ssh, from: ["${admn}"]}
                """);
        String text = render(r.diagnostics());
        assertThat(text).contains("p.yaml:1:11: error[E609]: cannot read include 'missing.yaml'");
        assertThat(text).contains("p.yaml:5:24: error[E607]: unknown variable 'admn'").contains("did you mean 'admin'?");
    }

    @Test
    void includesMergeAndVariablesExpand() throws IOException {
        Files.writeString(dir.resolve("frag.yaml"), "services:\n  - https\nzones: {public: eth0}\n");
        PolicyCompiler.Result r = compile("""
                include: [frag.yaml]
                vars:
                  admins: [198.51.100.7, 198.51.100.8]
                services:
                  - {name: ssh, from: ["${admins}"], zone: public}
                """);
        assertThat(r.diagnostics()).isEmpty();
        String v4 = r.output().rulesV4Text();
        assertThat(v4).contains("-A INPUT -p tcp -m comment --comment \"frag.yaml:2 services.https\" -m tcp --dport 443");
        assertThat(v4).contains("-A INPUT -s 198.51.100.7/32 -i eth0 -p tcp -m comment --comment \"p.yaml:5 services.ssh\"");
        assertThat(v4).contains("-A INPUT -s 198.51.100.8/32 -i eth0 -p tcp");
        // IPv4-only sources: ssh is not opened over IPv6 at all
        assertThat(r.output().rulesV6Text()).doesNotContain("--dport 22 ").contains("--dport 443");
    }

    @Test
    void conflictingScalarsAcrossIncludesAreContradictions() throws IOException {
        Files.writeString(dir.resolve("frag.yaml"), "defaults: {input: accept}\n");
        PolicyCompiler.Result r = compile("include: [frag.yaml]\ndefaults: {input: drop}\n");
        assertThat(render(r.diagnostics())).contains("p.yaml:2:19: error[E608]: 'defaults.input' is set here and differently in frag.yaml:1");
    }

    @Test
    void servicesFromEtcServicesWhenNotBuiltIn() throws IOException {
        Path services = Files.writeString(dir.resolve("services"), "gopher\t\t70/tcp\t\t\t# Gopher\nssh 2222/tcp\n");
        Path p = Files.writeString(dir.resolve("p.yaml"), "services: [gopher, ssh]\n");
        PolicyCompiler.Result r = new PolicyCompiler(ServiceTable.withSystem(services)).compile(p, "p.yaml");
        assertThat(r.diagnostics()).isEmpty();
        // the built-in table wins for names it knows, so ssh stays 22
        assertThat(r.output().rulesV4Text()).contains("--dport 70 ").contains("--dport 22 ").doesNotContain("2222");
        PolicyCompiler.Result without = new PolicyCompiler(ServiceTable.builtinOnly()).compile(p, "p.yaml");
        assertThat(render(without.diagnostics())).contains("unknown service 'gopher'");
    }
}
