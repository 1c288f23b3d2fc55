package dev.rampart.analysis.spoofing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.Family;
import dev.rampart.model.Ruleset;
import dev.rampart.model.TableName;
import dev.rampart.model.match.CtState;
import dev.rampart.model.net.IpAddress;
import dev.rampart.model.net.IpPrefix;
import dev.rampart.model.parse.RestoreParser;
import dev.rampart.model.target.NotrackTarget;
import dev.rampart.sim.engine.CounterRef;
import dev.rampart.sim.engine.Simulator;
import dev.rampart.sim.engine.TraceResult;
import dev.rampart.sim.engine.Verdict;
import dev.rampart.sim.packet.Packet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The spoofing check on small rulesets: protected and leaking interfaces, leaks through user chains, the
 * "everything-else" uplink, IPv6, raw-table anti-spoofing, approximated matches. Every certain leak's
 * witness is replayed through the simulator (stateless): it arrives on the interface with a source the
 * interface does not own, and the simulator accepts it with the rule the leak names.
 */
class SpoofingCheckTest {
    static final String HEAD = "*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n";
    static final String GATEWAY = "{\"eth0\": [\"everything-else\"], \"eth1\": [\"198.18.1.0/24\"], \"lo\": [\"127.0.0.0/8\", \"::1/128\"]}";

    static Ruleset parse(String text, Family family) {
        RestoreParser.Result r = new RestoreParser(family).parse(text, "t");
        assertThat(r.diagnostics().hasErrors()).as(text).isFalse();
        return r.ruleset();
    }

    static InterfaceAssignment assignment(String json) {
        InterfacesFileParser.Result r = InterfacesFileParser.parse(json, "ifaces.json");
        assertThat(r.diagnostics().all()).as(json).isEmpty();
        return r.assignment();
    }

    static SpoofingReport check(String rules, Family family, String json, List<String> chains) {
        Ruleset rs = parse(rules, family);
        InterfaceAssignment a = assignment(json);
        SpoofingReport report = SpoofingCheck.check(List.of(rs), a, chains, SpoofingCheck.DEFAULT_STATES);
        replay(rs, a, report, SpoofingCheck.DEFAULT_STATES);
        return report;
    }

    /** Every certain leak's witness: on the interface, spoofed, in one of {@code states}, accepted by the named rule. */
    static void replay(Ruleset rs, InterfaceAssignment a, SpoofingReport report, Set<CtState> states) {
        Simulator sim = Simulator.builder(rs).stateless(true).build();
        for (InterfaceResult r : report.results()) {
            for (Leak leak : r.leaks()) {
                Packet w = leak.witness();
                assertThat(w.in()).as("%s", leak).isEqualTo(r.iface());
                assertThat(w.out() != null).isEqualTo(r.chain().equals("FORWARD"));
                if (w.ctState() == CtState.UNTRACKED && !states.contains(CtState.UNTRACKED)) {
                    // an UNTRACKED copy: the packet arrives as one of the states, and raw NOTRACKs it
                    TraceResult arriving = sim.process(w.toBuilder().ctState(states.iterator().next()).build());
                    assertThat(arriving.matched()).as("a raw rule NOTRACKs %s", w)
                            .anyMatch(m -> m.table() == TableName.RAW && !m.isPolicy()
                                    && rs.table(TableName.RAW).orElseThrow().chain(m.chain()).orElseThrow()
                                    .rules().get(m.rule() - 1).target() instanceof NotrackTarget);
                } else {
                    assertThat(w.ctState()).isIn(states);
                }
                assertThat(owns(a, r.iface(), w.src())).as("witness source %s is spoofed on %s", w.src(), r.iface())
                        .isFalse();
                assertThat(leak.sources()).isNotEmpty();
                if (leak.certain()) {
                    TraceResult t = sim.process(w);
                    assertThat(t.verdict()).as("%s", leak).isEqualTo(Verdict.ACCEPT);
                    assertThat(t.decidedBy()).isEqualTo(leak.rule());
                }
            }
        }
    }

