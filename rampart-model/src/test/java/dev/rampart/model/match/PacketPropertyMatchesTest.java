package dev.rampart.model.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.Family;
import dev.rampart.model.Rule;
import dev.rampart.model.TableName;
import dev.rampart.model.diag.Diagnostic;
import dev.rampart.model.diag.Diagnostics;
import dev.rampart.model.parse.ChainLookup;
import dev.rampart.model.parse.LineReporter;
import dev.rampart.model.parse.RuleParser;
import dev.rampart.model.parse.ShellWords;
import dev.rampart.model.parse.Tokens;
import dev.rampart.model.write.CanonicalWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Behaviour of the group-B match modules beyond iptables' own vectors. */
class PacketPropertyMatchesTest {

    private record Parsed(List<Rule> rules, Diagnostics diags) {
        String printed(String chain) {
            return CanonicalWriter.ruleText(chain, rules.get(0));
        }

        String firstError() {
            return diags.all().stream().filter(Diagnostic::isError).map(Diagnostic::message).findFirst().orElse(null);
        }

        Diagnostic firstErrorDiag() {
            return diags.all().stream().filter(Diagnostic::isError).findFirst().orElseThrow();
        }
    }

    private static Parsed parse(Family family, TableName table, String chain, String rule) {
        Tokens tokens = new Tokens();
        assertThat(ShellWords.split(rule, tokens)).as(rule).isNull();
        Diagnostics diags = new Diagnostics("test");
        LineReporter rep = new LineReporter(diags);
        rep.at(1, rule);
        ChainLookup lookup = ChainLookup.builtinsOf(table);
        RuleParser.Result r = new RuleParser(family).parse(tokens, 0, table, chain, lookup, null, rep);
        return new Parsed(r.rules(), diags);
    }

    private static Parsed v4(String rule) {
        return parse(Family.IPV4, TableName.FILTER, "INPUT", rule);
    }

    private static Parsed v6(String rule) {
        return parse(Family.IPV6, TableName.FILTER, "INPUT", rule);
    }

