package dev.rampart.bench;

import dev.rampart.model.Ruleset;
import dev.rampart.model.TableName;
import dev.rampart.sim.engine.CounterRef;
import dev.rampart.sim.engine.CompiledRuleset;
import dev.rampart.sim.engine.Simulator;
import dev.rampart.sim.engine.TraceResult;
import dev.rampart.sim.packet.Packet;
import java.io.IOException;
import java.util.List;

/**
 * What the packets of each {@link SimulatorBenchmark} workload cost in rules, not time: per packet, the
 * rules the linear and the indexed evaluator try, and the counters that move (rules whose matches held,
 * and policies), which any evaluator must find, and for rule-directed packets how many reach the rule
 * they were aimed at (a packet may be stopped earlier, or take another branch of a random
 * {@code statistic} choice). It also checks that both evaluators agree on every
 * packet. The ratio of tried rules bounds what an index can gain on a workload: the linear walk costs
 * its tried rules plus the per-packet work both share.
 *
 * <p>Run: {@code java -Drampart.shared=../shared -cp rampart-bench/target/benchmarks.jar
 * dev.rampart.bench.SimulatorWorkloadStats}
 */
public final class SimulatorWorkloadStats {

    private SimulatorWorkloadStats() {
    }

    public static void main(String[] args) throws IOException {
        System.out.printf("%-5s %-9s %14s %14s %16s %12s %10s%n", "rules", "traffic", "linear tried",
                "indexed tried", "counters moved", "aim reached", "agree");
        for (String workload : List.of("tum", "kube")) {
            Ruleset rules = SimulatorBenchmark.ruleset(workload);
            for (String traffic : List.of("directed", "random")) {
                TableName table = SimulatorBenchmark.table(workload);
                List<RuleDirectedPackets.Aimed> aims = traffic.equals("directed")
                        ? SimulatorBenchmark.aimed(workload, rules) : null;
                List<Packet> packets = aims != null ? aims.stream().map(RuleDirectedPackets.Aimed::packet).toList()
                        : SimulatorBenchmark.packets(workload, traffic, rules);
                int reached = 0;
                Simulator linear = run(rules, CompiledRuleset.Indexing.LINEAR);
                Simulator indexed = run(rules, CompiledRuleset.Indexing.INDEXED);
                long moved = 0;
                int agree = 0;
                for (int i = 0; i < packets.size(); i++) {
                    Packet p = packets.get(i);
                    TraceResult a = linear.process(p);
                    TraceResult b = indexed.process(p);
                    moved += b.matched().size();
                    if (aims != null && b.matched().contains(new CounterRef(table, aims.get(i).chain(),
                            aims.get(i).rule()))) {
                        reached++;
                    }
                    if (a.verdict() == b.verdict() && a.matched().equals(b.matched())) {
                        agree++;
                    }
                }
                double n = packets.size();
                System.out.printf("%-5s %-9s %14.1f %14.1f %16.2f %12s %5d/%d%n", workload, traffic,
                        linear.rulesEvaluated() / n, indexed.rulesEvaluated() / n, moved / n,
                        aims == null ? "-" : String.format("%.0f%%", 100.0 * reached / n), agree, packets.size());
            }
        }
    }

    private static Simulator run(Ruleset rules, CompiledRuleset.Indexing indexing) {
        return Simulator.builder(CompiledRuleset.compile(rules, indexing)).stateless(true).steps(false).build();
    }
}
