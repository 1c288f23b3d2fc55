package dev.rampart.model.target;

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
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Behaviour of the typed target extensions beyond iptables' own vectors. */
class TargetExtensionsTest {

    /** Outcome of parsing one rule: the rule (null on error) and the first error message. */
    record Parsed(Rule rule, String error) {
    }

    static Parsed parse(Family family, String table, String chain, String spec) {
        Tokens tokens = new Tokens();
        assertThat(ShellWords.split(spec, tokens)).isNull();
        TableName t = TableName.byId(table).orElseThrow();
        Diagnostics diags = new Diagnostics("test");
        LineReporter rep = new LineReporter(diags);
        rep.at(1, spec);
        ChainLookup lookup = new ChainLookup() {
            @Override
            public boolean exists(String name) {
                return t.isBuiltin(name) || name.equals("custom");
            }

            @Override
            public Collection<String> userChains() {
                return Set.of("custom");
            }
        };
        RuleParser.Result r = new RuleParser(family).parse(tokens, 0, t, chain, lookup, null, rep);
        String error = diags.all().stream().filter(Diagnostic::isError).map(Diagnostic::message).findFirst()
                .orElse(null);
        return new Parsed(r.ok() && error == null ? r.rules().get(0) : null, error);
    }

    static Target target(Family family, String table, String chain, String spec) {
        Parsed p = parse(family, table, chain, spec);
        assertThat(p.error()).as(spec).isNull();
        return p.rule().target();
    }

