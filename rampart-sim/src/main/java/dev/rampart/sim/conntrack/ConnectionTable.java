package dev.rampart.sim.conntrack;

import dev.rampart.model.net.IpAddress;

/** Read access to all tracked connections, as {@code -m connlimit} needs it. */
public interface ConnectionTable {

    /**
     * Number of live connections at {@code nowNanos} of {@code protocol} (0: any) whose original source
     * ({@code byDestination} false) or original destination address, masked to {@code prefixBits}, equals
     * {@code key} masked the same way. Closed TCP connections (TIME_WAIT, CLOSE) are not counted, as the
     * kernel's connlimit garbage collection drops them.
     */
    int count(IpAddress key, int prefixBits, boolean byDestination, int protocol, long nowNanos);
}
