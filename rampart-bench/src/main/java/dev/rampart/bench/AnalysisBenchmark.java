package dev.rampart.bench;

import dev.rampart.analysis.decision.ChainDomain;
import dev.rampart.analysis.decision.DecisionDiagram;
import dev.rampart.analysis.decision.Program;
import dev.rampart.analysis.decision.ProgramBuilder;
import dev.rampart.analysis.exposure.Service;
import dev.rampart.analysis.exposure.ServiceMatrix;
import dev.rampart.analysis.flat.Flattener;
import dev.rampart.analysis.lockout.LockoutCheck;
import dev.rampart.analysis.lockout.LockoutQuery;
import dev.rampart.analysis.space.PacketSpace;
import dev.rampart.model.Ruleset;
import dev.rampart.model.TableName;
import dev.rampart.model.net.IpAddress;
import dev.rampart.model.parse.FamilyDetector;
import dev.rampart.model.parse.RestoreParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The analyses' hot paths on the TUM 2016-06 ruleset (5,556 rules; {@code shared/rulesets/real/},
 * found through the {@code rampart.shared} property, default {@code ../shared}), time per operation:
 * building the FORWARD chain's {@link Program}; its full {@link DecisionDiagram}; the tcp/22 service
 * matrix of FORWARD (program included); the lock-out check of an admin address (INPUT/OUTPUT).
 *
 * <p>Run: {@code mvn -o -q -pl rampart-bench -am package -DskipTests &&
 * java -jar rampart-bench/target/benchmarks.jar Analysis}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC"})
public class AnalysisBenchmark {
    private static final String TUM =
            "rulesets/real/configs_chair_for_Network_Architectures_and_Services__iptables-save-2016-06-27_16-29-01";

    /** The parsed ruleset and its packet space, built once. */
    @State(Scope.Benchmark)
    public static class Tum {
        Ruleset ruleset;
        PacketSpace space;
        Program forward;

        @Setup
        public void load() throws IOException {
            Path file = Path.of(System.getProperty("rampart.shared", "../shared")).resolve(TUM);
            String text = Files.readString(file, StandardCharsets.ISO_8859_1);
            ruleset = new RestoreParser(FamilyDetector.detect(text)).parse(text, file.toString()).ruleset();
            space = Flattener.spaceOf(ruleset);
            forward = ProgramBuilder.build(ruleset, TableName.FILTER, "FORWARD", space);
        }
    }

    @Benchmark
    public Program programForward(Tum s) {
        return ProgramBuilder.build(s.ruleset, TableName.FILTER, "FORWARD", s.space);
    }

    @Benchmark
    public int fullDiagramForward(Tum s) {
        return DecisionDiagram.of(List.of(s.forward), ChainDomain.of(s.space, "FORWARD"),
                DecisionDiagram.DEFAULT_ORDER, false).nodeCount();
    }

    @Benchmark
    public ServiceMatrix serviceMatrixSsh(Tum s) {
        return ServiceMatrix.of(s.ruleset, "FORWARD", new Service(6, 22, 22), s.space);
    }

    @Benchmark
    public int lockoutCheck(Tum s) {
        return LockoutCheck.check(s.ruleset, new LockoutQuery(IpAddress.parse("203.0.113.5"), null, 22, null)).size();
    }
}
