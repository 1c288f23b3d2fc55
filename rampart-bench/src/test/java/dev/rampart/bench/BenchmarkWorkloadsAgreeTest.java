package dev.rampart.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.Ruleset;
import dev.rampart.sim.engine.CompiledRuleset;
import dev.rampart.sim.engine.Simulator;
import dev.rampart.sim.engine.TraceResult;
import dev.rampart.sim.engine.Verdict;
import dev.rampart.sim.packet.Packet;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What {@link SimulatorBenchmark} measures is the same classification on both sides: on the TUM router
 * ruleset and the kube-proxy-shaped one, for both kinds of traffic, the indexed simulator gives every
 * packet exactly the result of the reference evaluator (verdict, deciding counter, every counter in
 * order), and the index tries far fewer rules. The workloads really exercise the rules: on TUM some
 * packets are accepted and some dropped, and most kube-proxy directed packets are DNATed to an
 * endpoint.
 */
class BenchmarkWorkloadsAgreeTest {

    @ParameterizedTest(name = "{0}, {1} traffic")
    @CsvSource({"tum, directed, 8", "tum, random, 4", "kube, directed, 20", "kube, random, 40"})
    void indexedAndLinearAgreeOnEveryBenchmarkPacket(String workload, String traffic, int minRatio)
            throws IOException {
        Ruleset rules = SimulatorBenchmark.ruleset(workload);
        List<Packet> packets = SimulatorBenchmark.packets(workload, traffic, rules);
        Simulator linear = Simulator.builder(CompiledRuleset.compile(rules, CompiledRuleset.Indexing.LINEAR))
                .stateless(true).steps(false).build();
        Simulator indexed = Simulator.builder(CompiledRuleset.compile(rules, CompiledRuleset.Indexing.INDEXED))
                .stateless(true).steps(false).build();
        List<String> mismatches = new ArrayList<>();
        int accepted = 0;
        int natted = 0;
        for (Packet p : packets) {
            TraceResult a = linear.process(p);
            TraceResult b = indexed.process(p);
            if (!(a.verdict() == b.verdict() && a.matched().equals(b.matched())
                    && java.util.Objects.equals(a.decidedBy(), b.decidedBy())
                    && java.util.Objects.equals(a.nat(), b.nat())) && mismatches.size() < 5) {
                mismatches.add(p + "\n  linear:  " + a.verdict() + " " + a.matched() + "\n  indexed: " + b.verdict()
                        + " " + b.matched());
            }
            accepted += b.verdict() == Verdict.ACCEPT ? 1 : 0;
            natted += b.nat() != null ? 1 : 0;
        }
        assertThat(mismatches).isEmpty();
        if (workload.equals("tum")) {
            assertThat(accepted).as("accepted packets (the rest dropped)").isBetween(1, packets.size() - 1);
        } else if (traffic.equals("directed")) {
            // kube-proxy's tables accept everything at INPUT; what the rules decide is the DNAT
            assertThat(natted).as("packets DNATed to an endpoint").isGreaterThan(packets.size() / 2);
        }
        assertThat(linear.rulesEvaluated()).as("rules tried, linear vs indexed")
                .isGreaterThan(minRatio * indexed.rulesEvaluated());
    }
}
