package dev.rampart.sim.classify;

/** Rule positions (0-based, ascending) of one chain that a packet may match; {@link #next} -1 at the end. */
public interface RuleCursor {

    /** The next candidate rule position, or -1 when there is none. */
    int next();
}
