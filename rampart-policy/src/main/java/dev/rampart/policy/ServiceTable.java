package dev.rampart.policy;

import dev.rampart.model.net.PortRange;
import dev.rampart.policy.HostPolicy.L4;
import dev.rampart.policy.HostPolicy.PortSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Service names to ports. The built-in table (the common server services, with the protocols they really
 * use) always works and takes precedence, so a policy compiles the same on every machine; names not in
 * it are looked up in {@code /etc/services} when that file exists.
 */
public final class ServiceTable {
    private static final Map<String, List<PortSpec>> BUILTIN = new LinkedHashMap<>();

    static {
        tcp("ssh", 22);
        tcp("ftp", 21);
        tcp("telnet", 23);
        tcp("smtp", 25);
        both("dns", 53);
        both("domain", 53);
        tcp("http", 80);
        tcp("pop3", 110);
        udp("ntp", 123);
        tcp("imap", 143);
        udp("snmp", 161);
        tcp("ldap", 389);
        tcp("https", 443);
        tcp("smtps", 465);
        tcp("submission", 587);
        tcp("ldaps", 636);
        tcp("imaps", 993);
        tcp("pop3s", 995);
        tcp("mssql", 1433);
        udp("openvpn", 1194);
        tcp("mysql", 3306);
        tcp("rdp", 3389);
        tcp("postgresql", 5432);
        tcp("postgres", 5432);
        tcp("amqp", 5672);
        tcp("redis", 6379);
        tcp("http-alt", 8080);
        tcp("https-alt", 8443);
        tcp("prometheus", 9090);
        tcp("node-exporter", 9100);
        tcp("elasticsearch", 9200);
        tcp("memcached", 11211);
        tcp("mongodb", 27017);
        udp("wireguard", 51820);
        udp("syslog", 514);
        udp("dhcp", 67);
        tcp("kubernetes-api", 6443);
        tcp("etcd", 2379);
    }

    private static void tcp(String name, int port) {
        BUILTIN.put(name, List.of(new PortSpec(L4.TCP, List.of(PortRange.of(port)))));
    }

    private static void udp(String name, int port) {
        BUILTIN.put(name, List.of(new PortSpec(L4.UDP, List.of(PortRange.of(port)))));
    }

    private static void both(String name, int port) {
        BUILTIN.put(name, List.of(new PortSpec(L4.TCP, List.of(PortRange.of(port))),
                new PortSpec(L4.UDP, List.of(PortRange.of(port)))));
    }

    private final Map<String, List<PortSpec>> system;

    private ServiceTable(Map<String, List<PortSpec>> system) {
        this.system = system;
    }

    /** The built-in table only (tests, reproducible builds). */
    public static ServiceTable builtinOnly() {
        return new ServiceTable(Map.of());
    }

    /** The built-in table plus {@code servicesFile} when it exists and is readable. */
    public static ServiceTable withSystem(Path servicesFile) {
        Map<String, List<PortSpec>> sys = new LinkedHashMap<>();
        try {
            if (Files.isReadable(servicesFile)) {
                for (String line : Files.readAllLines(servicesFile)) {
                    readLine(line, sys);
                }
            }
        } catch (IOException | RuntimeException e) {
            return new ServiceTable(Map.of()); // an unreadable file means: built-in names only
        }
        return new ServiceTable(sys);
    }

    /** {@code name port/proto aliases... # comment}: the name and every alias map to the port. */
    private static void readLine(String line, Map<String, List<PortSpec>> sys) {
        int hash = line.indexOf('#');
        String[] w = (hash >= 0 ? line.substring(0, hash) : line).trim().split("\\s+");
        if (w.length < 2) {
            return;
        }
        int slash = w[1].indexOf('/');
        if (slash < 0) {
            return;
        }
        L4 proto = switch (w[1].substring(slash + 1)) {
            case "tcp" -> L4.TCP;
            case "udp" -> L4.UDP;
            default -> null;
        };
        if (proto == null) {
            return;
        }
        int port;
        try {
            port = Integer.parseInt(w[1].substring(0, slash));
        } catch (NumberFormatException e) {
            return;
        }
        if (port < 1 || port > 65535) {
            return;
        }
        for (int i = 0; i < w.length; i++) {
            if (i == 1) {
                continue;
            }
            List<PortSpec> specs = sys.computeIfAbsent(w[i], k -> new ArrayList<>());
            PortSpec spec = new PortSpec(proto, List.of(PortRange.of(port)));
            if (!specs.contains(spec)) {
                specs.add(spec);
            }
        }
    }

    /** The ports of {@code name}, or null when neither table knows it. */
    public List<PortSpec> lookup(String name) {
        List<PortSpec> b = BUILTIN.get(name);
        return b != null ? b : system.get(name);
    }

    /** Every known name (for suggestions). */
    public Set<String> names() {
        Set<String> all = new TreeSet<>(BUILTIN.keySet());
        all.addAll(system.keySet());
        return all;
    }
}
