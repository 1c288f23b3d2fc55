package dev.rampart.analysis.lockout;

import dev.rampart.model.net.IpAddress;

/**
 * The connection that must keep working.
 *
 * @param admin the administrator's address (the client)
 * @param server the address the administrator connects to, or null for any address of the host
 * @param port the SSH (or other TCP service) port, 1..65535
 * @param inInterface the interface the connection arrives on, or null for every non-loopback one
 */
public record LockoutQuery(IpAddress admin, IpAddress server, int port, String inInterface) {

    public LockoutQuery {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, got " + port);
        }
        if (server != null && server.family() != admin.family()) {
            throw new IllegalArgumentException("admin and server addresses must be of one family");
        }
    }

    /** The client's source ports: the ephemeral range (1024..65535) every client picks from. */
    public static final int EPHEMERAL_LOW = 1024;
}
