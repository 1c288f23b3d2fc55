package dev.rampart.bench.monitor;

import dev.rampart.monitor.parse.KernelLogParser;
import dev.rampart.monitor.parse.KernelLogRecord;
import dev.rampart.monitor.parse.SyslogHeader;
import dev.rampart.monitor.parse.SyslogHeaderParser;
import dev.rampart.monitor.parse.TimeResolver;
import dev.rampart.monitor.service.ServiceMatch;
import dev.rampart.monitor.service.SshdParser;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * The parsers' throughput in lines per <b>CPU second</b> of the parsing thread (not wall time): the same
 * work as {@link LogParseBenchmark}, timed with the thread's CPU clock, so the figure stays meaningful on a
 * machine where other jobs compete for the cores (JMH's wall-clock throughput then measures the share of
 * CPU the benchmark got). Warm-up rounds first, then measured rounds; prints each round and the median.
 *
 * <p>Run: {@code java -cp rampart-bench/target/benchmarks.jar dev.rampart.bench.monitor.LogParseCpuMain}
 */
public final class LogParseCpuMain {
    private static final int LINES = 10_000;
    private static final int PASSES_PER_ROUND = 200;
    private static final int WARMUP_ROUNDS = 5;
    private static final int ROUNDS = 7;

    private LogParseCpuMain() {
    }

    public static void main(String[] args) {
        List<String> kern = LogGenerator.kern(LINES, 7);
        List<String> auth = LogGenerator.auth(LINES, 7);
        TimeResolver time = new TimeResolver(ZoneId.of("UTC"), Instant.parse("2026-11-30T00:00:00Z"));
        KernelLogParser kernel = new KernelLogParser(new SyslogHeaderParser(time));
        SyslogHeaderParser headers = new SyslogHeaderParser(time);
        SshdParser sshd = new SshdParser(SshdParser.Mode.NORMAL);
        report("kernel LOG", () -> {
            long sum = 0;
            for (String l : kern) {
                KernelLogRecord r = kernel.parse(l);
                sum += r.dport() + r.src().lo() + r.tcpFlags() + r.time().getEpochSecond();
            }
            return sum;
        });
        report("sshd", () -> {
            long sum = 0;
            for (String l : auth) {
                SyslogHeader h = headers.parse(l);
                if (sshd.accepts(l, h)) {
                    ServiceMatch m = sshd.parse(l, h);
                    if (m != null) {
                        sum += m.host().length();
                    }
                }
                sum += h.pid();
            }
            return sum;
        });
    }

    private interface Pass {
        long run();
    }

    private static void report(String name, Pass pass) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long sink = 0;
        double[] rates = new double[ROUNDS];
        for (int round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
            long cpu0 = mx.getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            for (int p = 0; p < PASSES_PER_ROUND; p++) {
                sink += pass.run();
            }
            long cpu = mx.getCurrentThreadCpuTime() - cpu0;
            long wall = System.nanoTime() - wall0;
            double perCpuSecond = (double) LINES * PASSES_PER_ROUND * 1e9 / cpu;
            if (round >= WARMUP_ROUNDS) {
                rates[round - WARMUP_ROUNDS] = perCpuSecond;
                System.out.printf("%s round %d: %,.0f lines per CPU second (%,.0f per wall second)%n", name,
                        round - WARMUP_ROUNDS + 1, perCpuSecond, (double) LINES * PASSES_PER_ROUND * 1e9 / wall);
            }
        }
        java.util.Arrays.sort(rates);
        System.out.printf("%s: median %,.0f lines per CPU second (min %,.0f, max %,.0f) [checksum %d]%n", name,
                rates[ROUNDS / 2], rates[0], rates[ROUNDS - 1], sink);
    }
}
