package dev.rampart.sim.kernel;

/** Bounded waits in the kernel tests; an interrupt ends the test instead of being swallowed. */
final class Pause {
    private Pause() {
    }

    /** Sleeps {@code millis} milliseconds. */
    static void millis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
