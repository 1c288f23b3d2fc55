package dev.rampart.sim.engine;

import dev.rampart.model.net.IpAddress;

/**
 * The addresses and ports of a packet before and after NAT. Ports are -1 for protocols without ports.
 */
public record NatResult(IpAddress originalSrc, int originalSport, IpAddress originalDst, int originalDport,
                        IpAddress src, int sport, IpAddress dst, int dport) {

    /** Whether anything changed. */
    public boolean changed() {
        return !originalSrc.equals(src) || !originalDst.equals(dst) || originalSport != sport
                || originalDport != dport;
    }
}
