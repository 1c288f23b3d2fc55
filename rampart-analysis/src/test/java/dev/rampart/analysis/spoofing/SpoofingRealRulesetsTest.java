package dev.rampart.analysis.spoofing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.analysis.SharedRulesets;
import dev.rampart.model.Chain;
import dev.rampart.model.Family;
import dev.rampart.model.Rule;
import dev.rampart.model.Ruleset;
import dev.rampart.model.TableName;
import dev.rampart.model.match.CtState;
import dev.rampart.model.parse.FamilyDetector;
import dev.rampart.model.parse.RestoreParser;
import dev.rampart.model.target.Jump;
import dev.rampart.sim.engine.CounterRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The spoofing check on real rulesets whose authors wrote anti-spoofing chains, with an interfaces file
 * derived from those chains: the TUM chair's IPv4 and IPv6 rulesets ({@code -i VLAN -j ranges_N}, where {@code ranges_N}
 * RETURNs the VLAN's own sources and drops the rest; uplinks jump to {@code NOTFROMHERE}, which drops the
 * inside ranges) and the sqrl/shorewall ruleset (anti-spoofing in raw PREROUTING). Every certain leak's
 * witness is replayed through the simulator; on TUM, every leak of a VLAN must come from a FORWARD rule
 * before that VLAN's ranges jump, since the ranges chain drops every spoofed source that gets there.
 */
class SpoofingRealRulesetsTest {

    private static Ruleset load(Path path) throws IOException {
        String text = Files.readString(path, StandardCharsets.ISO_8859_1);
        Family family = FamilyDetector.detect(text);
        return new RestoreParser(family).parse(text, path.getFileName().toString()).ruleset();
    }

    /** The interfaces file the TUM ruleset implies, as JSON, or null when it has no ranges chains. */
    static String tumInterfaces(Ruleset rs) {
        Map<String, List<String>> owned = new LinkedHashMap<>();
        var filter = rs.table(TableName.FILTER).orElseThrow();
        for (String builtin : List.of("INPUT", "FORWARD")) {
            for (Rule r : filter.chain(builtin).orElseThrow().rules()) {
                String in = r.header().inInterface();
                if (in == null || !(r.target() instanceof Jump j) || !r.matches().isEmpty()
                        || r.header().source() != null && !r.header().source().isAny()) {
                    continue;
                }
                if (j.chain().equals("NOTFROMHERE")) {
                    owned.put(in, List.of("\"everything-else\""));
                } else if (j.chain().startsWith("ranges_") && !owned.containsKey(in)) {
                    List<String> sources = new ArrayList<>();
                    for (Rule x : filter.chain(j.chain()).orElseThrow().rules()) {
                        if (x.target() instanceof dev.rampart.model.target.Verdict v && v.name().equals("RETURN")) {
                            sources.add("\"" + x.header().source() + "\"");
                        }
                    }
                    owned.put(in, sources);
                }
            }
        }
        if (owned.values().stream().noneMatch(l -> !l.isEmpty() && !l.get(0).contains("everything"))) {
            return null;
        }
        StringBuilder sb = new StringBuilder("{");
        owned.forEach((k, v) -> sb.append(sb.length() > 1 ? ",\n" : "\n").append('"').append(k).append("\": [")
                .append(String.join(", ", v)).append(']'));
        return sb.append("\n}\n").toString();
    }

    @TestFactory
    Stream<DynamicTest> tumVlansLeakOnlyThroughRulesBeforeTheirRangesChain() throws IOException {
        return SharedRulesets.files()
                .filter(p -> p.getFileName().toString().startsWith("configs_chair_for_Network_Architectures_and_Services__ip"))
                .map(path -> DynamicTest.dynamicTest(path.getFileName().toString(), () -> {
                    Ruleset rs = load(path);
                    String json = tumInterfaces(rs);
                    if (json == null) {
                        return;
                    }
                    InterfaceAssignment a = SpoofingCheckTest.assignment(json);
                    long t0 = System.nanoTime();
                    SpoofingReport report = SpoofingCheck.check(List.of(rs), a, SpoofingCheck.CHAINS,
                            SpoofingCheck.DEFAULT_STATES);
                    System.out.printf("%s: %d interface checks, %d ms%n", path.getFileName(), report.results().size(),
                            (System.nanoTime() - t0) / 1_000_000);
                    assertThat(report.results()).hasSize(2 * a.interfaces().size());
                    SpoofingCheckTest.replay(rs, a, report, SpoofingCheck.DEFAULT_STATES);
                    Chain forward = rs.table(TableName.FILTER).orElseThrow().chain("FORWARD").orElseThrow();
                    for (InterfaceResult r : report.results()) {
                        int jump = rangesJump(rs, forward, r.iface());
                        if (!r.chain().equals("FORWARD") || jump < 0) {
                            continue;
                        }
                        for (Leak l : r.leaks()) {
                            // the FORWARD rule the leak is reached from (a jump into filter_N, or the rule itself)
                            CounterRef entry = l.path().get(0);
                            assertThat(entry.chain()).as("%s %s", r.iface(), l).isEqualTo("FORWARD");
                            assertThat(entry.rule()).as("%s %s", r.iface(), l).isLessThan(jump);
                            assertThat(l.path().get(l.path().size() - 1)).isEqualTo(l.rule());
                        }
                    }
                }));
    }

