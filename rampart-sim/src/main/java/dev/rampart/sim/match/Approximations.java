package dev.rampart.sim.match;

import dev.rampart.sim.engine.PacketTest;

/** Tests whose outcome Rampart cannot compute and fixes instead, reporting each use as approximate. */
final class Approximations {
    private Approximations() {
    }

    /** A test that reports {@code reason} through {@code MatchEnv.approximate} and answers {@code result}. */
    static PacketTest constant(String reason, boolean result) {
        return (p, e) -> {
            e.approximate(reason);
            return result;
        };
    }
}
