package dev.rampart.analysis.decision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.analysis.flat.Flattener;
import dev.rampart.analysis.flat.RandomFilterRulesets;
import dev.rampart.model.Family;
import dev.rampart.model.Rule;
import dev.rampart.model.Ruleset;
import dev.rampart.model.TableName;
import dev.rampart.model.parse.RestoreParser;
import dev.rampart.model.target.LogTarget;
import dev.rampart.sim.engine.CounterRef;
import dev.rampart.sim.engine.Simulator;
import dev.rampart.sim.engine.TraceResult;
import dev.rampart.sim.packet.Packet;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The decision diagram of filter INPUT agrees with the simulator on random rulesets with user chains,
 * jumps, gotos and RETURN: the class holding a packet is decided by the rule the simulator says decided
 * it, with the LOG rules the simulator passes; and every class's witness lies in the class and is
 * decided by the class's rule in the simulator.
 */
class DecisionDiagramSimulatorTest {
    private static final int PACKETS_PER_RULESET = 200;

    @Property(tries = 300)
    void diagramDecidesAsTheSimulator(@ForAll long seed) {
        RandomFilterRulesets g = new RandomFilterRulesets(seed);
        RestoreParser.Result parsed = new RestoreParser(Family.IPV4).parse(g.text(), "generated");
        Ruleset ruleset = parsed.ruleset();
        Program program = ProgramBuilder.build(ruleset.table(TableName.FILTER).orElseThrow(), "INPUT",
                Flattener.spaceOf(ruleset));
        DecisionDiagram dd = DecisionDiagram.of(List.of(program), program.space().all(),
                DecisionDiagram.DEFAULT_ORDER, true);
        Simulator sim = Simulator.builder(ruleset).stateless(true).build();
        for (int i = 0; i < PACKETS_PER_RULESET; i++) {
            Packet p = g.packet();
            TraceResult r = sim.process(p);
            DecisionDiagram.Node leaf = dd.classify(p);
            assertThat(leaf).as("no class holds %s in%n%s", p, g.text()).isNotNull();
            Outcome o = leaf.outcome(0);
            assertThat(o.isApproximate()).isFalse();
            assertThat(o.decider().origin()).as("deciding rule of %s in%n%s", p, g.text()).isEqualTo(r.decidedBy());
            assertThat(logs(o.passed(), ruleset)).as("LOG rules passed by %s in%n%s", p, g.text())
                    .isEqualTo(r.matched().stream().filter(ref -> isLogRule(ruleset, ref)).toList());
        }
        for (DecisionDiagram.Node leaf : dd.leaves()) {
            Packet w = leaf.witness();
            assertThat(dd.classify(w)).as("witness %s of its class in%n%s", w, g.text()).isSameAs(leaf);
            assertThat(sim.process(w).decidedBy()).as("witness %s in%n%s", w, g.text())
                    .isEqualTo(leaf.outcome(0).decider().origin());
        }
    }

    private static List<CounterRef> logs(List<Instruction> passed, Ruleset ruleset) {
        return passed.stream().map(Instruction::origin).filter(ref -> isLogRule(ruleset, ref)).toList();
    }

    private static boolean isLogRule(Ruleset ruleset, CounterRef ref) {
        if (ref.isPolicy()) {
            return false;
        }
        Rule rule = ruleset.table(ref.table()).orElseThrow().chain(ref.chain()).orElseThrow().rules().get(ref.rule() - 1);
        return rule.target() instanceof LogTarget;
    }
}
