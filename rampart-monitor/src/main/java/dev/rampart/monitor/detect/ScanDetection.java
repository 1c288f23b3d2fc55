package dev.rampart.monitor.detect;

import dev.rampart.model.net.IpAddress;
import java.time.Instant;

/**
 * A scan attributed to {@code source}: its {@link ScanType}, danger level (1..5, from the packet count
 * as psad rates it), the packets, distinct destination ports, hosts and IP protocols seen within the
 * window, the lowest and highest port probed (-1 when none), and the first and last probe's times
 * (null when the lines had no time stamp).
 */
public record ScanDetection(IpAddress source, ScanType type, int danger, long packets, int ports, int hosts,
                            int protocols, int lowPort, int highPort, Instant first, Instant last) {
}
