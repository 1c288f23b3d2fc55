package dev.rampart.policy;

import dev.rampart.model.Family;
import dev.rampart.model.net.IpAddress;
import dev.rampart.model.net.IpPrefix;
import dev.rampart.model.net.PortRange;
import java.util.List;
import java.util.Set;

/**
 * A host policy after reading and checking: everything the emitters need, with the origin of each part.
 * Built only by {@link PolicyReader}; lists are in policy order, which is rule order.
 *
 * @param file         the policy file as named on the command line
 * @param families     the families to emit (default both)
 * @param defaults     the built-in chains' policies
 * @param sets         every ipset the policy declares (blocklists, allowlists, plain sets)
 * @param services     inbound services to open
 * @param sshProtection brute-force protection of the ssh service, or null
 * @param log          logging of dropped packets, or null for none
 * @param icmp         ICMP policy (the path-MTU error types are always allowed)
 * @param antiScan     anti-scan drops
 * @param egress       the outbound allow-list (only with {@code output: drop}), or null
 * @param forwards     forwarding allowed between zones
 * @param masquerades  source NAT
 * @param portForwards DNAT with their matching FORWARD rules
 * @param loadBalances DNAT spread over backends (statistic nth / numgen)
 * @param docker       rules for the DOCKER-USER chain, null when the host does not run Docker
 */
public record HostPolicy(String file, Set<Family> families, Defaults defaults, List<AddressSet> sets,
                         List<Service> services, SshProtection sshProtection, LogPolicy log, IcmpPolicy icmp,
                         AntiScan antiScan, Egress egress, List<ForwardRule> forwards, List<Masquerade> masquerades,
                         List<PortForward> portForwards, List<LoadBalance> loadBalances, List<DockerRule> docker) {

    /** The transport protocols a policy opens ports for. */
    public enum L4 {
        TCP, UDP;

        /** Lower-case name, as iptables and nft write it. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A built-in chain's policy; REJECT is a DROP policy with a final REJECT rule. */
    public enum Verdict { ACCEPT, DROP, REJECT }

    /** The default policies and where they were written. */
    public record Defaults(Verdict input, Verdict forward, Verdict output, Origin origin) {
    }

    /** An address source of a rule: a prefix, or an ipset (by its policy name; per family on emit). */
    public sealed interface Source permits Cidr, SetRef {
    }

    /** A literal address or network. */
    public record Cidr(IpPrefix prefix) implements Source {
    }

    /** An ipset declared in the policy. */
    public record SetRef(String name) implements Source {
    }

    /** Ports of one protocol: one or more ranges (a single port is a range of one). */
    public record PortSpec(L4 proto, List<PortRange> ranges) {
        public PortSpec {
            ranges = List.copyOf(ranges);
        }
    }

    /** What a set is for: blocklists drop early, allowlists accept early, plain sets are only referenced. */
    public enum SetRole { BLOCK, ALLOW, PLAIN }

    /**
     * An ipset: its entries (from the policy and from {@code file:}), and the default timeout in seconds
     * for entries added at run time (null: no timeout support). Entries of the list itself never expire.
     */
    public record AddressSet(Origin origin, String name, SetRole role, List<IpPrefix> entries, Long timeout) {
        public AddressSet {
            entries = List.copyOf(entries);
        }
    }

    /**
     * An inbound service: ports, optional sources (empty: anyone), interfaces (empty: any), and a rate
     * limit (null: none), global or per source.
     */
    public record Service(Origin origin, String label, List<PortSpec> ports, List<Source> from, List<String> interfaces,
                          Rate limit, boolean limitPerSource) {
        public Service {
            ports = List.copyOf(ports);
            from = List.copyOf(from);
            interfaces = List.copyOf(interfaces);
        }
    }

    /** How SSH brute force is stopped. */
    public enum SshMethod { RECENT, HASHLIMIT }

    /**
     * At most {@code maxNew} new connections per source per {@code seconds} to the ports of the
     * {@code ssh} service; the next one is dropped.
     */
    public record SshProtection(Origin origin, SshMethod method, int maxNew, int seconds, List<PortRange> ports) {
        public SshProtection {
            ports = List.copyOf(ports);
        }
    }

    /** Rate-limited LOG of packets about to be dropped by a DROP policy. */
    public record LogPolicy(Origin origin, String prefix, Rate rate, int level) {
    }

    /** Echo requests (allowed, optionally limited) — the error types path MTU needs are always allowed. */
    public record IcmpPolicy(Origin origin, boolean echo, Rate echoRate) {
    }

    /** Drops of obviously bad packets before any accept. */
    public record AntiScan(Origin origin, boolean tcpNull, boolean xmas, boolean fragments, boolean invalid) {
    }

    /** One outbound allowance: a port set to destinations (empty: anywhere). */
    public record EgressRule(Origin origin, String label, PortSpec ports, List<IpPrefix> to) {
        public EgressRule {
            to = List.copyOf(to);
        }
    }

    /** The outbound allow-list, and whether this host may send pings. */
    public record Egress(Origin origin, List<EgressRule> rules, boolean ping) {
        public Egress {
            rules = List.copyOf(rules);
        }
    }

    /** New connections allowed from {@code in} interfaces to {@code out} interfaces, optionally by source. */
    public record ForwardRule(Origin origin, List<String> inInterfaces, List<String> outInterfaces, List<Source> from) {
    }

    /** Masquerade traffic leaving by {@code out} interfaces (from the given networks; empty: all). */
    public record Masquerade(Origin origin, List<String> outInterfaces, List<IpPrefix> from) {
    }

    /** DNAT of {@code proto/port} arriving on {@code in} to {@code to[:toPort]}, and its FORWARD accept. */
    public record PortForward(Origin origin, List<String> inInterfaces, L4 proto, PortRange port, IpAddress to,
                              Integer toPort, List<Source> from) {
    }

    /** One load-balancing backend. */
    public record Backend(IpAddress address, Integer port) {
    }

    /** DNAT of {@code proto/port} spread evenly over backends, and the FORWARD accepts. */
    public record LoadBalance(Origin origin, List<String> inInterfaces, L4 proto, int port, List<Backend> backends) {
        public LoadBalance {
            backends = List.copyOf(backends);
        }
    }

    /**
     * A published container port limited to sources: other sources are dropped in DOCKER-USER. Ports are
     * the container ports (DOCKER-USER sees packets after Docker's DNAT).
     */
    public record DockerRule(Origin origin, List<String> inInterfaces, L4 proto, PortRange port, List<Source> from) {
    }
}
