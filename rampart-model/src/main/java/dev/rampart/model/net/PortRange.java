package dev.rampart.model.net;

/** An inclusive range of 16-bit ports, printed as iptables does: {@code 22} or {@code 1024:65535}. */
public record PortRange(int from, int to) {
    /** Every port, 0..65535. */
    public static final PortRange ALL = new PortRange(0, 65535);

    public PortRange {
        if (from < 0 || to > 65535 || from > to) {
            throw new IllegalArgumentException("invalid port range " + from + ":" + to);
        }
    }

    /**
     * Single-port ranges, made on first use and shared: a big ruleset names the same ports in thousands of
     * rules. Filled without a lock; a race only makes an extra equal instance (records are immutable and
     * their final fields are safely published).
     */
    private static final PortRange[] SINGLE = new PortRange[65536];

    /** A single port (an instance shared with other uses of the same port). */
    public static PortRange of(int port) {
        if (port < 0 || port > 65535) {
            return new PortRange(port, port); // throws the constructor's message
        }
        PortRange r = SINGLE[port];
        if (r == null) {
            r = new PortRange(port, port);
            SINGLE[port] = r;
        }
        return r;
    }

    /** Whether this is 0..65535. */
    public boolean isAll() {
        return from == 0 && to == 65535;
    }

    /** Whether {@code port} lies in the range. */
    public boolean contains(int port) {
        return port >= from && port <= to;
    }

    @Override
    public String toString() {
        return from == to ? Integer.toString(from) : from + ":" + to;
    }
}
