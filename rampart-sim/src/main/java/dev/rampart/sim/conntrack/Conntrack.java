package dev.rampart.sim.conntrack;

import dev.rampart.model.net.IpAddress;
import dev.rampart.sim.engine.Hook;
import dev.rampart.sim.engine.PacketState;

/** PLACEHOLDER until helper B's conntrack lands. */
public final class Conntrack implements ConnectionTable {
    public void track(PacketState p, long nowNanos) {
        throw new UnsupportedOperationException();
    }

    public void confirm(PacketState p, long nowNanos) {
        throw new UnsupportedOperationException();
    }

    public boolean needsNatLookup(PacketState p, Hook hook) {
        throw new UnsupportedOperationException();
    }

    public void bindNat(PacketState p, NatRequest r) {
        throw new UnsupportedOperationException();
    }

    public void applyNat(PacketState p, Hook hook) {
        throw new UnsupportedOperationException();
    }

    public void flush() {
        throw new UnsupportedOperationException();
    }

    @Override
    public int count(IpAddress key, int prefixBits, boolean byDestination, int protocol, long nowNanos) {
        throw new UnsupportedOperationException();
    }
}
