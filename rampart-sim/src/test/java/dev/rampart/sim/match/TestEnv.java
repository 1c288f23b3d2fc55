package dev.rampart.sim.match;

import dev.rampart.model.Family;
import dev.rampart.model.net.IpAddress;
import dev.rampart.sim.conntrack.ConnectionTable;
import dev.rampart.sim.engine.HostView;
import dev.rampart.sim.engine.Hook;
import dev.rampart.sim.engine.MatchEnv;
import dev.rampart.sim.engine.StateStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A {@link MatchEnv} for match tests: a host with the addresses, broadcasts and routes a test gives it
 * (plus loopback), a fixed clock, and a record of every approximation reported.
 */
final class TestEnv implements MatchEnv, HostView {
    final List<String> approximations = new ArrayList<>();
    private final Set<IpAddress> local = new HashSet<>();
    private final Set<IpAddress> broadcast = new HashSet<>();
    private final Map<String, IpAddress> primary = new HashMap<>();
    private final Map<IpAddress, String> routes = new HashMap<>();
    private final StateStore state = new StateStore();
    private long now = 1_700_000_000L * 1_000_000_000L;
    private Hook hook = Hook.INPUT;

    /** Adds {@code address} on {@code iface} as a local address (the first one becomes its primary). */
    TestEnv address(String iface, String address) {
        IpAddress a = IpAddress.parse(address);
        local.add(a);
        primary.putIfAbsent(iface + "/" + a.family(), a);
        return this;
    }

    TestEnv broadcastAddress(String address) {
        broadcast.add(IpAddress.parse(address));
        return this;
    }

    /** A host route: packets for {@code address} leave through {@code iface}. */
    TestEnv route(String address, String iface) {
        routes.put(IpAddress.parse(address), iface);
        return this;
    }

    TestEnv at(Hook h) {
        hook = h;
        return this;
    }

    TestEnv nowSeconds(long seconds) {
        now = seconds * 1_000_000_000L;
        return this;
    }

    @Override
    public long nowNanos() {
        return now;
    }

    @Override
    public Hook hook() {
        return hook;
    }

    @Override
    public HostView host() {
        return this;
    }

    @Override
    public IpSetStore ipsets() {
        throw new UnsupportedOperationException("no ipsets in match tests");
    }

    @Override
    public StateStore state() {
        return state;
    }

    @Override
    public ConnectionTable connections() {
        return (key, prefixBits, byDestination, protocol, nowNanos) -> 0;
    }

    @Override
    public RandomGenerator random() {
        return new SplittableRandom(1);
    }

    @Override
    public void approximate(String reason) {
        approximations.add(reason);
    }

    @Override
    public boolean isLocal(IpAddress a) {
        if (a.family() == Family.IPV4 && (a.lo() >>> 24) == 127) {
            return true;
        }
        if (a.family() == Family.IPV6 && a.hi() == 0 && a.lo() == 1) {
            return true;
        }
        return local.contains(a);
    }

    @Override
    public boolean isBroadcast(IpAddress a) {
        return a.family() == Family.IPV4 && a.lo() == 0xFFFFFFFFL || broadcast.contains(a);
    }

    @Override
    public Optional<IpAddress> primaryAddress(String iface, Family family) {
        return Optional.ofNullable(primary.get(iface + "/" + family));
    }

    @Override
    public Optional<String> routeInterface(IpAddress dst) {
        return Optional.ofNullable(routes.get(dst));
    }
}
