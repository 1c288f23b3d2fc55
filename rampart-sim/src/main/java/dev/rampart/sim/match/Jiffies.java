package dev.rampart.sim.match;

/**
 * The kernel's tick clock as the stateful xtables matches see it: {@value #HZ} ticks per second, the
 * value of {@code CONFIG_HZ} on Debian and on the kernel Rampart is tested against (read from
 * {@code /proc/config.gz}: {@code CONFIG_HZ=250}). Virtual time (nanoseconds since the epoch) maps to
 * jiffies by flooring; the real kernel's jiffies start at an arbitrary boot offset, so which virtual
 * instant a tick boundary falls on is a modelling choice (here: multiples of {@value #NANOS_PER_JIFFY} ns).
 */
final class Jiffies {
    /** Ticks per second ({@code CONFIG_HZ}). */
    static final long HZ = 250;
    /** Length of one tick, in nanoseconds. */
    static final long NANOS_PER_JIFFY = 1_000_000_000L / HZ;

    private Jiffies() {
    }

    /** The jiffies value at virtual time {@code nanos}. */
    static long at(long nanos) {
        return Math.floorDiv(nanos, NANOS_PER_JIFFY);
    }

    /** {@code msecs_to_jiffies}: milliseconds rounded up to whole ticks. */
    static long fromMillis(long millis) {
        long msPerJiffy = 1000 / HZ;
        return (millis + msPerJiffy - 1) / msPerJiffy;
    }
}
