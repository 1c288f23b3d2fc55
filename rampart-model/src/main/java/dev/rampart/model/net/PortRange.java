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

    /** A single port. */
    public static PortRange of(int port) {
        return new PortRange(port, port);
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
