package dev.rampart.sim.kernel;

/**
 * The seed of the kernel differential tests: system property {@code rampart.kernel.seed} (a number, or
 * {@code random} for a fresh one), else {@link #DEFAULT} so that CI runs are reproducible. Every failure
 * report prints the seed that reproduces it.
 */
final class KernelSeed {
    /** The seed used when none is chosen. */
    static final long DEFAULT = 20260101L;
    static final String PROPERTY = "rampart.kernel.seed";

    private KernelSeed() {
    }

    static long chosen() {
        String v = System.getProperty(PROPERTY);
        if (v == null || v.isBlank()) {
            return DEFAULT;
        }
        if (v.equalsIgnoreCase("random")) {
            return new java.security.SecureRandom().nextLong() & 0xFFFFFFFFFFFFL;
        }
        return Long.parseLong(v.strip());
    }
}
