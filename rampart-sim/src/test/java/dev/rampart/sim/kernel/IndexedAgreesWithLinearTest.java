package dev.rampart.sim.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.Ruleset;
import dev.rampart.sim.engine.CompiledRuleset;
import dev.rampart.sim.engine.Simulator;
import dev.rampart.sim.engine.TraceResult;
import dev.rampart.sim.packet.Packet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The chain indexes are an optimisation only: on every generated ruleset and packet (the same generator
 * as the kernel differential tests, without the kernel, so many more of them) the indexed simulator
 * gives exactly the result of the reference evaluator that walks every rule in order — same verdict,
 * same deciding counter, same counters in the same order, same trace. Reproduce a failure with the
 * seed in the message.
 */
class IndexedAgreesWithLinearTest {
    static final int RULESETS = 300;
    static final int PACKETS = 60;

    @Test
    void indexedAndLinearEvaluatorsAgreeOnEveryGeneratedPacket() {
        long base = KernelSeed.chosen();
        int checked = 0;
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < RULESETS && mismatches.size() < 5; i++) {
            long seed = base + 1000 + i;
            KernelDifferential.Case c = GeneratedRulesets.generate(seed, PACKETS);
            Ruleset rules = KernelDifferential.parseRules(c.name(), c.family(), c.rules());
            Simulator linear = Simulator.builder(CompiledRuleset.compile(rules, CompiledRuleset.Indexing.LINEAR))
                    .seed(seed).build();
            Simulator indexed = Simulator.builder(CompiledRuleset.compile(rules, CompiledRuleset.Indexing.INDEXED))
                    .seed(seed).build();
            for (PacketLines.Step step : c.steps()) {
                if (!(step instanceof PacketLines.Send s)) {
                    linear.flushConntrack();
                    indexed.flushConntrack();
                    continue;
                }
                Packet p = s.packet();
                TraceResult a = linear.process(p);
                TraceResult b = indexed.process(p);
                checked++;
                if (!a.equals(b)) {
                    mismatches.add("seed " + seed + ", packet " + PacketLines.toJson(p) + "\n  linear:  " + a.matched()
                            + " " + a.verdict() + "\n  indexed: " + b.matched() + " " + b.verdict() + "\n  rules:\n"
                            + c.rules());
                }
            }
        }
        assertThat(mismatches).as("packets where the indexed evaluator differs from the linear one").isEmpty();
        assertThat(checked).isGreaterThanOrEqualTo(RULESETS * PACKETS / 2);
    }
}