    /** Whether {@code iface} may send {@code src}, computed from the file directly (not from packet sets). */
    static boolean owns(InterfaceAssignment a, String iface, IpAddress src) {
        AssignedInterface i = a.get(iface).orElseThrow();
        if (i.prefixes().stream().anyMatch(src::in)) {
            return true;
        }
        if (!i.everythingElse()) {
            return false;
        }
        return a.interfaces().stream().filter(o -> !o.name().equals(iface))
                .noneMatch(o -> o.prefixes().stream().anyMatch(src::in));
    }

    static InterfaceResult result(SpoofingReport report, String chain, String iface) {
        return report.results().stream().filter(r -> r.chain().equals(chain) && r.iface().equals(iface))
                .findFirst().orElseThrow();
    }

    @Test
    void aGatewayWithAntiSpoofingRulesIsProtected() {
        SpoofingReport r = check(HEAD
                + "-A INPUT -i lo -s 127.0.0.0/8 -j ACCEPT\n"
                + "-A FORWARD -i eth0 -s 198.18.1.0/24 -j DROP\n"
                + "-A FORWARD -i eth0 -s 127.0.0.0/8 -j DROP\n"
                + "-A FORWARD -i eth1 -s 198.18.1.0/24 -j ACCEPT\n"
                + "-A FORWARD -i eth0 -o eth1 -d 198.18.1.0/24 -j ACCEPT\n"
                + "COMMIT\n", Family.IPV4, GATEWAY, SpoofingCheck.CHAINS);
        assertThat(r.results()).hasSize(5);
        assertThat(r.results()).allMatch(InterfaceResult::isProtected);
        assertThat(r.notes()).anyMatch(n -> n.startsWith("lo is not checked in FORWARD"));
        assertThat(r.allProtected()).isTrue();
    }

    @Test
    void anAcceptByInterfaceAloneLeaksEverySpoofedSource() {
        SpoofingReport r = check(HEAD + "-A FORWARD -i eth1 -j ACCEPT\nCOMMIT\n", Family.IPV4, GATEWAY,
                List.of("FORWARD"));
        InterfaceResult eth1 = result(r, "FORWARD", "eth1");
        assertThat(eth1.isProtected()).isFalse();
        assertThat(eth1.leaks()).singleElement().satisfies(l -> {
            assertThat(l.rule()).isEqualTo(new CounterRef(TableName.FILTER, "FORWARD", 1));
            assertThat(l.certain()).isTrue();
            assertThat(l.witness().src()).isEqualTo(IpAddress.parse("192.0.2.1"));
        });
        // everything but 198.18.1.0/24, in the fewest blocks
        assertThat(eth1.spoofedAccepted()).startsWith("0.0.0.0/1", "128.0.0.0/2", "192.0.0.0/6")
                .doesNotContain("198.18.1.0/24").contains("198.18.0.0/24", "198.18.2.0/23", "198.19.0.0/16");
        assertThat(eth1.everySpoofedSourceAccepted()).isTrue();
        assertThat(result(r, "FORWARD", "eth0").isProtected()).isTrue();
    }

    @Test
    void theUplinkMaySendEverythingElseButNotTheInsideNetworks() {
        SpoofingReport r = check(HEAD + "-A FORWARD -i eth0 -o eth1 -j ACCEPT\nCOMMIT\n", Family.IPV4, GATEWAY,
                List.of("FORWARD"));
        InterfaceResult eth0 = result(r, "FORWARD", "eth0");
        assertThat(eth0.spoofedAccepted()).containsExactly("127.0.0.0/8", "198.18.1.0/24");
        assertThat(eth0.leaks()).singleElement().satisfies(l -> assertThat(l.witness().src().toString())
                .matches("127\\..*|198\\.18\\.1\\..*"));
    }

