package dev.rampart.sim.engine;

import dev.rampart.model.Family;
import dev.rampart.model.net.IpAddress;
import java.util.Optional;

/**
 * What the simulated host knows about itself: its addresses, broadcast addresses and routes. Used for
 * {@code -m addrtype}, {@code -m rpfilter}, MASQUERADE, REDIRECT and routing decisions. Without a host
 * description only loopback addresses are local and routing needs {@code in}/{@code out} in the packet.
 */
public interface HostView {

    /** Whether {@code a} is assigned to this host (any interface, loopback ranges included). */
    boolean isLocal(IpAddress a);

    /** Whether {@code a} is a broadcast address here (255.255.255.255 or a directed broadcast). */
    boolean isBroadcast(IpAddress a);

    /** The first address of {@code family} on {@code iface}, as MASQUERADE and REDIRECT pick it. */
    Optional<IpAddress> primaryAddress(String iface, Family family);

    /** The interface the host would send a packet for {@code dst} out of, if a route exists. */
    Optional<String> routeInterface(IpAddress dst);
}
