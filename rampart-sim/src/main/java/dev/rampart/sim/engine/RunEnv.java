package dev.rampart.sim.engine;

import dev.rampart.sim.conntrack.ConnectionTable;
import dev.rampart.sim.match.IpSetStore;
import java.util.random.RandomGenerator;

/**
 * The {@link MatchEnv} of one run: its clock, state, ipsets, connections and random generator, plus the
 * rule being evaluated so that approximation reasons can name it.
 */
final class RunEnv implements MatchEnv {
    private final HostView host;
    private final IpSetStore ipsets;
    private final StateStore state;
    private final ConnectionTable connections;
    private final RandomGenerator random;
    private long nowNanos;
    private Hook hook;
    private CounterRef currentRule;
    private TraceRecorder recorder;
    private final ImpliedHost packetHost;

    RunEnv(HostView host, IpSetStore ipsets, StateStore state, ConnectionTable connections, RandomGenerator random) {
        this.host = host;
        this.ipsets = ipsets;
        this.state = state;
        this.connections = connections;
        this.random = random;
        this.packetHost = new ImpliedHost(host);
    }

    /**
     * Starts a packet. {@code impliedLocal} is an address the packet's path says is the host's own (the
     * destination of a packet arriving for this host, the source of one it sends), used for {@code -m
     * addrtype} and friends when no host description was given; null when the path implies none.
     */
    void startPacket(long now, TraceRecorder rec, dev.rampart.model.net.IpAddress impliedLocal) {
        packetHost.implied = impliedLocal;
        nowNanos = now;
        recorder = rec;
        hook = null;
        currentRule = null;
    }

    void setHook(Hook h) {
        hook = h;
    }

    void setCurrentRule(CounterRef rule) {
        currentRule = rule;
    }

    @Override
    public long nowNanos() {
        return nowNanos;
    }

    @Override
    public Hook hook() {
        return hook;
    }

    @Override
    public HostView host() {
        return packetHost;
    }

    /**
     * The host description, plus the address the packet's path implies is local when the description is
     * empty: without one, a packet "arriving for this host" is addressed to one of the host's addresses.
     */
    private static final class ImpliedHost implements HostView {
        private final HostView host;
        private final boolean empty;
        dev.rampart.model.net.IpAddress implied;

        ImpliedHost(HostView host) {
            this.host = host;
            this.empty = host instanceof HostModel m && m.isEmpty();
        }

        @Override
        public boolean isLocal(dev.rampart.model.net.IpAddress a) {
            return host.isLocal(a) || (empty && a.equals(implied));
        }

        @Override
        public boolean isBroadcast(dev.rampart.model.net.IpAddress a) {
            return host.isBroadcast(a);
        }

        @Override
        public java.util.Optional<dev.rampart.model.net.IpAddress> primaryAddress(String iface,
                                                                                dev.rampart.model.Family family) {
            return host.primaryAddress(iface, family);
        }

        @Override
        public java.util.Optional<String> routeInterface(dev.rampart.model.net.IpAddress dst) {
            return host.routeInterface(dst);
        }
    }

    @Override
    public IpSetStore ipsets() {
        return ipsets;
    }

    @Override
    public StateStore state() {
        return state;
    }

    @Override
    public ConnectionTable connections() {
        return connections;
    }

    @Override
    public RandomGenerator random() {
        return random;
    }

    @Override
    public void approximate(String reason) {
        if (recorder != null) {
            recorder.approximate(currentRule == null ? reason : currentRule + ": " + reason);
        }
    }
}
