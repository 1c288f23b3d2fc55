package dev.rampart.bench.monitor;

import dev.rampart.model.net.IpAddress;
import dev.rampart.monitor.detect.BruteForceDetector;
import dev.rampart.monitor.detect.BruteForceSettings;
import dev.rampart.monitor.detect.ScanDetector;
import dev.rampart.monitor.detect.ScanSettings;
import dev.rampart.monitor.parse.KernelLogRecord;
import dev.rampart.monitor.parse.TcpFlags;
import java.time.Instant;

/**
 * Memory of the detectors under a flood of distinct sources (issue 6: "10 million distinct sources,
 * state evicted oldest-first, peak heap under the configured cap"): feeds {@code SOURCES} distinct IPv4
 * sources (one failure, one SYN probe each) through a {@link BruteForceDetector} and a {@link ScanDetector}
 * with their default bounds (100,000 tracked sources), sampling the used heap after a full GC at intervals
 * and at the end, and prints the largest sample, the tracked entries and the eviction counts. Run it with
 * a small fixed heap to show the state fits: {@code java -Xmx256m -cp rampart-bench/target/benchmarks.jar
 * dev.rampart.bench.monitor.DetectorFloodMain [SOURCES]}.
 */
public final class DetectorFloodMain {
    private DetectorFloodMain() {
    }

    public static void main(String[] args) {
        int sources = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
        Runtime rt = Runtime.getRuntime();
        BruteForceDetector brute = new BruteForceDetector(BruteForceSettings.DEFAULTS);
        ScanDetector scans = new ScanDetector(ScanSettings.DEFAULTS);
        IpAddress dst = IpAddress.parse("198.18.0.1");
        Instant t0 = Instant.parse("2026-11-22T00:00:00Z");
        long maxUsed = 0;
        long start = System.nanoTime();
        for (int i = 0; i < sources; i++) {
            // distinct sources: walk the 32-bit space with an odd stride
            IpAddress src = IpAddress.ipv4(i * 0x9E3779B1);
            Instant t = t0.plusMillis(i);
            brute.failure(src, t);
            scans.observe(new KernelLogRecord(t, "gw", "DROP", "eth0", "", null, null, null, src, dst, 44, 0, 64, 1,
                    false, KernelLogRecord.PROTO_TCP, 40000, 22, 1024, TcpFlags.SYN, -1, -1, -1));
            if ((i + 1) % 2_000_000 == 0) {
                maxUsed = Math.max(maxUsed, used(rt));
                System.out.printf("%,d sources: heap used after GC %,d KB%n", i + 1, used(rt) / 1024);
            }
        }
        maxUsed = Math.max(maxUsed, used(rt));
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("sources %,d in %.1f s; brute force: tracked %,d, evictions %,d; scans: tracked %,d, "
                + "evictions %,d; largest heap used after GC %,d KB (max heap %,d KB)%n", sources, seconds,
                brute.trackedSources(), brute.evictions(), scans.trackedSources(), scans.evictions(),
                maxUsed / 1024, rt.maxMemory() / 1024);
    }

    private static long used(Runtime rt) {
        System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }
}
