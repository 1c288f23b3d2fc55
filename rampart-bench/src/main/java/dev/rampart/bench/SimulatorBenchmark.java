package dev.rampart.bench;

import dev.rampart.model.Family;
import dev.rampart.model.Ruleset;
import dev.rampart.model.TableName;
import dev.rampart.model.parse.RestoreParser;
import dev.rampart.sim.engine.CompiledRuleset;
import dev.rampart.sim.engine.Simulator;
import dev.rampart.sim.packet.Packet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Stateless classifications per second on one core: a whole packet through every hook and table of
 * the ruleset (verdict, every counter it moves), with the chain indexes ({@code INDEXED}) and with the
 * reference evaluator that walks every rule ({@code LINEAR}), side by side in one run.
 *
 * <p>Workloads: {@code tum} is the 4,140-rule TUM router ruleset of {@code shared/rulesets/real}
 * (forwarded packets; the one rule iptables 1.8 refuses, {@code --dport 60000:29}, is left out); {@code kube} is the kube-proxy-shaped ruleset of
 * {@link KubeProxyRulesetGenerator.Spec#SMALL} (32,025 rules; packets arriving for service IPs, so the
 * nat chains classify them). Packets are 4,096 rule-directed packets ({@link RuleDirectedPackets}) or
 * 4,096 random headers over the ruleset's prefixes and interfaces ({@link RandomHeaderPackets}),
 * cycled; each run is stateless (no connection table, every packet NEW), without trace steps.
 *
 * <p>Run: {@code mvn -q -pl rampart-bench -am package -DskipTests &&
 * java -jar rampart-bench/target/benchmarks.jar SimulatorBenchmark}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseParallelGC"})
@Threads(1)
@State(Scope.Thread)
public class SimulatorBenchmark {
    static final String TUM = "rulesets/real/configs_chair_for_Network_Architectures_and_Services__iptables_25.07.2014";

    @Param({"tum", "kube"})
    String workload;

    @Param({"INDEXED", "LINEAR"})
    String indexing;

    /** {@code directed}: {@link RuleDirectedPackets}; {@code random}: {@link RandomHeaderPackets}. */
    @Param({"directed", "random"})
    String traffic;

    Simulator sim;
    Packet[] packets;
    int next;

    @Setup
    public void setup() throws IOException {
        Ruleset rules = ruleset(workload);
        CompiledRuleset compiled = CompiledRuleset.compile(rules, CompiledRuleset.Indexing.valueOf(indexing));
        sim = Simulator.builder(compiled).stateless(true).steps(false).build();
        packets = packets(workload, traffic, rules).toArray(new Packet[0]);
    }

    /** The ruleset of {@code workload} ({@code tum} or {@code kube}). */
    static Ruleset ruleset(String workload) throws IOException {
        if (workload.equals("tum")) {
            Path shared = Path.of(System.getProperty("rampart.shared", "../shared"));
            // one of its 4,140 rules ('--dport 60000:29') is refused by iptables 1.8 and by Rampart; the
            // other 4,139 are used
            Ruleset rules = new RestoreParser(Family.IPV4).parse(Files.readString(shared.resolve(TUM)), "tum")
                    .ruleset();
            if (rules.ruleCount() < 4_139) {
                throw new IllegalStateException("TUM ruleset: only " + rules.ruleCount() + " rules parsed");
            }
            return rules;
        }
        return parse(KubeProxyRulesetGenerator.generate(KubeProxyRulesetGenerator.Spec.SMALL));
    }

    /** The 4,096 packets of {@code workload} with {@code traffic} ({@code directed} or {@code random}). */
    static List<Packet> packets(String workload, String traffic, Ruleset rules) {
        return switch (traffic) {
            case "directed" -> aimed(workload, rules).stream().map(RuleDirectedPackets.Aimed::packet).toList();
            case "random" -> RandomHeaderPackets.generate(rules, table(workload), path(workload), 4096, 1);
            default -> throw new IllegalArgumentException("traffic " + traffic);
        };
    }

    /** The 4,096 directed packets of {@code workload}, each with the rule it is aimed at. */
    static List<RuleDirectedPackets.Aimed> aimed(String workload, Ruleset rules) {
        return RuleDirectedPackets.aim(rules, table(workload), path(workload), 4096, 1);
    }

    /** The table whose rules a workload's packets are aimed at: TUM's filter, kube-proxy's nat. */
    static TableName table(String workload) {
        return workload.equals("tum") ? TableName.FILTER : TableName.NAT;
    }

    private static RuleDirectedPackets.Path path(String workload) {
        return workload.equals("tum") ? RuleDirectedPackets.Path.FORWARD : RuleDirectedPackets.Path.INPUT;
    }

    static Ruleset parse(String text) {
        RestoreParser.Result r = new RestoreParser(Family.IPV4).parse(text, "bench");
        if (r.diagnostics().hasErrors()) {
            throw new IllegalStateException("benchmark ruleset has errors: " + r.diagnostics().all().get(0));
        }
        return r.ruleset();
    }

    @Benchmark
    public Object classify() {
        Packet p = packets[next];
        next = (next + 1) & 4095;
        return sim.process(p).verdict();
    }
}
