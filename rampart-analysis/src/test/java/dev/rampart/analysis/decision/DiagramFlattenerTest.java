package dev.rampart.analysis.decision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.analysis.flat.FlatChain;
import dev.rampart.analysis.flat.FlatRule;
import dev.rampart.analysis.flat.Flattener;
import dev.rampart.analysis.flat.RandomFilterRulesets;
import dev.rampart.analysis.space.PacketSpace;
import dev.rampart.model.Family;
import dev.rampart.model.Ruleset;
import dev.rampart.model.TableName;
import dev.rampart.model.parse.RestoreParser;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The two unfoldings agree: on random rulesets with user chains, gotos and RETURN, the diagram-based
 * flattening has the same entries (origin, path, target) with the same guards as the symbolic
 * {@link Flattener}, which is itself checked against the simulator.
 */
class DiagramFlattenerTest {

    @Property(tries = 200)
    void sameEntriesAndGuardsAsTheSymbolicFlattener(@ForAll long seed) {
        RandomFilterRulesets g = new RandomFilterRulesets(seed);
        Ruleset rs = new RestoreParser(Family.IPV4).parse(g.text(), "generated").ruleset();
        PacketSpace space = Flattener.spaceOf(rs);
        var table = rs.table(TableName.FILTER).orElseThrow();
        FlatChain expected = Flattener.flatten(table, "INPUT", space);
        FlatChain actual = DiagramFlattener.flatten(table, "INPUT", space);
        assertThat(actual.rules()).as("%s", g.text()).hasSameSizeAs(expected.rules());
        for (int i = 0; i < expected.rules().size(); i++) {
            FlatRule e = expected.rules().get(i);
            FlatRule a = actual.rules().get(i);
            assertThat(a.path()).as("entry %d in%n%s", i, g.text()).isEqualTo(e.path());
            assertThat(a.target()).isEqualTo(e.target());
            assertThat(a.guard().sameAs(e.guard())).as("guard of %s: %s vs %s in%n%s", e.origin(), a.guard(), e.guard(),
                    g.text()).isTrue();
            assertThat(a.isApproximate()).isEqualTo(e.isApproximate());
        }
    }
}
