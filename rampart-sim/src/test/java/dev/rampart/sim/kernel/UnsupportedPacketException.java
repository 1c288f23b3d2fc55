package dev.rampart.sim.kernel;

/**
 * A packet the kernel test harness cannot put on the wire as described: a field no sending tool can set
 * from outside the firewall (skb mark, forced conntrack state, socket owner, bridge port), or a
 * combination the chosen tool cannot express. The message names the field and the packet id.
 */
public final class UnsupportedPacketException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public UnsupportedPacketException(String packetId, String why) {
        super("cannot send packet " + (packetId == null ? "(no id)" : packetId) + ": " + why);
    }
}
