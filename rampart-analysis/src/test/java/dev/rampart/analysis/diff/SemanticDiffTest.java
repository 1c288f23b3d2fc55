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

    @Test
    void anEndpointChosenByStatisticThatNowGoesElsewhereIsAChangeThatMayHappen() {
        String nat = """
                *nat
                :PREROUTING ACCEPT [0:0]
                :INPUT ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                :POSTROUTING ACCEPT [0:0]
                :SVC - [0:0]
                -A PREROUTING -d 198.18.0.10/32 -p tcp -m tcp --dport 80 -j SVC
                -A SVC -p tcp -m statistic --mode random --probability 0.50000000000 -j DNAT --to-destination 198.18.1.1:8080
                -A SVC -p tcp -j DNAT --to-destination 198.18.1.2:8080
                COMMIT
                """;
        List<Change> changes = SemanticDiff.compare(parse(nat), parse(nat.replace("198.18.1.1:8080", "198.18.1.1:9090")));
        assertThat(changes).hasSize(1);
        Change c = changes.get(0);
        assertThat(c.isApproximate()).isTrue();
        assertThat(c.before().maybeDeciders()).hasSize(1);
        assertThat(c.before().maybeDeciders().get(0).origin().rule()).isEqualTo(1);
        assertThat(c.witness().dport()).isEqualTo(80);
        assertThat(c.witness().dst().toString()).isEqualTo("198.18.0.10");
        assertThat(SemanticDiff.compare(parse(nat), parse(nat))).isEmpty();
    }

    @Property(tries = 150)
    void diffAgreesWithTheSimulator(@ForAll long seedA, @ForAll long seedB) {
        RandomFilterRulesets ga = new RandomFilterRulesets(seedA);
        RandomFilterRulesets gb = new RandomFilterRulesets(seedB);
        agreesWithTheSimulator(ga.text(), gb.text(), ga, gb);
    }

    /**
     * Small edits of one ruleset (a rule deleted, copied elsewhere, moved down one place, or its verdict
     * flipped), which the diff narrows to the packets the edited rules may match ({@link ChangedRegion}):
     * still exactly the packets whose fate changes.
     */
    @Property(tries = 300)
    void diffOfASmallEditAgreesWithTheSimulator(@ForAll long seed, @ForAll int edit, @ForAll int where) {
        RandomFilterRulesets g = new RandomFilterRulesets(seed);
        List<String> lines = new java.util.ArrayList<>(List.of(g.text().split("\n")));
        List<Integer> rules = new java.util.ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("-A ")) {
                rules.add(i);
            }
        }
        if (rules.isEmpty()) {
            return;
        }
        int at = rules.get(Math.floorMod(where, rules.size()));
        String line = lines.get(at);
        switch (Math.floorMod(edit, 4)) {
            case 0 -> lines.remove(at);
            case 1 -> lines.add(rules.get(Math.floorMod(where * 31 + 7, rules.size())), line);
            case 2 -> {
                int next = at + 1;
                if (next < lines.size() && lines.get(next).startsWith("-A " + line.split(" ")[1] + " ")) {
                    lines.set(at, lines.get(next));
                    lines.set(next, line);
                }
            }
            default -> lines.set(at, line.contains("-j ACCEPT") ? line.replace("-j ACCEPT", "-j DROP")
                    : line.replace("-j DROP", "-j ACCEPT"));
        }
        agreesWithTheSimulator(g.text(), String.join("\n", lines) + "\n", g, g);
    }

    private static void agreesWithTheSimulator(String textA, String textB, RandomFilterRulesets ga,
                                               RandomFilterRulesets gb) {
        Ruleset a = parse(textA);
        Ruleset b = parse(textB);
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
            assertThat(reported).as("packet %s differs: %s%n%s%n---%n%s", p, differs, textA, textB)
                    .isEqualTo(differs);
        }
    }
}
