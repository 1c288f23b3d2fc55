package dev.rampart.bench;

import dev.rampart.model.Family;
import dev.rampart.model.Ruleset;
import dev.rampart.model.parse.RestoreParser;
import dev.rampart.model.write.CanonicalWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of reading a kube-proxy-shaped {@code iptables-save} file ({@link RestoreParser#parse}),
 * of printing a parsed ruleset ({@link CanonicalWriter#write}) and of both in a row, in <b>rules per
 * second</b>: every method handles a whole file and declares the file's rule count through
 * {@link OperationsPerInvocation}, so JMH's ops/s are rules/s.
 *
 * <p>Two files: {@link KubeProxyRulesetGenerator.Spec#LARGE} (10,000 services x 10 endpoints, 320,025
 * rules) and {@link KubeProxyRulesetGenerator.Spec#SMALL} (1,000 x 10, 32,025 rules). Each is generated
 * once into {@code $TMPDIR/rampart-bench/} (generation is deterministic, so an existing file is reused),
 * read into memory and checked (rule count, no error) in the state's setup; the benchmarks time only
 * parsing and printing.
 *
 * <p>Fork settings: one parse of the large file takes about 0.6 s and allocates about 1 GB, of which
 * ~150 MB stays live (the ruleset); with G1 on a 2-CPU machine the score varied by +-100% between
 * iterations (concurrent GC competing with the parser's worker threads), so the fork uses the parallel
 * collector and a fixed 3 GB heap, and 5 warm-up iterations since C2 needs them on 2 CPUs.
 *
 * <p>Run: {@code mvn -q -pl rampart-model,rampart-bench -am package -DskipTests &&
 * java -jar rampart-bench/target/benchmarks.jar ParseWrite}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g", "-XX:+UseParallelGC"})
public class ParseWriteBenchmark {
    static final int LARGE_RULES = 320_025;
    static final int SMALL_RULES = 32_025;

    /** A generated file in memory, its parsed ruleset, and its rule count. */
    abstract static class FileState {
        String text;
        Ruleset parsed;

        void load(KubeProxyRulesetGenerator.Spec spec, int expectedRules) throws IOException {
            if (spec.ruleCount() != expectedRules) {
                throw new IllegalStateException("preset changed: " + spec.ruleCount() + " rules, the benchmark"
                        + " declares " + expectedRules + "; update @OperationsPerInvocation");
            }
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "rampart-bench");
            Files.createDirectories(dir);
            Path file = dir.resolve("kube-proxy-" + spec.services() + "x" + spec.endpoints() + "-" + spec.seed()
                    + ".save");
            if (!Files.exists(file)) {
                Path tmp = Files.createTempFile(dir, "gen", ".save");
                KubeProxyRulesetGenerator.generate(spec, tmp);
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
            RestoreParser.Result r = new RestoreParser(Family.IPV4).parse(text, file.toString());
            if (r.diagnostics().hasErrors() || r.ruleset().ruleCount() != expectedRules) {
                throw new IllegalStateException(file + ": expected " + expectedRules + " rules and no error, got "
                        + r.ruleset().ruleCount() + " rules and " + r.diagnostics().errorCount() + " errors");
            }
            parsed = r.ruleset();
        }
    }

    /** The 320,025-rule file. */
    @State(Scope.Benchmark)
    public static class Large extends FileState {
        @Setup(Level.Trial)
        public void setup() throws IOException {
            load(KubeProxyRulesetGenerator.Spec.LARGE, LARGE_RULES);
        }
    }

    /** The 32,025-rule file. */
    @State(Scope.Benchmark)
    public static class Small extends FileState {
        @Setup(Level.Trial)
        public void setup() throws IOException {
            load(KubeProxyRulesetGenerator.Spec.SMALL, SMALL_RULES);
        }
    }

    static RestoreParser.Result parse(FileState f) {
        return new RestoreParser(Family.IPV4).parse(f.text, "bench.save");
    }

    static String parseWrite(FileState f) {
        return new CanonicalWriter(false).write(parse(f).ruleset());
    }

    static String write(FileState f) {
        return new CanonicalWriter(false).write(f.parsed);
    }

    /** Parse only, 320k rules: text to ruleset plus diagnostics. */
    @Benchmark
    @OperationsPerInvocation(LARGE_RULES)
    public RestoreParser.Result parseLarge(Large f) {
        return parse(f);
    }

    /** Parse, then print the canonical form (what {@code rampart fmt} does in memory), 320k rules. */
    @Benchmark
    @OperationsPerInvocation(LARGE_RULES)
    public String parseWriteLarge(Large f) {
        return parseWrite(f);
    }

    /** Print only, from an already parsed ruleset, 320k rules. */
    @Benchmark
    @OperationsPerInvocation(LARGE_RULES)
    public String writeLarge(Large f) {
        return write(f);
    }

    /** Parse only, 32k rules. */
    @Benchmark
    @OperationsPerInvocation(SMALL_RULES)
    public RestoreParser.Result parseSmall(Small f) {
        return parse(f);
    }

    /** Parse and print, 32k rules. */
    @Benchmark
    @OperationsPerInvocation(SMALL_RULES)
    public String parseWriteSmall(Small f) {
        return parseWrite(f);
    }

    /** Print only, 32k rules. */
    @Benchmark
    @OperationsPerInvocation(SMALL_RULES)
    public String writeSmall(Small f) {
        return write(f);
    }
}