    @Test
    void aLeakThroughAUserChainNamesTheRuleInThatChain() {
        SpoofingReport r = check("*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n:fw - [0:0]\n"
                + "-A FORWARD -j fw\n"
                + "-A fw -i eth1 -s 198.18.1.0/24 -j ACCEPT\n"
                + "-A fw -i eth1 -p tcp --dport 443 -j ACCEPT\n"
                + "COMMIT\n", Family.IPV4, GATEWAY, List.of("FORWARD"));
        InterfaceResult eth1 = result(r, "FORWARD", "eth1");
        assertThat(eth1.leaks()).singleElement().satisfies(l -> {
            assertThat(l.rule()).isEqualTo(new CounterRef(TableName.FILTER, "fw", 2));
            assertThat(l.witness().dport()).isEqualTo(443);
        });
    }

    @Test
    void perInterfaceRangeChainsWithReturnProtect() {
        // the TUM shape: -i IF -j ranges_IF; ranges_IF RETURNs owned sources and drops the rest
        String rules = "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:ranges_1 - [0:0]\n"
                + "-A FORWARD -i eth1 -j ranges_1\n"
                + "-A FORWARD -j ACCEPT\n"
                + "-A ranges_1 -s 198.18.1.0/25 -j RETURN\n"
                + "-A ranges_1 -s 198.18.1.128/25 -j RETURN\n"
                + "-A ranges_1 -j DROP\n"
                + "COMMIT\n";
        SpoofingReport r = check(rules, Family.IPV4, GATEWAY, List.of("FORWARD"));
        assertThat(result(r, "FORWARD", "eth1").isProtected()).isTrue();
        InterfaceResult eth0 = result(r, "FORWARD", "eth0");
        assertThat(eth0.leaks()).singleElement().satisfies(l ->
                assertThat(l.rule()).isEqualTo(new CounterRef(TableName.FILTER, "FORWARD", 2)));
        // a policy ACCEPT is a leak too, named as the policy
        SpoofingReport noDrop = check(rules.replace("-A ranges_1 -j DROP\n", "").replace("-A FORWARD -j ACCEPT\n", ""),
                Family.IPV4, GATEWAY, List.of("FORWARD"));
        assertThat(result(noDrop, "FORWARD", "eth1").leaks()).singleElement().satisfies(l ->
                assertThat(l.rule()).isEqualTo(CounterRef.policy(TableName.FILTER, "FORWARD")));
    }

    @Test
    void antiSpoofingInTheRawTableIsCredited() {
        String rules = "*raw\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:spoof - [0:0]\n"
                + "-A PREROUTING -i eth1 -j spoof\n"
                + "-A spoof -s 198.18.1.0/24 -j RETURN\n"
                + "-A spoof -j DROP\n"
                + "COMMIT\n" + HEAD + "-A FORWARD -i eth1 -j ACCEPT\n-A INPUT -i eth1 -j ACCEPT\nCOMMIT\n";
        SpoofingReport r = check(rules, Family.IPV4, GATEWAY, SpoofingCheck.CHAINS);
        assertThat(result(r, "FORWARD", "eth1").isProtected()).isTrue();
        assertThat(result(r, "INPUT", "eth1").isProtected()).isTrue();
    }

    @Test
    void packetsTheRawTableUntracksAreCheckedAsUntracked() {
        // spoofed DNS queries to the resolver are NOTRACKed in raw and pass the UNTRACKED accept
        String rules = "*raw\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
                + "-A PREROUTING -d 198.18.1.53/32 -p udp -m udp --dport 53 -j NOTRACK\n"
                + "COMMIT\n" + HEAD
                + "-A FORWARD -m state --state RELATED,ESTABLISHED,UNTRACKED -j ACCEPT\n"
                + "-A FORWARD -i eth1 -s 198.18.1.0/24 -j ACCEPT\n"
                + "COMMIT\n";
        SpoofingReport r = check(rules, Family.IPV4, GATEWAY, List.of("FORWARD"));
        InterfaceResult eth1 = result(r, "FORWARD", "eth1");
        assertThat(eth1.leaks()).singleElement().satisfies(l -> {
            assertThat(l.rule().rule()).isEqualTo(1);
            assertThat(l.certain()).isTrue();
            assertThat(l.witness().ctState()).isEqualTo(CtState.UNTRACKED);
            assertThat(l.witness().dst()).isEqualTo(IpAddress.parse("198.18.1.53"));
            assertThat(l.witness().dport()).isEqualTo(53);
        });
        // without the NOTRACK the UNTRACKED accept lets no NEW packet through
        SpoofingReport tracked = check(rules.replace("-A PREROUTING -d 198.18.1.53/32 -p udp -m udp --dport 53 -j NOTRACK\n", ""),
                Family.IPV4, GATEWAY, List.of("FORWARD"));
        assertThat(tracked.allProtected()).isTrue();
    }

