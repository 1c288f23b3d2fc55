package dev.rampart.analysis.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.analysis.flat.RandomFilterRulesets;
import dev.rampart.model.Family;
import dev.rampart.model.Ruleset;
import dev.rampart.model.TableName;
import dev.rampart.model.parse.RestoreParser;
import dev.rampart.model.write.CanonicalWriter;
import dev.rampart.sim.engine.Simulator;
import dev.rampart.sim.engine.TraceResult;
import dev.rampart.sim.packet.Packet;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The semantic diff is empty exactly when no packet changes fate: on hand-written cases (same file,
 * canonical form, reordered disjoint rules, a real change) and, against the simulator, on random pairs
 * of rulesets.
 */
class SemanticDiffTest {
    private static final String BASE = """
            *filter
            :INPUT DROP [0:0]
            :FORWARD DROP [0:0]
            :OUTPUT ACCEPT [0:0]
            -A INPUT -i lo -j ACCEPT
            -A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
            -A INPUT -p tcp --dport 22 -j ACCEPT
            -A INPUT -p tcp -m multiport --dports 80,443 -j ACCEPT
            -A INPUT -s 192.0.2.0/24 -p udp --dport 53 -j ACCEPT
            COMMIT
            """;

    private static Ruleset parse(String text) {
        RestoreParser.Result r = new RestoreParser(Family.IPV4).parse(text, "t");
        assertThat(r.diagnostics().hasErrors()).as(text).isFalse();
        return r.ruleset();
    }

    @Test
    void aRulesetAndItsCanonicalFormDoNotDiffer() {
        Ruleset a = parse(BASE);
        assertThat(SemanticDiff.compare(a, a)).isEmpty();
        assertThat(SemanticDiff.compare(a, parse(new CanonicalWriter(false).write(a)))).isEmpty();
    }

    @Test
    void reorderingRulesThatDoNotOverlapIsNoChange() {
        String swapped = BASE.replace("-A INPUT -p tcp --dport 22 -j ACCEPT\n-A INPUT -p tcp -m multiport --dports 80,443 -j ACCEPT",
                "-A INPUT -p tcp -m multiport --dports 80,443 -j ACCEPT\n-A INPUT -p tcp --dport 22 -j ACCEPT");
        assertThat(swapped).isNotEqualTo(BASE);
        assertThat(SemanticDiff.compare(parse(BASE), parse(swapped))).isEmpty();
    }

    @Test
    void aNewAcceptShowsTheClassItOpensWithAWitness() {
        String opened = BASE.replace("COMMIT", "-A INPUT -s 198.51.100.0/24 -p tcp --dport 3306 -j ACCEPT\nCOMMIT");
        List<Change> changes = SemanticDiff.compare(parse(BASE), parse(opened));
        assertThat(changes).hasSize(1);
        Change c = changes.get(0);
        assertThat(c.before().target().name()).isEqualTo("DROP");
        assertThat(c.after().target().name()).isEqualTo("ACCEPT");
        assertThat(c.after().decider().origin().rule()).isEqualTo(6);
        assertThat(c.before().decider().origin().isPolicy()).isTrue();
        Packet w = c.witness();
        assertThat(w.dport()).isEqualTo(3306);
        assertThat(w.src().toString()).startsWith("198.51.100.");
        assertThat(c.packets().contains(w)).isTrue();
    }

    @Property(tries = 150)
    void diffAgreesWithTheSimulator(@ForAll long seedA, @ForAll long seedB) {
        RandomFilterRulesets ga = new RandomFilterRulesets(seedA);
        RandomFilterRulesets gb = new RandomFilterRulesets(seedB);
        Ruleset a = parse(ga.text());
        Ruleset b = parse(gb.text());
        List<Change> changes = SemanticDiff.compare(a, b).stream()
                .filter(c -> c.table() == TableName.FILTER && c.chain().equals("INPUT")).toList();
        Simulator simA = Simulator.builder(a).stateless(true).build();
        Simulator simB = Simulator.builder(b).stateless(true).build();
        for (Change c : changes) {
            TraceResult ra = simA.process(c.witness());
            TraceResult rb = simB.process(c.witness());
            assertThat(ra.verdict()).as("witness %s of %s", c.witness(), c).isNotEqualTo(rb.verdict());
            assertThat(ra.decidedBy()).isEqualTo(c.before().decider().origin());
            assertThat(rb.decidedBy()).isEqualTo(c.after().decider().origin());
        }
        for (int i = 0; i < 200; i++) {
            Packet p = i % 2 == 0 ? ga.packet() : gb.packet();
            TraceResult ra = simA.process(p);
            TraceResult rb = simB.process(p);
            boolean differs = ra.verdict() != rb.verdict();
            // a class cut into more boxes than a change describes is known by its pair of deciding rules
            boolean reported = changes.stream().anyMatch(c -> c.packets().contains(p) || !c.complete()
                    && c.before().decider().origin().equals(ra.decidedBy())
                    && c.after().decider().origin().equals(rb.decidedBy()));
            assertThat(reported).as("packet %s differs: %s%n%s%n---%n%s", p, differs, ga.text(), gb.text())
                    .isEqualTo(differs);
        }
    }
}
