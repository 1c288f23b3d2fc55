package dev.rampart.sim.match;

import dev.rampart.model.ipset.IpSets;
import dev.rampart.model.match.SetMatch;
import dev.rampart.sim.engine.PacketState;
import java.util.List;

/**
 * The ipsets of one simulation run: loaded from {@code ipset save} content, then changed by the
 * {@code SET} target and by entry timeouts on the virtual clock. Lookups follow the kernel's per-type
 * rules (hash:ip, hash:net with nomatch, hash:ip,port, hash:net,port, list:set, ...). Not thread-safe.
 */
public final class IpSetStore {

    /** An empty store: every {@code --match-set} names a missing set. */
    public static IpSetStore empty() {
        return new IpSetStore(new IpSets(List.of()));
    }

    public IpSetStore(IpSets sets) {
        throw new UnsupportedOperationException("IpSetStore: not implemented yet");
    }

    /** Whether a set called {@code name} exists. */
    public boolean exists(String name) {
        throw new UnsupportedOperationException("IpSetStore: not implemented yet");
    }

    /**
     * Whether the packet's fields, taken per dimension from {@code directions}, are in set {@code name}
     * at {@code nowNanos}; false for a missing set.
     */
    public boolean contains(String name, List<SetMatch.Direction> directions, PacketState packet, long nowNanos) {
        throw new UnsupportedOperationException("IpSetStore: not implemented yet");
    }

    /** Adds the packet's element to {@code name} ({@code -j SET --add-set}); timeoutSeconds -1: set default. */
    public void add(String name, List<SetMatch.Direction> directions, PacketState packet, long nowNanos,
                    long timeoutSeconds, boolean exist) {
        throw new UnsupportedOperationException("IpSetStore: not implemented yet");
    }

    /** Deletes the packet's element from {@code name} ({@code -j SET --del-set}). */
    public void delete(String name, List<SetMatch.Direction> directions, PacketState packet, long nowNanos) {
        throw new UnsupportedOperationException("IpSetStore: not implemented yet");
    }
}
