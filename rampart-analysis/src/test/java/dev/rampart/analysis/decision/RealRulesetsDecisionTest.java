package dev.rampart.analysis.decision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.analysis.flat.Flattener;
import dev.rampart.analysis.space.PacketSpace;
import dev.rampart.model.Chain;
import dev.rampart.model.Family;
import dev.rampart.model.Ruleset;
import dev.rampart.model.Table;
import dev.rampart.model.TableName;
import dev.rampart.model.parse.FamilyDetector;
import dev.rampart.model.parse.RestoreParser;
import dev.rampart.sim.engine.Simulator;
import dev.rampart.sim.engine.TraceResult;
import dev.rampart.sim.packet.Packet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The decision diagram of every built-in filter chain of the real rulesets in {@code ../shared/rulesets}:
 * the witness of each exact class (up to {@value #WITNESSES_PER_CHAIN} per chain) is decided in the
 * simulator by the rule the class names (when the simulator's decision is in the filter table; raw and
 * mangle rules that drop first are outside a filter chain's program).
 */
class RealRulesetsDecisionTest {
    private static final int WITNESSES_PER_CHAIN = 400;

    static Stream<Path> files() throws IOException {
        return dev.rampart.analysis.SharedRulesets.files();
    }

    @TestFactory
    Stream<DynamicTest> everyClassWitnessIsDecidedAsTheClassSays() throws IOException {
        return files().map(path -> DynamicTest.dynamicTest(path.getFileName().toString(), () -> {
            String text = Files.readString(path, StandardCharsets.ISO_8859_1);
            Family family = FamilyDetector.detect(text);
            Ruleset ruleset = new RestoreParser(family).parse(text, path.getFileName().toString()).ruleset();
            PacketSpace space = Flattener.spaceOf(ruleset);
            Table filter = ruleset.table(TableName.FILTER).orElse(null);
            if (filter == null) {
                return;
            }
            Simulator sim = Simulator.builder(ruleset).stateless(true).build();
            for (Chain c : filter.chains()) {
                if (!c.builtin()) {
                    continue;
                }
                long t0 = System.nanoTime();
                DecisionDiagram dd = DecisionDiagram.of(List.of(ProgramBuilder.build(ruleset, TableName.FILTER, c.name(), space)),
                        ChainDomain.of(space, c.name()), DecisionDiagram.DEFAULT_ORDER, false);
                List<DecisionDiagram.Node> leaves = dd.leaves();
                long ms = (System.nanoTime() - t0) / 1_000_000;
                System.out.printf(java.util.Locale.ROOT, "%s %s: %d rules, %d classes, %d nodes, %d ms%n", path.getFileName(), c.name(),
                        dd.programs().get(0).size(), leaves.size(), dd.nodeCount(), ms);
                int checked = 0;
                for (DecisionDiagram.Node leaf : leaves) {
                    Outcome o = leaf.outcome(0);
                    if (o.isApproximate() || checked++ >= WITNESSES_PER_CHAIN) {
                        continue;
                    }
                    Packet w = leaf.witness();
                    assertThat(dd.classify(w)).as("witness %s", w).isSameAs(leaf);
                    TraceResult r = sim.process(w);
                    // a packet another table decides never reaches the filter chain the diagram describes
                    if (r.approximate().isEmpty() && r.decidedBy().table() == TableName.FILTER) {
                        assertThat(r.decidedBy()).as("%s %s witness %s", path.getFileName(), c.name(), w)
                                .isEqualTo(o.decider().origin());
                    }
                }
            }
        }));
    }
}