    static String error(Family family, String table, String chain, String spec) {
        Parsed p = parse(family, table, chain, spec);
        assertThat(p.rule()).as(spec).isNull();
        return p.error();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "4|nat|PREROUTING|-p tcp -j DNAT --to-destination 192.0.2.1-192.0.2.9:80-90/100 --random --persistent",
        "6|nat|OUTPUT|-p udp -j DNAT --to-destination [2001:db8::1]:53",
        "6|nat|PREROUTING|-j DNAT --to-destination 2001:db8::1-2001:db8::9",
        "4|nat|POSTROUTING|-p tcp -j SNAT --to-source :1024-2048 --random-fully",
        "4|nat|POSTROUTING|-p sctp -j MASQUERADE --to-ports 1024-65535 --random",
        "4|nat|OUTPUT|-p tcp -j REDIRECT --to-ports 3128",
        "4|nat|PREROUTING|-j NETMAP --to 10.1.0.0/255.255.0.255",
        "4|mangle|FORWARD|-j MARK --set-xmark 0x10/0xf0",
        "4|mangle|FORWARD|-j CONNMARK --save-mark --nfmask 0xff --ctmask 0xff00 --right-shift-mark 8",
        "4|raw|PREROUTING|-p tcp -j CT --helper ftp --ctevents new,destroy --zone-orig mark",
        "4|filter|INPUT|-j NFLOG --nflog-prefix \"a b\" --nflog-group 5 --nflog-size 128 --nflog-threshold 3",
        "4|filter|INPUT|-j NFQUEUE --queue-balance 2:5 --queue-bypass --queue-cpu-fanout",
        "4|filter|INPUT|-j SET --add-set blocked src,dst --exist --timeout 60",
        "4|filter|FORWARD|-j SET --map-set m dst --map-mark --map-queue",
        "4|mangle|PREROUTING|-p udp -j TPROXY --on-port 53 --on-ip 0.0.0.0 --tproxy-mark 0x1/0x1",
        "6|mangle|PREROUTING|-j HL --hl-dec 2",
        "4|mangle|POSTROUTING|-j TOS --set-tos 0x00/0xed",
        "4|mangle|POSTROUTING|-j CLASSIFY --set-class 0001:00ff",
        "4|filter|INPUT|-j HMARK --hmark-src-prefix 24 --hmark-rnd 0x00000004 --hmark-mod 4 --hmark-tuple ct",
        "4|filter|INPUT|-j LED --led-trigger-id \"a\\\"b\" --led-delay inf",
        "4|filter|INPUT|-j RATEEST --rateest-name r --rateest-interval 1.0s --rateest-ewmalog 8.0s",
        "4|mangle|POSTROUTING|-p tcp -j TCPOPTSTRIP --strip-options 2,19",
        "6|mangle|OUTPUT|-j DNPT --src-pfx 2001:db8::/48 --dst-pfx fd00::/48",
    })
    void canonicalRulesRoundTripToEqualRecords(int fam, String table, String chain, String spec) {
        Family family = fam == 4 ? Family.IPV4 : Family.IPV6;
        Parsed first = parse(family, table, chain, spec);
        assertThat(first.error()).as(spec).isNull();
        String printed = CanonicalWriter.ruleText(chain, first.rule());
        assertThat(printed).isEqualTo("-A " + chain + " " + spec);
        Parsed again = parse(family, table, chain, printed.substring(("-A " + chain + " ").length()));
        assertThat(again.rule().target()).isEqualTo(first.rule().target());
    }

    @Test
    void natTargetsNameTheTableAndChainsTheKernelAllows() {
        assertThat(error(Family.IPV4, "filter", "INPUT", "-j DNAT --to-destination 192.0.2.1"))
                .isEqualTo("target 'DNAT': -j DNAT is only valid in table 'nat', not in 'filter'");
        assertThat(error(Family.IPV4, "nat", "POSTROUTING", "-j DNAT --to-destination 192.0.2.1"))
                .isEqualTo("target 'DNAT': -j DNAT is only valid in chains PREROUTING and OUTPUT"
                        + " (or user chains called only from them), not in POSTROUTING");
        assertThat(error(Family.IPV4, "nat", "OUTPUT", "-j MASQUERADE")).contains("only valid in chain POSTROUTING");
        // a user chain is checked by the kernel against its callers, so it is accepted here
        assertThat(target(Family.IPV4, "nat", "custom", "-j SNAT --to-source 192.0.2.1")).isInstanceOf(SnatTarget.class);
    }

    @Test
    void portMappingsNeedAPortProtocol() {
        assertThat(error(Family.IPV4, "nat", "PREROUTING", "-j DNAT --to-destination 192.0.2.1:80"))
                .contains("a port mapping needs '-p tcp', '-p udp', '-p sctp' or '-p dccp'");
        assertThat(error(Family.IPV4, "nat", "PREROUTING", "-p tcp -j REDIRECT --to-ports 80:90"))
                .contains("use a dash between the ports");
        assertThat(error(Family.IPV4, "nat", "PREROUTING", "-p tcp -j DNAT --to-destination 10.1:80"))
                .contains("bad IPv4 address '10.1'");
    }

    @Test
    void shiftedPortMapsAreOnlyAcceptedByDnat() {
        // iptables would accept these for SNAT/MASQUERADE and then print a base port of 0
        assertThat(error(Family.IPV4, "nat", "POSTROUTING", "-p tcp -j SNAT --to-source 192.0.2.1:1000-2000/1500"))
                .contains("shifted port maps ('/1500') are only supported by -j DNAT");
        DnatTarget d = (DnatTarget) target(Family.IPV4, "nat", "PREROUTING",
                "-p tcp -j DNAT --to-destination 192.0.2.1:1000-2000/ftp");
        assertThat(d.to().basePort()).isEqualTo(21);
        assertThat(d.to().ports().from()).isEqualTo(1000);
    }

    @Test
    void markFormsNormaliseToXmarkAndApplyLikeTheKernel() {
        MarkTarget and = (MarkTarget) target(Family.IPV4, "mangle", "OUTPUT", "-j MARK --and-mark 0xff");
        assertThat(and).isEqualTo(new MarkTarget(0, 0xffffff00L));
        assertThat(and.apply(0x1234)).isEqualTo(0x34);
        MarkTarget set = (MarkTarget) target(Family.IPV4, "mangle", "OUTPUT", "-j MARK --set-mark 0x1/0xf");
        assertThat(set).isEqualTo(new MarkTarget(1, 0xf));
        assertThat(set.apply(0xf0f)).isEqualTo(0xf01);
        assertThat(error(Family.IPV4, "mangle", "OUTPUT", "-j MARK --set-mark 1 --or-mark 2"))
                .contains("--set-mark and --or-mark cannot be combined");
    }

    @Test
    void connmarkAppliesOptionsInTheOrderWritten() {
        ConnmarkTarget later = (ConnmarkTarget) target(Family.IPV4, "mangle", "OUTPUT",
                "-j CONNMARK --set-mark 0x1 --ctmask 0xff");
        assertThat(later.ctmask()).isEqualTo(0xff);
        ConnmarkTarget earlier = (ConnmarkTarget) target(Family.IPV4, "mangle", "OUTPUT",
                "-j CONNMARK --ctmask 0xff --set-mark 0x1");
        assertThat(earlier.ctmask()).isEqualTo(0xffffffffL);
    }

    @Test
    void kernelPlacementRulesAreReported() {
        assertThat(error(Family.IPV4, "mangle", "PREROUTING", "-p tcp -j TCPMSS --clamp-mss-to-pmtu"))
                .contains("--clamp-mss-to-pmtu is only valid in chains FORWARD, OUTPUT and POSTROUTING");
        assertThat(error(Family.IPV4, "mangle", "FORWARD", "-j TCPMSS --set-mss 1400"))
                .contains("needs '-p tcp'");
        assertThat(error(Family.IPV4, "mangle", "INPUT", "-j REJECT"))
                .contains("-j REJECT is only valid in table 'filter'");
        assertThat(error(Family.IPV4, "filter", "INPUT", "-j CT --notrack")).contains("only valid in table 'raw'");
        assertThat(error(Family.IPV4, "mangle", "PREROUTING", "-p tcp ! --dport 80 -j TPROXY --on-port 1 ! -p udp"))
                .isNotNull();
        assertThat(error(Family.IPV6, "mangle", "PREROUTING", "-j SNPT --src-pfx 2001:db8::1/64 --dst-pfx fd00::/64"))
                .contains("has bits set after the prefix length");
    }

    @Test
    void notrackAndTraceKeepTheirNames() {
        assertThat(target(Family.IPV4, "raw", "PREROUTING", "-j NOTRACK").name()).isEqualTo("NOTRACK");
        // nft implements TRACE natively, so it is not limited to raw
        assertThat(target(Family.IPV4, "filter", "INPUT", "-j TRACE")).isEqualTo(new TraceTarget());
    }

    @Test
    void terminalTargetsEndTheChain() {
        assertThat(target(Family.IPV4, "nat", "POSTROUTING", "-j MASQUERADE").isTerminal()).isTrue();
        assertThat(target(Family.IPV4, "filter", "INPUT", "-j NFQUEUE").isTerminal()).isTrue();
        assertThat(target(Family.IPV4, "filter", "INPUT", "-j NFLOG").isTerminal()).isFalse();
        assertThat(target(Family.IPV4, "mangle", "INPUT", "-j MARK --set-mark 1").isTerminal()).isFalse();
    }

    @Test
    void familySpecificTargetsAreNotModelledInTheOtherFamily() {
        assertThat(target(Family.IPV6, "mangle", "INPUT", "-j TTL --ttl-set 1").isKnown()).isFalse();
        assertThat(target(Family.IPV4, "mangle", "INPUT", "-j HL --hl-set 1").isKnown()).isFalse();
        assertThat(target(Family.IPV4, "mangle", "INPUT", "-j TTL --ttl-set 1")).isEqualTo(
                new TtlTarget(false, TtlTarget.Mode.SET, 1));
    }

    @Test
    void rateestPrintsTheKernelsRoundedTimes() {
        Target t = target(Family.IPV4, "filter", "INPUT",
                "-j RATEEST --rateest-name r --rateest-interval 300ms --rateest-ewmalog 2s");
        assertThat(CanonicalWriter.ruleText("INPUT", new Rule(parse(Family.IPV4, "filter", "INPUT", "-j ACCEPT").rule()
                .header(), List.of(), t, null, null)))
                .isEqualTo("-A INPUT -j RATEEST --rateest-name r --rateest-interval 500.0ms --rateest-ewmalog 2.0s");
    }
}