    @Test
    void anRpfilterDropIsApproximatedAndNamed() {
        String rules = "*raw\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
                + "-A PREROUTING -m rpfilter --invert -j DROP\n"
                + "COMMIT\n" + HEAD + "-A FORWARD -i eth0 -j ACCEPT\nCOMMIT\n";
        SpoofingReport r = check(rules, Family.IPV4, GATEWAY, List.of("FORWARD"));
        InterfaceResult eth0 = result(r, "FORWARD", "eth0");
        assertThat(eth0.isProtected()).isFalse();
        assertThat(eth0.certainlyLeaks()).isFalse();
        assertThat(eth0.leaks()).singleElement().satisfies(l ->
                assertThat(l.approximations()).anyMatch(a -> a.startsWith("raw:PREROUTING:rule:1") && a.contains("rpfilter")));
        assertThat(r.notes()).anyMatch(n -> n.contains("raw:PREROUTING:rule:1 uses -m rpfilter"));
    }

    @Test
    void inputIsCheckedSeparatelyFromForward() {
        SpoofingReport r = check(HEAD + "-A INPUT -i eth1 -p tcp --dport 22 -j ACCEPT\n"
                + "-A FORWARD -i eth1 -s 198.18.1.0/24 -j ACCEPT\nCOMMIT\n", Family.IPV4, GATEWAY, SpoofingCheck.CHAINS);
        assertThat(result(r, "FORWARD", "eth1").isProtected()).isTrue();
        InterfaceResult in = result(r, "INPUT", "eth1");
        assertThat(in.isProtected()).isFalse();
        assertThat(in.leaks().get(0).witness().out()).isNull();
        assertThat(in.leaks().get(0).witness().dport()).isEqualTo(22);
    }

    @Test
    void ipv6IsCheckedWithItsOwnPrefixes() {
        String json = "{\"eth0\": [\"everything-else\"], \"eth1\": [\"2001:db8:1::/48\", \"198.18.1.0/24\"]}";
        String rules = "*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n"
                + "-A FORWARD -i eth1 -s 2001:db8:1::/48 -j ACCEPT\n"
                + "-A FORWARD -i eth1 -s 2001:db8::/32 -p udp -j ACCEPT\n"
                + "-A FORWARD -i eth0 -j ACCEPT\n"
                + "COMMIT\n";
        SpoofingReport r = check(rules, Family.IPV6, json, List.of("FORWARD"));
        InterfaceResult eth1 = result(r, "FORWARD", "eth1");
        assertThat(eth1.family()).isEqualTo(Family.IPV6);
        assertThat(eth1.leaks()).singleElement().satisfies(l -> {
            assertThat(l.rule().rule()).isEqualTo(2);
            assertThat(l.sources()).containsExactly("2001:db8::/48", "2001:db8:2::/47", "2001:db8:4::/46",
                    "2001:db8:8::/45", "2001:db8:10::/44", "2001:db8:20::/43", "2001:db8:40::/42", "2001:db8:80::/41",
                    "2001:db8:100::/40", "2001:db8:200::/39", "2001:db8:400::/38", "2001:db8:800::/37",
                    "2001:db8:1000::/36", "2001:db8:2000::/35", "2001:db8:4000::/34", "2001:db8:8000::/33");
        });
        InterfaceResult eth0 = result(r, "FORWARD", "eth0");
        assertThat(eth0.spoofedAccepted()).containsExactly("2001:db8:1::/48");
    }

