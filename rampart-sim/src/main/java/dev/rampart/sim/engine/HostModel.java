package dev.rampart.sim.engine;

import dev.rampart.model.Family;
import dev.rampart.model.net.IpAddress;
import dev.rampart.model.net.IpPrefix;
import java.util.List;
import java.util.Optional;

/**
 * A host description: interfaces with their addresses (each with its network prefix length) and routes.
 * Loopback ranges (127.0.0.0/8, ::1) are always local. Routes are tried longest prefix first; the
 * networks of interface addresses are implicit connected routes.
 */
public record HostModel(List<Interface> interfaces, List<Route> routes) implements HostView {

    /** An interface and its addresses, e.g. {@code eth0} with {@code 198.51.100.10/24}. */
    public record Interface(String name, List<IpPrefix> addresses, List<IpAddress> hosts) {
        public Interface {
            addresses = List.copyOf(addresses);
            hosts = List.copyOf(hosts);
        }
    }

    /** A route: packets for {@code destination} leave by {@code device}. */
    public record Route(IpPrefix destination, String device) {
    }

    /** A host that knows nothing but loopback. */
    public static final HostModel NONE = new HostModel(List.of(), List.of());

    public HostModel {
        interfaces = List.copyOf(interfaces);
        routes = List.copyOf(routes);
    }

    /** Whether this description says anything beyond loopback. */
    public boolean isEmpty() {
        return interfaces.isEmpty() && routes.isEmpty();
    }

    @Override
    public boolean isLocal(IpAddress a) {
        if (a.family() == Family.IPV4 ? (a.lo() >>> 24) == 127 : a.hi() == 0 && a.lo() == 1) {
            return true;
        }
        for (Interface i : interfaces) {
            if (i.hosts().contains(a)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean isBroadcast(IpAddress a) {
        if (a.family() != Family.IPV4) {
            return false;
        }
        if (a.lo() == 0xFFFFFFFFL) {
            return true;
        }
        for (Interface i : interfaces) {
            for (IpPrefix net : i.addresses()) {
                if (net.family() == Family.IPV4 && net.length() < 31 && net.contains(0, a.lo())
                        && (a.lo() | net.maskLo()) == 0xFFFFFFFFL) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public Optional<IpAddress> primaryAddress(String iface, Family family) {
        for (Interface i : interfaces) {
            if (i.name().equals(iface)) {
                return i.hosts().stream().filter(h -> h.family() == family).findFirst();
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<String> routeInterface(IpAddress dst) {
        String best = null;
        int bestLen = -1;
        for (Interface i : interfaces) {
            for (IpPrefix net : i.addresses()) {
                if (dst.in(net) && net.length() > bestLen) {
                    best = i.name();
                    bestLen = net.length();
                }
            }
        }
        for (Route r : routes) {
            if (dst.in(r.destination()) && r.destination().length() > bestLen) {
                best = r.device();
                bestLen = r.destination().length();
            }
        }
        return Optional.ofNullable(best);
    }
}
