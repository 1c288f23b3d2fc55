package dev.rampart.bench.monitor;

import dev.rampart.monitor.parse.KernelLogParser;
import dev.rampart.monitor.parse.KernelLogRecord;
import dev.rampart.monitor.parse.SyslogHeader;
import dev.rampart.monitor.parse.SyslogHeaderParser;
import dev.rampart.monitor.parse.TimeResolver;
import dev.rampart.monitor.service.ServiceMatch;
import dev.rampart.monitor.service.SshdParser;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-thread throughput of the log parsers in <b>lines per second</b> ({@link OperationsPerInvocation}
 * = lines per call): {@link KernelLogParser} over 10,000 generated kernel LOG lines and {@link SshdParser}
 * (header + message, normal mode, with its per-connection state) over 10,000 generated sshd lines of a
 * brute-forced server ({@link LogGenerator}). Lines are in memory; the benchmarks time parsing only.
 * Every parsed line's result is consumed (a checksum over fields), so nothing is optimised away.
 *
 * <p>Run: {@code mvn -o -q -pl rampart-bench -am package -DskipTests &&
 * flock /tmp/jmh.lock java -jar rampart-bench/target/benchmarks.jar LogParseBenchmark}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class LogParseBenchmark {
    static final int LINES = 10_000;

    List<String> kern;
    List<String> auth;
    KernelLogParser kernel;
    SyslogHeaderParser headers;
    SshdParser sshd;

    @Setup
    public void setup() {
        kern = LogGenerator.kern(LINES, 7);
        auth = LogGenerator.auth(LINES, 7);
        TimeResolver time = new TimeResolver(ZoneId.of("UTC"), Instant.parse("2026-11-30T00:00:00Z"));
        headers = new SyslogHeaderParser(time);
        kernel = new KernelLogParser(new SyslogHeaderParser(time));
        sshd = new SshdParser(SshdParser.Mode.NORMAL);
        for (String l : kern) {
            if (kernel.parse(l) == null) {
                throw new IllegalStateException("generated kernel line not parsed: " + l);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public long kernelLog() {
        long sum = 0;
        for (int i = 0; i < LINES; i++) {
            KernelLogRecord r = kernel.parse(kern.get(i));
            sum += r.dport() + r.src().lo() + r.tcpFlags() + r.time().getEpochSecond();
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public long sshdLog() {
        long sum = 0;
        for (int i = 0; i < LINES; i++) {
            String l = auth.get(i);
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
    }
}
