package dev.rampart.sim.engine;

import dev.rampart.sim.conntrack.ConnectionTable;
import dev.rampart.sim.match.IpSetStore;
import java.util.random.RandomGenerator;

/**
 * What a compiled match may consult besides the packet: the virtual clock, the hook being traversed,
 * loaded ipsets, per-run state, the connection table (for {@code connlimit}) and a seedable random
 * generator (for {@code statistic --mode random}). One environment per run; not thread-safe.
 */
public interface MatchEnv {

    /** Virtual time of the current packet, in nanoseconds since the Unix epoch. */
    long nowNanos();

    /** The hook whose chains are being traversed. */
    Hook hook();

    /** The host's addresses and routes ({@code -m addrtype}, {@code -m rpfilter}). */
    HostView host();

    /** The ipsets of this run (as loaded, then changed by the SET target and set timeouts). */
    IpSetStore ipsets();

    /** Memory of stateful matches. */
    StateStore state();

    /** Connections known to conntrack, for {@code connlimit}. */
    ConnectionTable connections();

    /** The run's random generator (seeded for reproducible runs). */
    RandomGenerator random();

    /**
     * Records that the result of the current rule depends on something Rampart only approximates (an
     * unknown match, a match on state the simulator does not model). {@code reason} names what.
     */
    void approximate(String reason);
}
