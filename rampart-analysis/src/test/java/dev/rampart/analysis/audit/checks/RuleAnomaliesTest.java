package dev.rampart.analysis.audit.checks;

import static dev.rampart.analysis.audit.AuditFixtures.context;
import static dev.rampart.analysis.audit.AuditFixtures.parse;
import static dev.rampart.analysis.audit.checks.PacketFindings.counter;
import static dev.rampart.analysis.audit.checks.PacketFindings.matches;
import static dev.rampart.analysis.audit.checks.PacketFindings.replay;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.analysis.audit.AuditContext;
import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.RuleRef;
import dev.rampart.sim.engine.CounterRef;
import dev.rampart.sim.engine.TraceResult;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The anomaly checks' witnesses on random chains (INPUT with a user chain it jumps to, nested ranges of
 * addresses and ports, every kind of target), replayed through the simulator: a shadowed rule's witness
 * matches it and is decided by one of the shadowing rules; a redundant rule's witness gets the same verdict
 * with the rule deleted; a generalisation's or correlation's witness is decided by the earlier rule and
 * matched by the later one.
 */
class RuleAnomaliesTest {
    private static final List<String> MATCHES = List.of("", "-p tcp", "-p tcp -m tcp --dport 22",
            "-p tcp -m tcp --dport 20:30", "-p udp -m udp --dport 53", "-s 192.0.2.0/24", "-s 192.0.2.0/25",
            "-s 192.0.2.7/32 -p tcp -m tcp --dport 22", "-s 192.0.2.0/24 -p tcp", "-d 198.18.0.1/32",
            "-i eth0", "-i eth0 -p tcp -m tcp --dport 22", "-m conntrack --ctstate RELATED,ESTABLISHED",
            "-p tcp -m multiport --dports 22,80,443", "! -s 192.0.2.0/24 -p tcp", "-s 0.0.0.0/1");
    private static final List<String> TARGETS = List.of("ACCEPT", "DROP", "REJECT", "LOG", "SUB", "ACCEPT", "DROP");
    private static final List<String> SUB_TARGETS = List.of("ACCEPT", "DROP", "RETURN", "REJECT");

    static String randomRuleset(long seed) {
        Random rnd = new Random(seed);
        StringBuilder sb = new StringBuilder("*filter\n:INPUT " + (rnd.nextBoolean() ? "ACCEPT" : "DROP")
                + " [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n:SUB - [0:0]\n");
        int n = 2 + rnd.nextInt(9);
        for (int i = 0; i < n; i++) {
            rule(sb, "INPUT", MATCHES.get(rnd.nextInt(MATCHES.size())), TARGETS.get(rnd.nextInt(TARGETS.size())));
        }
        int m = 1 + rnd.nextInt(4);
        for (int i = 0; i < m; i++) {
            rule(sb, "SUB", MATCHES.get(rnd.nextInt(MATCHES.size())), SUB_TARGETS.get(rnd.nextInt(SUB_TARGETS.size())));
        }
        return sb.append("COMMIT\n").toString();
    }

    private static void rule(StringBuilder sb, String chain, String match, String target) {
        sb.append("-A ").append(chain).append(' ').append(match).append(match.isEmpty() ? "" : " ").append("-j ")
                .append(target).append('\n');
    }

    @Property(tries = 300)
    void everyAnomalyWitnessBehavesAsItsFindingSays(@ForAll long seed) {
        String text = randomRuleset(seed);
        AuditedRuleset r = parse(text);
        AuditContext ctx = context(r);
        for (Finding f : new ShadowedRule().run(ctx)) {
            TraceResult t = replay(r, f.witness());
            List<CounterRef> shadowing = f.rules().subList(1, f.rules().size()).stream().map(PacketFindings::counter).toList();
            assertThat(shadowing).as("%s%n%s", f, text).contains(t.decidedBy());
            assertThat(matches(r, f.rules().get(0), f.witness())).as("%s%n%s", f, text).isTrue();
        }
        for (Finding f : new RedundantRule().run(ctx)) {
            if (f.witness() == null) {
                assertThat(f.message()).as("%s%n%s", f, text).contains("no packet it matches reaches it");
                continue;
            }
            RuleRef rule = f.rules().get(0);
            AuditedRuleset deleted = parse(RedundantRuleTest.without(text, rule.chain(), rule.rule()));
            assertThat(replay(deleted, f.witness()).verdict()).as("%s%n%s", f, text)
                    .isEqualTo(replay(r, f.witness()).verdict());
            assertThat(matches(r, rule, f.witness())).as("%s%n%s", f, text).isTrue();
        }
        for (Finding f : new GeneralisedRule().run(ctx)) {
            pairWitness(r, text, f);
        }
        for (Finding f : new CorrelatedRules().run(ctx)) {
            pairWitness(r, text, f);
        }
    }

    @org.junit.jupiter.api.Test
    void theRandomChainsExerciseEveryKind() {
        java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
        for (long seed = 0; seed < 200; seed++) {
            AuditContext ctx = context(parse(randomRuleset(seed)));
            for (var check : List.of(new ShadowedRule(), new RedundantRule(), new GeneralisedRule(), new CorrelatedRules())) {
                counts.merge(check.id(), check.run(ctx).size(), Integer::sum);
            }
        }
        assertThat(counts).as("findings per check over 200 random chains").containsOnlyKeys("RA123", "RA124", "RA125", "RA126")
                .allSatisfy((id, n) -> assertThat(n).as(id).isGreaterThan(10));
    }

    private static void pairWitness(AuditedRuleset r, String text, Finding f) {
        if (f.witness() == null) {
            return; // a note about a bound
        }
        assertThat(replay(r, f.witness()).decidedBy()).as("%s%n%s", f, text).isEqualTo(counter(f.rules().get(0)));
        assertThat(matches(r, f.rules().get(1), f.witness())).as("%s%n%s", f, text).isTrue();
    }
}
