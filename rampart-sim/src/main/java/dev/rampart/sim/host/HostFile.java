package dev.rampart.sim.host;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rampart.model.Family;
import dev.rampart.model.net.IpAddress;
import dev.rampart.model.net.IpPrefix;
import dev.rampart.sim.engine.HostModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a host description for {@code rampart trace --host FILE}. Two forms are accepted:
 * <ul>
 *   <li>Rampart's own: {@code {"interfaces":[{"name":"eth0","addresses":["198.51.100.10/24"]}],
 *       "routes":[{"to":"0.0.0.0/0","dev":"eth0"}]}};</li>
 *   <li>the output of {@code ip -j address show} (an array of interfaces with {@code ifname} and
 *       {@code addr_info}), so {@code ip -j addr > host.json} describes the machine it ran on. Connected
 *       networks are the only routes then.</li>
 * </ul>
 * Errors throw IllegalArgumentException with the member at fault.
 */
public final class HostFile {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private HostFile() {
    }

    /** Parses the file's text. */
    public static HostModel parse(String text) {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid JSON at line " + e.getLocation().getLineNr() + ": "
                    + e.getOriginalMessage());
        }
        if (root == null) {
            throw new IllegalArgumentException("empty host description");
        }
        return root.isArray() ? fromIpJson(root) : fromRampart(root);
    }

    private static HostModel fromRampart(JsonNode root) {
        List<HostModel.Interface> ifaces = new ArrayList<>();
        for (JsonNode i : root.path("interfaces")) {
            String name = i.path("name").asText(null);
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("interfaces[]: every interface needs a \"name\"");
            }
            List<IpPrefix> nets = new ArrayList<>();
            List<IpAddress> hosts = new ArrayList<>();
            for (JsonNode a : i.path("addresses")) {
                addAddress(a.asText(), nets, hosts, "interface " + name);
            }
            ifaces.add(new HostModel.Interface(name, nets, hosts));
        }
        List<HostModel.Route> routes = new ArrayList<>();
        for (JsonNode r : root.path("routes")) {
            String to = r.path("to").asText("");
            String dev = r.path("dev").asText("");
            if (dev.isEmpty()) {
                throw new IllegalArgumentException("routes[]: every route needs \"dev\"");
            }
            routes.add(new HostModel.Route(prefix(to), dev));
        }
        return new HostModel(ifaces, routes);
    }

    private static HostModel fromIpJson(JsonNode root) {
        List<HostModel.Interface> ifaces = new ArrayList<>();
        for (JsonNode i : root) {
            String name = i.path("ifname").asText("");
            List<IpPrefix> nets = new ArrayList<>();
            List<IpAddress> hosts = new ArrayList<>();
            for (JsonNode a : i.path("addr_info")) {
                String local = a.path("local").asText("");
                if (!local.isEmpty()) {
                    addAddress(local + "/" + a.path("prefixlen").asInt(local.contains(":") ? 128 : 32), nets, hosts,
                            "interface " + name);
                }
            }
            ifaces.add(new HostModel.Interface(name, nets, hosts));
        }
        return new HostModel(ifaces, List.of());
    }

    private static void addAddress(String text, List<IpPrefix> nets, List<IpAddress> hosts, String where) {
        int slash = text.indexOf('/');
        String addr = slash < 0 ? text : text.substring(0, slash);
        IpAddress a;
        try {
            a = IpAddress.parse(addr);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
        int len = slash < 0 ? a.family().bits() : Integer.parseInt(text.substring(slash + 1));
        hosts.add(a);
        IpAddress net = a.masked(len);
        nets.add(a.family() == Family.IPV4 ? IpPrefix.ipv4((int) net.lo(), len) : IpPrefix.ipv6(net.hi(), net.lo(), len));
    }

    private static IpPrefix prefix(String text) {
        if (text.equals("default") || text.isEmpty()) {
            return IpPrefix.any(Family.IPV4);
        }
        if (text.equals("default6")) {
            return IpPrefix.any(Family.IPV6);
        }
        Family f = text.contains(":") ? Family.IPV6 : Family.IPV4;
        IpPrefix p = dev.rampart.model.net.IpText.parsePrefix(f, text);
        if (p == null) {
            throw new IllegalArgumentException("routes[]: '" + text + "' is not an address/prefix");
        }
        return p;
    }
}