    @Test
    void aFamilyWithoutAddressesInTheFileIsNotChecked() {
        Ruleset v6 = parse(HEAD + "-A FORWARD -j ACCEPT\nCOMMIT\n", Family.IPV6);
        SpoofingReport r = SpoofingCheck.check(List.of(v6), assignment(GATEWAY.replace(", \"::1/128\"", "")),
                SpoofingCheck.CHAINS, SpoofingCheck.DEFAULT_STATES);
        assertThat(r.results()).isEmpty();
        assertThat(r.notes()).anyMatch(n -> n.contains("IPv6 ruleset is not checked"));
    }

    @Test
    void anApproximatedAcceptIsAPossibleLeakThatSaysWhy() {
        SpoofingReport r = check(HEAD + "-A FORWARD -i eth1 -m limit --limit 1/s -j ACCEPT\nCOMMIT\n", Family.IPV4,
                GATEWAY, List.of("FORWARD"));
        InterfaceResult eth1 = result(r, "FORWARD", "eth1");
        assertThat(eth1.isProtected()).isFalse();
        assertThat(eth1.certainlyLeaks()).isFalse();
        assertThat(eth1.leaks()).singleElement().satisfies(l -> {
            assertThat(l.certain()).isFalse();
            assertThat(l.rule().rule()).isEqualTo(1);
            assertThat(l.approximations()).anyMatch(a -> a.contains("filter:FORWARD:rule:1") && a.contains("limit"));
        });
    }

    @Test
    void establishedAcceptsCountOnlyWhenThoseStatesAreAsked() {
        String rules = HEAD + "-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n"
                + "-A FORWARD -i eth1 -s 198.18.1.0/24 -j ACCEPT\nCOMMIT\n";
        assertThat(result(check(rules, Family.IPV4, GATEWAY, List.of("FORWARD")), "FORWARD", "eth1").isProtected())
                .isTrue();
        Ruleset rs = parse(rules, Family.IPV4);
        InterfaceAssignment a = assignment(GATEWAY);
        SpoofingReport all = SpoofingCheck.check(List.of(rs), a, List.of("FORWARD"),
                Set.of(CtState.NEW, CtState.ESTABLISHED));
        replay(rs, a, all, Set.of(CtState.NEW, CtState.ESTABLISHED));
        assertThat(result(all, "FORWARD", "eth1").leaks()).singleElement()
                .satisfies(l -> assertThat(l.witness().ctState()).isEqualTo(CtState.ESTABLISHED));
    }

    @Test
    void interfacesTheFileDoesNotNameAreReportedAsUnchecked() {
        SpoofingReport r = check(HEAD + "-A FORWARD -i wg0 -j ACCEPT\nCOMMIT\n", Family.IPV4, GATEWAY,
                List.of("FORWARD"));
        assertThat(r.notes()).anyMatch(n -> n.contains("wg0") && n.contains("not checked"));
        assertThat(r.allProtected()).isTrue();
    }

    @Test
    void anInterfaceOwningEverythingCannotBeSpoofed() {
        SpoofingReport r = check(HEAD + "-A FORWARD -j ACCEPT\nCOMMIT\n", Family.IPV4,
                "{\"eth0\": [\"0.0.0.0/0\"], \"eth1\": [\"198.18.1.0/24\"]}", List.of("FORWARD"));
        assertThat(result(r, "FORWARD", "eth0").isProtected()).isTrue();
        assertThat(result(r, "FORWARD", "eth0").allowed()).containsExactly("0.0.0.0/0");
        assertThat(result(r, "FORWARD", "eth1").isProtected()).isFalse();
        IpPrefix any = IpPrefix.any(Family.IPV4);
        assertThat(any.toString()).isEqualTo("0.0.0.0/0");
    }
}