    /**
     * The 1-based number of the FORWARD rule {@code -i iface -j ranges_N}, or -1 when there is none or
     * the ranges chain does not end in a drop (an empty ranges chain protects nothing).
     */
    private static int rangesJump(Ruleset rs, Chain forward, String iface) {
        for (int k = 0; k < forward.rules().size(); k++) {
            Rule r = forward.rules().get(k);
            if (iface.equals(r.header().inInterface()) && r.target() instanceof Jump j && j.chain().startsWith("ranges_")) {
                List<Rule> body = rs.table(TableName.FILTER).orElseThrow().chain(j.chain()).orElseThrow().rules();
                Rule last = body.isEmpty() ? null : body.get(body.size() - 1);
                boolean drops = last != null && (last.header().source() == null || last.header().source().isAny())
                        && last.target() instanceof Jump d && d.chain().equals("LOG_DROP");
                return drops ? k + 1 : -1;
            }
        }
        return -1;
    }

    @Test
    void tum2016FindsTheUntrackedDnsAndTheEarlyAcceptsButNotTheRangesProtectedRest() throws IOException {
        Path path = SharedRulesets.files().filter(p -> p.getFileName().toString()
                .equals("configs_chair_for_Network_Architectures_and_Services__iptables-save-2016-06-27_16-29-01"))
                .findFirst().orElseThrow();
        Ruleset rs = load(path);
        InterfaceAssignment a = SpoofingCheckTest.assignment(tumInterfaces(rs));
        SpoofingReport report = SpoofingCheck.check(List.of(rs), a, List.of("FORWARD"), SpoofingCheck.DEFAULT_STATES);
        InterfaceResult vlan96 = SpoofingCheckTest.result(report, "FORWARD", "eth1.96");
        // raw NOTRACKs DNS to the resolvers from any source; FORWARD rule 1 accepts UNTRACKED
        assertThat(vlan96.leaks()).anySatisfy(l -> {
            assertThat(l.rule().rule()).isEqualTo(1);
            assertThat(l.certain()).isTrue();
            assertThat(l.witness().ctState()).isEqualTo(CtState.UNTRACKED);
            assertThat(l.witness().dport() == 53 || l.witness().sport() == 53).isTrue();
        });
        // rule 9 accepts UDP to 131.159.15.252 from any interface and source (only the recent match may stop it)
        assertThat(vlan96.leaks()).anySatisfy(l -> {
            assertThat(l.rule().rule()).isEqualTo(9);
            assertThat(l.certain()).isFalse();
            assertThat(l.approximations()).anyMatch(x -> x.contains("recent"));
        });
    }

    @Test
    void sqrlAntiSpoofingInRawProtectsTheUplink() throws IOException {
        Path path = SharedRulesets.files().filter(p -> p.getFileName().toString()
                .equals("configs_sqrl_shorewall__2015_aug_iptables-save-spoofing-protection")).findFirst().orElseThrow();
        Ruleset rs = load(path);
        // the ranges of raw PREROUTING's "! -s RANGE -i IF -j DROP" rules; lup (the uplink) gets the rest
        InterfaceAssignment a = SpoofingCheckTest.assignment("""
                {"lup": ["everything-else"], "ldit": ["10.13.42.136/29"], "lmd": ["10.13.42.128/29"],
                 "loben": ["10.13.42.144/28"], "wg": ["10.13.42.176/28"], "wt": ["10.13.42.160/28"]}
                """);
        SpoofingReport report = SpoofingCheck.check(List.of(rs), a, SpoofingCheck.CHAINS, SpoofingCheck.DEFAULT_STATES);
        SpoofingCheckTest.replay(rs, a, report, SpoofingCheck.DEFAULT_STATES);
        assertThat(report.results()).hasSize(12).allMatch(InterfaceResult::isProtected);

        // without raw's drop for lmd, its INPUT accept (-i lmd -j ACCEPT) takes any source
        Ruleset noLmd = new RestoreParser(Family.IPV4).parse(Files.readString(path, StandardCharsets.ISO_8859_1)
                .replace("-A PREROUTING ! -s 10.13.42.128/29 -i lmd -j DROP\n", ""), "t").ruleset();
        SpoofingReport lmd = SpoofingCheck.check(List.of(noLmd), a, SpoofingCheck.CHAINS, SpoofingCheck.DEFAULT_STATES);
        SpoofingCheckTest.replay(noLmd, a, lmd, SpoofingCheck.DEFAULT_STATES);
        assertThat(SpoofingCheckTest.result(lmd, "INPUT", "lmd").certainlyLeaks()).isTrue();
        assertThat(SpoofingCheckTest.result(lmd, "INPUT", "lmd").everySpoofedSourceAccepted()).isTrue();

        // without the raw chain's jump, the uplink accepts spoofed private sources
        String text = Files.readString(path, StandardCharsets.ISO_8859_1).replace("-A PREROUTING -i lup -j lupSpoofProtect\n", "");
        Ruleset unprotected = new RestoreParser(Family.IPV4).parse(text, "t").ruleset();
        SpoofingReport open = SpoofingCheck.check(List.of(unprotected), a, SpoofingCheck.CHAINS, SpoofingCheck.DEFAULT_STATES);
        SpoofingCheckTest.replay(unprotected, a, open, SpoofingCheck.DEFAULT_STATES);
        assertThat(SpoofingCheckTest.result(open, "INPUT", "lup").isProtected()).isFalse();
    }
}