    /** parse -> print -> parse gives the same record and the same text. */
    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {
            "4#-m time --timestart 23:00:00 --timestop 01:00:00 --weekdays Mon,Sat --kerneltz --contiguous",
            "4#-m string --hex-string \"|00ff|\" --algo kmp --from 2 --to 80 --icase",
            "4#-m string ! --string \"a\\\"b\" --algo bm",
            "4#-m policy --dir in --pol ipsec --strict --reqid 7 --spi 0x1f --proto ah ! --mode transport --next --proto esp",
            "4#-p sctp -m sctp ! --dport 80:90 --chunk-types only DATA:Be,ABORT:t",
            "4#-m u32 ! --u32 \"0x6&0xff=0x6&&0x4&0x3fff=0x0&&0x0>>0x16&0x3c@0xc>>0x1a&0x3c@0x8=0x1:0x3,0x7\"",
            "4#-m tos ! --tos 0x08/0x3f",
            "6#-m rt --rt-type 0 --rt-0-addrs 2001:db8::1,::1 --rt-0-not-strict",
            "6#-m ipv6header ! --header hop-by-hop,ipv6-frag,protocol --soft",
            "6#-m srh ! --srh-tag 9 --srh-psid 2001:db8::1/48",
            "6#-m frag ! --fragid 5:9 --fraglen 8 --fragfirst --fragmore",
            "6#-m ah ! --ahspi 3:4 ! --ahlen 0 --ahres",
            "4#-m devgroup ! --src-group 0x3/0xf --dst-group default",
            "4#-m realm ! --realm cosmos",
    })
    void roundTrips(String family, String spec) {
        Family f = family.equals("4") ? Family.IPV4 : Family.IPV6;
        TableName table = TableName.FILTER;
        String chain = spec.contains("--dst-group") ? "FORWARD" : "INPUT";
        Parsed first = parse(f, table, chain, spec);
        assertThat(first.firstError()).isNull();
        String printed = first.printed(chain);
        Parsed again = parse(f, table, chain, printed.substring(("-A " + chain + " ").length()));
        assertThat(again.firstError()).isNull();
        assertThat(again.printed(chain)).isEqualTo(printed);
        assertThat(again.rules().get(0).matches()).isEqualTo(first.rules().get(0).matches());
    }

    @Test
    void stringWithNonPrintableBytesIsSavedAsHex() {
        assertThat(v4("-m string --hex-string \"ab|0d0a|\" --algo bm").printed("INPUT"))
                .isEqualTo("-A INPUT -m string --hex-string \"|61620d0a|\" --algo bm");
        assertThat(v4("-m string --hex-string \"|41 42|\" --algo bm").printed("INPUT"))
                .isEqualTo("-A INPUT -m string --string \"AB\" --algo bm");
    }

    @Test
    void timeAlwaysPrintsTheDefaultDateStopAndInvertsDayLists() {
        assertThat(v4("-m time ! --weekdays Sat,Su --timestart 8:30").printed("INPUT"))
                .isEqualTo("-A INPUT -m time --timestart 08:30:00 --timestop 23:59:59 "
                        + "--weekdays Mon,Tue,Wed,Thu,Fri --datestop 2038-01-19T03:14:07");
        TimeMatch t = (TimeMatch) v4("-m time --datestart 2026-02-30").rules().get(0).matches().get(0);
        assertThat(t.dateStart()).as("mktime normalises Feb 30 to Mar 2").isEqualTo(1772409600L);
    }

    @Test
    void policyKeepsTheTunnelAddressUnmaskedAndDropsHostMasks() {
        assertThat(v4("-m policy --dir in --pol ipsec --mode tunnel --tunnel-src 10.1.2.3/8 --tunnel-dst 192.0.2.1/32")
                .printed("INPUT"))
                .isEqualTo("-A INPUT -m policy --dir in --pol ipsec --mode tunnel --tunnel-dst 192.0.2.1 "
                        + "--tunnel-src 10.1.2.3/8");
        assertThat(v4("-m policy --dir in --pol ipsec -p udp --dport 1701 -j ACCEPT").printed("INPUT"))
                .isEqualTo("-A INPUT -p udp -m policy --dir in --pol ipsec -m udp --dport 1701 -j ACCEPT");
    }

    @Test
    void diagnosticsSayWhatIsWrongAndHowToFixIt() {
        assertThat(v4("-m policy --dir in --pol ipsec --proto esp --tunnel-dst 10.0.0.0/8").firstError())
                .contains("only valid in tunnel mode");
        assertThat(parse(Family.IPV4, TableName.FILTER, "OUTPUT", "-m policy --dir in --pol ipsec").firstError())
                .contains("--dir in").contains("not valid in OUTPUT");
        assertThat(v4("-m ttl --ttl-eq 256").firstError()).contains("0 to 255");
        assertThat(v4("-m hl --hl-eq 1").rules().get(0).matches().get(0)).as("hl is IPv6 only")
                .isInstanceOf(UnknownMatch.class);
        assertThat(v6("-m ttl --ttl-eq 1").rules().get(0).matches().get(0)).as("ttl is IPv4 only")
                .isInstanceOf(UnknownMatch.class);
        assertThat(v4("-m ecn --ecn-tcp-ece").firstErrorDiag().suggestion()).contains("-p tcp");
        assertThat(v4("-m tos --tos Minimise-Delay").firstErrorDiag().suggestion()).contains("Minimize-Delay");
        assertThat(v4("-m dscp --dscp-class AF44").firstError()).contains("unknown DSCP class 'AF44'");
        assertThat(v4("-m rpfilter").firstError()).contains("raw and mangle");
        assertThat(parse(Family.IPV4, TableName.MANGLE, "FORWARD", "-m rpfilter").firstError())
                .contains("PREROUTING");
        assertThat(v4("-m string --string x --algo fsm").firstErrorDiag().suggestion()).contains("bm");
        assertThat(v4("-m string --string x --algo bm --from 9 --to 3").firstError()).contains("--from 9");
        assertThat(parse(Family.IPV4, TableName.FILTER, "OUTPUT", "-m physdev --physdev-out eth0").firstError())
                .contains("not supported in OUTPUT");
        assertThat(parse(Family.IPV6, TableName.FILTER, "OUTPUT", "-m eui64").firstError()).contains("OUTPUT");
        assertThat(v6("-m icmp6 --icmpv6-type echo-request").firstErrorDiag().suggestion()).contains("-p ipv6-icmp");
        assertThat(v4("-m length --length 9:3").firstErrorDiag().suggestion()).isEqualTo("write the range as 3:9");
        assertThat(v4("-m time --timestart 24:00").firstError()).contains("hh:mm[:ss]");
        assertThat(v4("-m time --timestart 22:00 --timestop 23:00 --contiguous").firstError())
                .contains("--contiguous");
        assertThat(v4("-m u32 --u32 \"0x0=\"").firstError()).contains("u32: at character");
    }

    @Test
    void recordsHoldSemanticValues() {
        Icmp6Match m = (Icmp6Match) v6("-p ipv6-icmp -m icmp6 ! --icmpv6-type no-route").rules().get(0).matches().get(0);
        assertThat(m).isEqualTo(new Icmp6Match(1, 0, 0, true));
        DscpMatch d = (DscpMatch) v4("-m dscp --dscp-class af41").rules().get(0).matches().get(0);
        assertThat(d.dscp()).isEqualTo(0x22);
        TtlMatch.Comparison op = ((TtlMatch) v4("-m ttl ! --ttl-eq 5").rules().get(0).matches().get(0)).op();
        assertThat(op.test(5, 5)).isFalse();
        assertThat(op.test(6, 5)).isTrue();
    }
}
