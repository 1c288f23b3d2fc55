package dev.rampart.analysis.flat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.Family;
import dev.rampart.model.Rule;
import dev.rampart.model.Ruleset;
import dev.rampart.model.TableName;
import dev.rampart.model.parse.RestoreParser;
import dev.rampart.model.target.LogTarget;
import dev.rampart.sim.engine.CounterRef;
import dev.rampart.sim.engine.Simulator;
import dev.rampart.sim.engine.TraceResult;
import dev.rampart.sim.engine.Verdict;
import dev.rampart.sim.packet.Packet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The unfolding of filter INPUT agrees with the simulator on random rulesets with user chains, jumps,
 * gotos and RETURN, and on packets at the rules' boundaries: the first terminal flat entry containing a
 * packet has the simulator's verdict and is the rule the simulator says decided it, the LOG entries
 * before it are the LOG rules the simulator passes, and the witness of every entry's guard takes that
 * entry in the simulator.
 */
public class FlattenerSimulatorTest {
    private static final int PACKETS_PER_RULESET = 200;

    @Property(tries = 300)
    void flatInputChainDecidesAsTheSimulator(@ForAll long seed) {
        RandomFilterRulesets g = new RandomFilterRulesets(seed);
        RestoreParser.Result parsed = new RestoreParser(Family.IPV4).parse(g.text(), "generated");
        assertThat(parsed.diagnostics().hasErrors()).as("%s", g.text()).isFalse();
        Ruleset ruleset = parsed.ruleset();
        FlatChain flat = Flattener.flatten(ruleset, TableName.FILTER, "INPUT");
        assertThat(flat.isApproximate()).as("only exact matches are generated:%n%s", g.text()).isFalse();
        Simulator sim = Simulator.builder(ruleset).stateless(true).build();
        for (int i = 0; i < PACKETS_PER_RULESET; i++) {
            checkPacket(g.packet(), flat, sim, ruleset, g.text());
        }
        for (FlatRule entry : flat.rules()) {
            Packet w = entry.guard().witness();
            assertThat(entry.guard().contains(w)).as("witness %s of %s", w, entry).isTrue();
            TraceResult r = sim.process(w);
            if (entry.isTerminal()) {
                assertThat(r.decidedBy()).as("witness %s of %s in%n%s", w, entry, g.text()).isEqualTo(entry.origin());
            } else {
                assertThat(r.matched()).as("witness %s of %s in%n%s", w, entry, g.text()).contains(entry.origin());
            }
        }
    }

    /** Checks one packet: the first terminal entry holding it decides as the simulator, and the LOG entries before it are the LOG rules it passes. */
    public static void checkPacket(Packet p, FlatChain flat, Simulator sim, Ruleset ruleset, String text) {
        TraceResult r = sim.process(p);
        assertThat(r.approximate()).isEmpty();
        Optional<FlatRule> decided = flat.decide(p);
        assertThat(decided).as("no terminal entry holds %s in%n%s", p, text).isPresent();
        assertThat(Verdict.valueOf(decided.get().target().name())).as("verdict of %s in%n%s", p, text)
                .isEqualTo(r.verdict());
        assertThat(decided.get().origin()).as("deciding rule of %s in%n%s", p, text).isEqualTo(r.decidedBy());
        List<CounterRef> flatLogs = new ArrayList<>();
        for (FlatRule e : flat.rules()) {
            if (e == decided.get()) {
                break;
            }
            if (!e.isTerminal() && e.guard().contains(p)) {
                flatLogs.add(e.origin());
            }
        }
        List<CounterRef> simLogs = r.matched().stream().filter(ref -> isLogRule(ruleset, ref)).toList();
        assertThat(flatLogs).as("LOG rules passed by %s in%n%s", p, text).isEqualTo(simLogs);
    }

    private static boolean isLogRule(Ruleset ruleset, CounterRef ref) {
        if (ref.isPolicy()) {
            return false;
        }
        Rule rule = ruleset.table(ref.table()).orElseThrow().chain(ref.chain()).orElseThrow().rules().get(ref.rule() - 1);
        return rule.target() instanceof LogTarget;
    }
}
