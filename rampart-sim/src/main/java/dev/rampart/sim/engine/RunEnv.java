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

    RunEnv(HostView host, IpSetStore ipsets, StateStore state, ConnectionTable connections, RandomGenerator random) {
        this.host = host;
        this.ipsets = ipsets;
        this.state = state;
        this.connections = connections;
        this.random = random;
    }

    void startPacket(long now, TraceRecorder rec) {
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
        return host;
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
