package dev.rampart.sim.engine;

import dev.rampart.model.Ruleset;
import dev.rampart.model.ipset.IpSets;
import dev.rampart.sim.packet.Packet;

/**
 * A simulation run: one ruleset, its ipsets, a conntrack table, stateful-match memory and a virtual
 * clock. Packets are processed in order, each seeing the state the earlier ones left. Not thread-safe;
 * to classify from many threads, share one compiled ruleset and give each thread its own run.
 */
public final class Simulator {

    private Simulator() {
        throw new UnsupportedOperationException("Simulator: not implemented yet");
    }

    /** A builder for a run over {@code ruleset}. */
    public static Builder builder(Ruleset ruleset) {
        throw new UnsupportedOperationException("Simulator: not implemented yet");
    }

    /** Processes one packet and returns what happened to it. */
    public TraceResult process(Packet packet) {
        throw new UnsupportedOperationException("Simulator: not implemented yet");
    }

    /** Forgets all connections (as {@code conntrack -F}), keeping other state. */
    public void flushConntrack() {
        throw new UnsupportedOperationException("Simulator: not implemented yet");
    }

    /** Options of a run. */
    public static final class Builder {
        /** The ipsets {@code -m set} and {@code -j SET} use. */
        public Builder ipsets(IpSets sets) {
            return this;
        }

        /** Seed of the random generator ({@code statistic --mode random}); default 0. */
        public Builder seed(long seed) {
            return this;
        }

        /** Walk every rule instead of using the chain indexes (the reference evaluator). */
        public Builder linear(boolean linear) {
            return this;
        }

        public Simulator build() {
            throw new UnsupportedOperationException("Simulator: not implemented yet");
        }
    }
}
