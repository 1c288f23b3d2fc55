package dev.rampart.sim.engine;

/**
 * One compiled match (or rule header): a test of the in-flight packet. Implementations are immutable
 * and thread-safe; anything they remember between packets (token buckets, recent lists, nth counters)
 * lives in the {@link MatchEnv#state() per-run state} so one compiled ruleset can serve many runs and
 * threads at once.
 */
@FunctionalInterface
public interface PacketTest {

    /** Whether the packet matches. May update per-run state (limit tokens, recent lists). */
    boolean test(PacketState packet, MatchEnv env);

    /** A test that always matches. */
    PacketTest ALWAYS = (p, e) -> true;
}
