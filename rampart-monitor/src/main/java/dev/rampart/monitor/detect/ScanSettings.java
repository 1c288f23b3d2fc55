package dev.rampart.monitor.detect;

import java.time.Duration;
import java.util.List;

/**
 * Settings of the {@link ScanDetector} ({@code scan:} in {@code /etc/rampart/monitor.yaml}; defaults in
 * {@link #DEFAULTS}, documented in {@code docs/monitor.md}).
 *
 * @param window           how long a source's probes are accumulated before its state starts afresh
 *                         (psad's SCAN_TIMEOUT, default 1 hour)
 * @param minPorts         distinct destination ports that make a port scan (default 2: psad's
 *                         PORT_RANGE_SCAN_THRESHOLD of 1 is a range of at least two ports)
 * @param minHosts         distinct destination hosts on few ports that make a sweep (default 5)
 * @param minProtocols     distinct IP protocols that make a protocol scan (default 5)
 * @param dangerPackets    packets for danger levels 1..5 (psad's DANGER_LEVEL1..5: 5, 15, 150, 1,500, 10,000)
 * @param maxSources       sources tracked at most; the least recently seen is evicted first (default 100,000)
 * @param maxSetSize       distinct ports and hosts remembered per source (counts saturate there, default 4,096)
 */
public record ScanSettings(Duration window, int minPorts, int minHosts, int minProtocols, List<Integer> dangerPackets,
                           int maxSources, int maxSetSize) {

    public static final ScanSettings DEFAULTS = new ScanSettings(Duration.ofHours(1), 2, 5, 5,
            List.of(5, 15, 150, 1_500, 10_000), 100_000, 4_096);

    public ScanSettings {
        if (dangerPackets.size() != 5) {
            throw new IllegalArgumentException("dangerPackets needs five thresholds (levels 1 to 5)");
        }
        if (minPorts < 1 || minHosts < 1 || minProtocols < 1 || maxSources < 1 || maxSetSize < 1) {
            throw new IllegalArgumentException("scan thresholds and limits must be positive");
        }
        dangerPackets = List.copyOf(dangerPackets);
    }

    /** The danger level (0..5) of {@code packets}. */
    public int danger(long packets) {
        int level = 0;
        for (int i = 0; i < 5; i++) {
            if (packets >= dangerPackets.get(i)) {
                level = i + 1;
            }
        }
        return level;
    }
}
