package dev.rampart.bench;

import dev.rampart.model.Family;
import dev.rampart.model.parse.RestoreParser;
import dev.rampart.model.write.CanonicalWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Parse + canonical write of an {@code iptables-save} file (what {@link ParseWriteBenchmark#parseWriteLarge}
 * times), reported in <b>rules per CPU-second of the whole process</b> (every thread: the parser's and
 * printer's workers, the collector, the JIT) next to rules per wall-clock second. On a shared machine JMH's
 * wall-clock score varies by ±20–40% with the other load, while the CPU cost of a run barely moves, so
 * this is the figure to compare two builds by.
 *
 * <p>Usage: {@code java -Xms3g -Xmx3g -XX:+UseParallelGC -cp benchmarks.jar dev.rampart.bench.ParseWriteCpu
 * FILE [WARMUP_RUNS [MEASURED_RUNS]]} (defaults 15 and 15). Prints one line per measured run and a summary.
 */
public final class ParseWriteCpu {
    private ParseWriteCpu() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: ParseWriteCpu FILE [WARMUP_RUNS [MEASURED_RUNS]]");
            System.exit(2);
        }
        String text = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int rules = new RestoreParser(Family.IPV4).parse(text, "bench.save").ruleset().ruleCount();
        long sink = 0;
        for (int k = 0; k < warmup; k++) {
            sink += parseWrite(text).length();
        }
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        for (int k = 0; k < runs; k++) {
            long c = os.getProcessCpuTime();
            long w = System.nanoTime();
            sink += parseWrite(text).length();
            System.out.printf("run %2d: %,.0f rules/CPU-s, %,.0f rules/s%n", k + 1,
                    rules / ((os.getProcessCpuTime() - c) / 1e9), rules / ((System.nanoTime() - w) / 1e9));
        }
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        double wall = (System.nanoTime() - wall0) / 1e9;
        System.out.printf("%d rules x %d runs: %,.0f rules per CPU-second, %,.0f rules per second (wall), "
                + "%.2f CPUs busy (output %d chars per run)%n", rules, runs, (double) rules * runs / cpu,
                (double) rules * runs / wall, cpu / wall, sink / (warmup + runs));
    }

    private static String parseWrite(String text) {
        return new CanonicalWriter(false).write(new RestoreParser(Family.IPV4).parse(text, "bench.save").ruleset());
    }
}
