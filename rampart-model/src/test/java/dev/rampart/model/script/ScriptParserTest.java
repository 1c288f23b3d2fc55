package dev.rampart.model.script;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.Chain;
import dev.rampart.model.Policy;
import dev.rampart.model.Ruleset;
import dev.rampart.model.TableName;
import dev.rampart.model.diag.Diagnostic;
import dev.rampart.model.diag.DiagnosticCode;
import dev.rampart.model.diag.Severity;
import dev.rampart.model.ipset.IpSet;
import dev.rampart.model.write.CanonicalWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ScriptParserTest {

    /**
     * Warnings a seed script may produce besides skipped shell lines: matches and targets another part of
     * Rampart does not type yet are kept (W301/W302). Everything else, and every error, fails the test.
     */
    private static final Set<DiagnosticCode> TOLERATED = Set.of(DiagnosticCode.SKIPPED_SHELL_LINE,
            DiagnosticCode.UNKNOWN_MATCH_KEPT, DiagnosticCode.UNKNOWN_TARGET_KEPT);

    private static String resource(String name) throws IOException {
        try (InputStream in = ScriptParserTest.class.getResourceAsStream("/scripts/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static ScriptParser.Result parse(String text) {
        return new ScriptParser().parse(text, "fw.sh");
    }

    private static Chain chain(Ruleset rs, TableName table, String name) {
        return rs.table(table).orElseThrow().chain(name).orElseThrow();
    }

    private static List<String> rules(Ruleset rs, TableName table, String name) {
        return chain(rs, table, name).rules().stream().map(r -> CanonicalWriter.ruleText(name, r)).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"seed-000-monitor-secure.sh", "seed-001-sysconfig.sh", "seed-002-gateway.sh",
            "seed-003-default-deny.sh", "seed-004-production.sh"})
    void seedScriptsConvertWithoutErrors(String name) throws IOException {
        ScriptParser.Result r = parse(resource(name));
        assertThat(r.diagnostics().all())
                .allSatisfy(d -> assertThat(TOLERATED).as(d.headline()).contains(d.code()));
        assertThat(r.diagnostics().errorCount()).isZero();
        assertThat(r.ipv4().ruleCount()).isPositive();
    }

    @Test
    void seed000BuildsPoliciesChainsAndIpset() throws IOException {
        ScriptParser.Result r = parse(resource("seed-000-monitor-secure.sh"));
        Ruleset v4 = r.ipv4();
        assertThat(chain(v4, TableName.FILTER, "INPUT").policy()).isEqualTo(Policy.DROP);
        assertThat(chain(v4, TableName.FILTER, "OUTPUT").policy()).isEqualTo(Policy.DROP);
        assertThat(rules(v4, TableName.FILTER, "INPUT")).startsWith("-A INPUT -i lo -j ACCEPT");
        assertThat(rules(v4, TableName.FILTER, "LOGGING")).hasSize(2);
        // -d 1.1.1.1,8.8.8.8 is two rules, as iptables makes it
        assertThat(rules(v4, TableName.FILTER, "OUTPUT")).contains(
                "-A OUTPUT -d 1.1.1.1/32 -p udp -m udp --dport 53 -j ACCEPT",
                "-A OUTPUT -d 8.8.8.8/32 -p udp -m udp --dport 53 -j ACCEPT");
        IpSet blacklist = r.ipsets().find("blacklist").orElseThrow();
        assertThat(blacklist.entries()).hasSize(1 + 256);
        assertThat(r.ipv6().tables()).isEmpty();
        // 'sudo iptables-save | sudo tee ...' on line 12 is reported as skipped, with its line
        assertThat(r.diagnostics().all()).anySatisfy(d -> {
            assertThat(d.line()).isEqualTo(12);
            assertThat(d.code()).isEqualTo(DiagnosticCode.SKIPPED_SHELL_LINE);
            assertThat(d.message()).isEqualTo("skipped 'iptables-save': it only prints the ruleset");
        });
    }

    @Test
    void seed002JoinsContinuationLinesAndUsesTableOptionAfterTheChain() throws IOException {
        ScriptParser.Result r = parse(resource("seed-002-gateway.sh"));
        assertThat(rules(r.ipv4(), TableName.FILTER, "FORWARD")).first().isEqualTo(
                "-A FORWARD -s 192.168.1.0/24 -i eth0 -o eth1 -m conntrack --ctstate NEW -j ACCEPT");
        assertThat(rules(r.ipv4(), TableName.NAT, "POSTROUTING")).containsExactly("-A POSTROUTING -j MASQUERADE");
    }

    @Test
    void seed004SkipsTheHereDocumentAndInsertsIntoDockerUser() throws IOException {
        ScriptParser.Result r = parse(resource("seed-004-production.sh"));
        assertThat(rules(r.ipv4(), TableName.FILTER, "DOCKER-USER")).containsExactly(
                "-A DOCKER-USER -p tcp -m tcp --dport 8080 -j DROP",
                "-A DOCKER-USER -s 192.168.1.100/32 -p tcp -m tcp --dport 8080 -j ACCEPT",
                "-A DOCKER-USER ! -s 10.0.0.0/8 -p tcp -m tcp --dport 6379 -j DROP");
        // the 'at' here-document would flush everything if it were run
        assertThat(chain(r.ipv4(), TableName.FILTER, "INPUT").policy()).isEqualTo(Policy.DROP);
        assertThat(r.diagnostics().all()).anySatisfy(d -> assertThat(d.message())
                .isEqualTo("skipped a here-document (lines 126-130): it is input to the command on line 125,"
                        + " not run by this script"));
        assertThat(rules(r.ipv4(), TableName.RAW, "PREROUTING")).containsExactly(
                "-A PREROUTING -p tcp -m tcp --dport 80 -j TRACE");
        assertThat(r.ipsets().sets()).extracting(IpSet::name).containsExactly("blocked-countries", "blocklist");
    }

    @Test
    void variablesAreExpandedAndColumnsPointIntoTheOriginalLine() {
        ScriptParser.Result r = parse("""
                IPT=/sbin/iptables
                export WAN="eth0"
                $IPT -A INPUT -i ${WAN} -p tcp --dprot 22 -j ACCEPT
                $IPT -A INPUT -i $WAN -j ACCEPT
                """);
        List<Diagnostic> ds = r.diagnostics().all();
        assertThat(ds).hasSize(1);
        Diagnostic d = ds.get(0);
        assertThat(d.code()).isEqualTo(DiagnosticCode.UNKNOWN_OPTION);
        assertThat(d.line()).isEqualTo(3);
        assertThat(d.column()).isEqualTo(32);
        assertThat(d.sourceLine()).isEqualTo("$IPT -A INPUT -i ${WAN} -p tcp --dprot 22 -j ACCEPT");
        assertThat(rules(r.ipv4(), TableName.FILTER, "INPUT")).containsExactly("-A INPUT -i eth0 -j ACCEPT");
    }

    @Test
    void globalOptionsSudoAndFullPathsAreAccepted() {
        ScriptParser.Result r = parse("""
                sudo -E /usr/sbin/iptables -w 5 -t nat -A PREROUTING -p tcp --dport 80 -j REDIRECT --to-ports 8080
                iptables --wait -v -A INPUT -s 192.0.2.0/24 -j DROP >/dev/null 2>&1
                IPT=$(which ip6tables)
                $IPT -A INPUT -s 2001:db8::/32 -j DROP && echo done
                iptables -A INPUT -p tcp --dport 25 -j DROP; iptables -A INPUT -p tcp --dport 26 -j DROP
                """);
        assertThat(r.diagnostics().all()).allSatisfy(d -> assertThat(d.severity()).isNotEqualTo(Severity.ERROR));
        assertThat(rules(r.ipv4(), TableName.FILTER, "INPUT")).containsExactly(
                "-A INPUT -s 192.0.2.0/24 -j DROP",
                "-A INPUT -p tcp -m tcp --dport 25 -j DROP",
                "-A INPUT -p tcp -m tcp --dport 26 -j DROP");
        assertThat(rules(r.ipv6(), TableName.FILTER, "INPUT")).containsExactly("-A INPUT -s 2001:db8::/32 -j DROP");
        assertThat(r.ipv4().table(TableName.NAT)).isPresent();
        assertThat(r.diagnostics().all().stream().filter(d -> d.code() == DiagnosticCode.SKIPPED_SHELL_LINE))
                .singleElement().satisfies(d -> {
            assertThat(d.line()).isEqualTo(4);
            assertThat(d.column()).isEqualTo(43);
            assertThat(d.message()).contains("'echo'");
        });
    }

    @Test
    void otherShellIsSkippedWithLineNumbersNeverFailing() {
        ScriptParser.Result r = parse("""
                #!/bin/bash
                set -e
                for p in 25 110; do
                  iptables -A INPUT -p tcp --dport $p -j ACCEPT
                done
                if [ -f /etc/default/fw ]; then
                  iptables -A INPUT -j DROP
                fi
                """);
        assertThat(r.diagnostics().errorCount()).isZero();
        List<Diagnostic> ds = r.diagnostics().all();
        assertThat(ds).extracting(Diagnostic::line).containsExactly(2, 3, 4, 5, 6, 8);
        assertThat(ds.get(2).message()).isEqualTo(
                "skipped 'iptables' command: variable $p has no value here (set by the environment, a loop or a function?)");
        assertThat(ds.get(2).column()).isEqualTo(3);
        // the body of the if is an iptables command and is read
        assertThat(rules(r.ipv4(), TableName.FILTER, "INPUT")).containsExactly("-A INPUT -j DROP");
    }

    @Test
    void errorsAreReportedAndReadingContinues() {
        ScriptParser.Result r = parse("""
                iptables -A INPUT -p tcp --dport 99999 -j ACCEPT
                iptables -D INPUT -p tcp --dport 8080 -j ACCEPT
                iptables -A INPTU -j DROP
                ipset add nosuchset 192.0.2.1
                iptables -A INPUT -j ACCEPT
                """);
        List<Diagnostic> ds = r.diagnostics().all().stream().filter(Diagnostic::isError).toList();
        assertThat(ds).extracting(Diagnostic::line).containsExactly(1, 2, 3, 4);
        assertThat(ds.get(1).code()).isEqualTo(DiagnosticCode.RULE_NOT_FOUND);
        assertThat(ds.get(2).code()).isEqualTo(DiagnosticCode.UNKNOWN_CHAIN);
        assertThat(ds.get(2).column()).isEqualTo(13);
        assertThat(ds.get(2).suggestion()).isEqualTo("did you mean 'INPUT'?");
        assertThat(ds.get(3).code()).isEqualTo(DiagnosticCode.UNKNOWN_SET);
        assertThat(rules(r.ipv4(), TableName.FILTER, "INPUT")).containsExactly("-A INPUT -j ACCEPT");
    }

    @Test
    void ipsetCommandsBuildSets() {
        ScriptParser.Result r = parse("""
                ipset -exist create ssh-ban hash:ip timeout 3600 comment
                ipset -! create ssh-ban hash:ip timeout 3600 comment
                ipset add ssh-ban 203.0.113.7 timeout 600 comment "brute force"
                ipset create web hash:ip,port
                ipset add web 192.0.2.10,tcp:80
                ipset add web 192.0.2.10,udp:5353
                ipset del web 192.0.2.10,udp:5353
                ipset create tmp hash:net
                ipset destroy tmp
                ipset save > /etc/ipset.conf
                ipset restore < /etc/ipset.conf
                """);
        assertThat(r.diagnostics().errorCount()).isZero();
        assertThat(r.ipsets().sets()).extracting(IpSet::name).containsExactly("ssh-ban", "web");
        IpSet ban = r.ipsets().find("ssh-ban").orElseThrow();
        assertThat(ban.entries()).singleElement().satisfies(e -> {
            assertThat(e.elementText()).isEqualTo("203.0.113.7");
            assertThat(e.options().timeout()).isEqualTo(600L);
            assertThat(e.options().comment()).isEqualTo("brute force");
        });
        assertThat(r.ipsets().find("web").orElseThrow().entries()).hasSize(1);
        assertThat(r.diagnostics().all()).singleElement().satisfies(d -> {
            assertThat(d.line()).isEqualTo(11);
            assertThat(d.message()).isEqualTo(
                    "skipped 'ipset restore': it reads sets from '/etc/ipset.conf'; check that file with 'rampart check'");
        });
    }
}
