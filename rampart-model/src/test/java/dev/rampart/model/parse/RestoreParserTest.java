package dev.rampart.model.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.Family;
import dev.rampart.model.Policy;
import dev.rampart.model.Ruleset;
import dev.rampart.model.TableName;
import dev.rampart.model.diag.Diagnostic;
import dev.rampart.model.diag.DiagnosticCode;
import dev.rampart.model.write.CanonicalWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestoreParserTest {

    static RestoreParser.Result parse(String text) {
        return new RestoreParser(Family.IPV4).parse(text, "t.rules");
    }

    static String fmt(String text) {
        RestoreParser.Result r = parse(text);
        assertThat(r.diagnostics().all()).filteredOn(Diagnostic::isError).isEmpty();
        return new CanonicalWriter(false).write(r.ruleset());
    }

    static List<DiagnosticCode> codes(RestoreParser.Result r) {
        return r.diagnostics().all().stream().map(Diagnostic::code).toList();
    }

    @Test
    void printsTablesInSaveOrderWithAllBuiltinChainsAndSortedUserChains() {
        String out = fmt("*nat\n:zeta - [0:0]\n:alpha - [0:0]\nCOMMIT\n*filter\n:INPUT DROP [1:2]\n:b - [0:0]\n:B - [0:0]\n"
                + "-A INPUT -j b\nCOMMIT\n");
        assertThat(out).isEqualTo("*filter\n:INPUT DROP [1:2]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:B - [0:0]\n"
                + ":b - [0:0]\n-A INPUT -j b\nCOMMIT\n*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n"
                + ":OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n:alpha - [0:0]\n:zeta - [0:0]\nCOMMIT\n");
    }

    @Test
    void normalisesRulesLikeIptablesSave() {
        String out = fmt("*filter\n-A INPUT -p 6 --dport 22 -s 10.1.2.3/8 -j ACCEPT\n"
                + "-A INPUT -d 10.11.12.13/255.0.255.0 -p tcp -m tcp --sport 1024: -j DROP\n"
                + "-A INPUT --protocol=udp --destination-port 53 -j ACCEPT\nCOMMIT\n");
        assertThat(out).contains("-A INPUT -s 10.0.0.0/8 -p tcp -m tcp --dport 22 -j ACCEPT\n")
                .contains("-A INPUT -d 10.0.12.0/255.0.255.0 -p tcp -m tcp --sport 1024:65535 -j DROP\n")
                .contains("-A INPUT -p udp -m udp --dport 53 -j ACCEPT\n");
    }

    @Test
    void expandsAddressListsIntoOneRuleEach() {
        String out = fmt("*filter\n-A INPUT -s 192.0.2.1,192.0.2.2 -d 198.51.100.1,198.51.100.2 -j DROP\nCOMMIT\n");
        assertThat(out).contains("-A INPUT -s 192.0.2.1/32 -d 198.51.100.1/32 -j DROP\n"
                + "-A INPUT -s 192.0.2.1/32 -d 198.51.100.2/32 -j DROP\n"
                + "-A INPUT -s 192.0.2.2/32 -d 198.51.100.1/32 -j DROP\n"
                + "-A INPUT -s 192.0.2.2/32 -d 198.51.100.2/32 -j DROP\n");
    }

    @Test
    void keepsCountersAndPrintsThemWithDashC() {
        RestoreParser.Result r = parse("*filter\n:INPUT ACCEPT [10:2000]\n[5:300] -A INPUT -j ACCEPT\nCOMMIT\n");
        assertThat(new CanonicalWriter(true).write(r.ruleset())).contains(":INPUT ACCEPT [10:2000]\n").contains("\n[5:300] -A INPUT -j ACCEPT\n");
    }

    @Test
    void readsCrlfFilesWithAWarning() {
        RestoreParser.Result r = parse("*filter\r\n:INPUT DROP [0:0]\r\n-A INPUT -i lo -j ACCEPT\r\nCOMMIT\r\n");
        assertThat(codes(r)).containsExactly(DiagnosticCode.CRLF_LINE_ENDINGS);
        assertThat(r.ruleset().table(TableName.FILTER).orElseThrow().chain("INPUT").orElseThrow().policy())
                .isEqualTo(Policy.DROP);
        assertThat(r.ruleset().ruleCount()).isEqualTo(1);
    }

    @Test
    void skipsProseAndShellPromptsBeforeTheDump() {
        RestoreParser.Result r = parse("root@host:~# iptables-save\nHere is my config:\n*filter\n-A INPUT -j ACCEPT\nCOMMIT\n");
        assertThat(codes(r)).containsExactly(DiagnosticCode.SKIPPED_TEXT);
        assertThat(r.diagnostics().all().get(0).line()).isEqualTo(1);
        assertThat(r.diagnostics().all().get(0).message()).contains("2 lines");
        assertThat(r.ruleset().ruleCount()).isEqualTo(1);
    }

    @Test
    void acceptsBuiltinChainsWithoutDeclaration() {
        RestoreParser.Result r = parse("*filter\n-A FORWARD -j DROP\nCOMMIT\n");
        assertThat(r.diagnostics().all()).isEmpty();
    }

    @Test
    void reportsTruncatedFileAtTheTableLine() {
        RestoreParser.Result r = parse("*filter\n:INPUT DROP [0:0]\n-A INPUT -j ACCEPT\n");
        assertThat(codes(r)).containsExactly(DiagnosticCode.TABLE_NOT_COMMITTED);
        assertThat(r.diagnostics().all().get(0).line()).isEqualTo(1);
        assertThat(r.ruleset().ruleCount()).isEqualTo(1);
    }

    @Test
    void acceptsOldStyleNegationWithAWarning() {
        RestoreParser.Result r = parse("*filter\n-A INPUT -d ! 10.0.0.1 -p tcp --dport ! 22 -j DROP\nCOMMIT\n");
        assertThat(codes(r)).containsExactly(DiagnosticCode.OLD_NEGATION, DiagnosticCode.OLD_NEGATION);
        assertThat(new CanonicalWriter(false).write(r.ruleset()))
                .contains("-A INPUT ! -d 10.0.0.1/32 -p tcp -m tcp ! --dport 22 -j DROP");
    }

    @Test
    void reportsEveryErrorWithColumnAndHint() {
        RestoreParser.Result r = parse("*filter\n-A INPUT -p tcp -j ACCPET\n-A INPUT -s 10.0.0.256 -j DROP\n"
                + "-A NOPE -j DROP\n-A INPUT --dport 22 -j ACCEPT\nCOMMIT\n");
        List<Diagnostic> d = r.diagnostics().all();
        assertThat(d).extracting(Diagnostic::code).containsExactly(DiagnosticCode.UNKNOWN_TARGET,
                DiagnosticCode.INVALID_ADDRESS, DiagnosticCode.UNKNOWN_CHAIN, DiagnosticCode.UNKNOWN_OPTION);
        assertThat(d.get(0).headline()).isEqualTo("t.rules:2:20: error[E304]: unknown target 'ACCPET'");
        assertThat(d.get(0).suggestion()).isEqualTo("did you mean 'ACCEPT'?");
        assertThat(d.get(1).column()).isEqualTo(13);
        assertThat(d.get(2).column()).isEqualTo(4);
        assertThat(d.get(3).suggestion()).contains("-m tcp");
    }

    @Test
    void rejectsJumpToUndeclaredChainAndSuggestsTheClosest() {
        RestoreParser.Result r = parse("*filter\n:LOG_DROP - [0:0]\n-A INPUT -j LOG_DRP\nCOMMIT\n");
        assertThat(codes(r)).containsExactly(DiagnosticCode.UNKNOWN_CHAIN);
        assertThat(r.diagnostics().all().get(0).suggestion()).isEqualTo("did you mean 'LOG_DROP'?");
    }

    @Test
    void keepsUnknownModulesVerbatimAndFlagsThem() {
        RestoreParser.Result r = parse("*filter\n-A INPUT -m geoip --src-cc CN,RU -j DROP\nCOMMIT\n");
        assertThat(codes(r)).containsExactly(DiagnosticCode.UNKNOWN_MATCH_KEPT);
        Ruleset rs = r.ruleset();
        assertThat(rs.table(TableName.FILTER).orElseThrow().chain("INPUT").orElseThrow().rules().get(0)
                .hasUnknownParts()).isTrue();
        assertThat(new CanonicalWriter(false).write(rs)).contains("-A INPUT -m geoip --src-cc CN,RU -j DROP\n");
    }

    @Test
    void tokenizesQuotesExactlyLikeIptablesRestore() {
        String out = fmt("*filter\n-A INPUT -m comment --comment \"a \\\"quoted\\\" word\" -j ACCEPT\n"
                + "-A INPUT -m comment --comment plain_-1 -j ACCEPT\nCOMMIT\n");
        assertThat(out).contains("--comment \"a \\\"quoted\\\" word\"").contains("--comment plain_-1 -j");
    }

    @Test
    void rejectsUnterminatedQuoteAndOverlongArguments() {
        RestoreParser.Result r = parse("*filter\n-A INPUT -m comment --comment \"open -j ACCEPT\n-A INPUT -m comment --comment "
                + "x".repeat(1100) + "\nCOMMIT\n");
        assertThat(codes(r)).containsExactly(DiagnosticCode.UNTERMINATED_QUOTE, DiagnosticCode.PARAMETER_TOO_LONG);
    }

    @Test
    void supportsCommandsInsideATable() {
        String out = fmt("*filter\n:X - [0:0]\n-A INPUT -j DROP\n-I INPUT 1 -i lo -j ACCEPT\n-N Y\n-A Y -j RETURN\n"
                + "-D INPUT -j DROP\n-E X Z\n-P FORWARD DROP\nCOMMIT\n");
        assertThat(out).isEqualTo("*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n"
                + ":Y - [0:0]\n:Z - [0:0]\n-A INPUT -i lo -j ACCEPT\n-A Y -j RETURN\nCOMMIT\n");
    }

    @Test
    void roundTripIsStable() {
        String once = fmt("*filter\n:INPUT DROP [0:0]\n-A INPUT -p tcp -m tcp --syn -m comment --comment \"new ssh\" "
                + "--dport 22 -j ACCEPT\n-A INPUT ! -i eth+ -f -j LOG --log-prefix \"frag: \" --log-level warning\nCOMMIT\n");
        assertThat(fmt(once)).isEqualTo(once);
        assertThat(once).contains("-A INPUT -p tcp -m tcp --dport 22 --tcp-flags FIN,SYN,RST,ACK SYN -m comment --comment \"new ssh\" -j ACCEPT")
                .contains("-A INPUT ! -i eth+ -f -j LOG --log-prefix \"frag: \"\n");
    }

    @Test
    void ipv6AddressesPrintLikeInetNtop() {
        RestoreParser.Result r = new RestoreParser(Family.IPV6).parse(
                "*filter\n-A INPUT -s 2001:DB8:0:0:0:0:0:1/64 -d ::ffff:192.0.2.1 -j ACCEPT\nCOMMIT\n", "t6");
        assertThat(new CanonicalWriter(false).write(r.ruleset()))
                .contains("-A INPUT -s 2001:db8::/64 -d ::ffff:192.0.2.1/128 -j ACCEPT");
    }
}
