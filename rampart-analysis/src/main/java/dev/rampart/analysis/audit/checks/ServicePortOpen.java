package dev.rampart.analysis.audit.checks;

import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.RuleRef;
import dev.rampart.analysis.audit.Severity;
import dev.rampart.analysis.decision.DecisionDiagram;
import dev.rampart.analysis.decision.Instruction;
import dev.rampart.analysis.decision.Outcome;
import dev.rampart.analysis.decision.Program;
import dev.rampart.analysis.space.Box;
import dev.rampart.analysis.space.Dimension;
import dev.rampart.analysis.space.IntervalSet;
import dev.rampart.analysis.space.PacketSet;
import dev.rampart.analysis.space.PacketSpace;
import dev.rampart.sim.engine.CounterRef;
import dev.rampart.sim.packet.Packet;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * RA128: a database, cache or administration service port ({@link #SERVICES}) accepts connection
 * attempts (TCP SYN or UDP, conntrack NEW, not on the loopback device) from at least half of the address
 * space ({@link ServiceAccess}). One finding per service, naming it, the accepting rule and a witness
 * packet. Rate limits do not help here: a rate-limited accept still exposes the service.
 */
public final class ServicePortOpen extends AbstractCheck {

    /** A service that should never face the internet: its port, protocol and name. */
    record Service(int port, long protocol, String name) {
        String proto() {
            return protocol == ServiceAccess.TCP ? "tcp" : "udp";
        }
    }

    /** The services checked (the list and the usual suspects of internet-wide scans). */
    static final List<Service> SERVICES = List.of(
            new Service(3306, ServiceAccess.TCP, "MySQL/MariaDB"),
            new Service(5432, ServiceAccess.TCP, "PostgreSQL"),
            new Service(6379, ServiceAccess.TCP, "Redis"),
            new Service(27017, ServiceAccess.TCP, "MongoDB"),
            new Service(11211, ServiceAccess.TCP, "memcached"),
            new Service(11211, ServiceAccess.UDP, "memcached"),
            new Service(9200, ServiceAccess.TCP, "Elasticsearch"),
            new Service(2375, ServiceAccess.TCP, "Docker API (plain)"),
            new Service(2376, ServiceAccess.TCP, "Docker API (TLS)"),
            new Service(5900, ServiceAccess.TCP, "VNC"),
            new Service(161, ServiceAccess.UDP, "SNMP"),
            new Service(1433, ServiceAccess.TCP, "Microsoft SQL Server"),
            new Service(5984, ServiceAccess.TCP, "CouchDB"),
            new Service(9042, ServiceAccess.TCP, "Cassandra"),
            new Service(8086, ServiceAccess.TCP, "InfluxDB"),
            new Service(15672, ServiceAccess.TCP, "RabbitMQ management"),
            new Service(5601, ServiceAccess.TCP, "Kibana"),
            new Service(2379, ServiceAccess.TCP, "etcd"),
            new Service(10250, ServiceAccess.TCP, "kubelet API"));

    public ServicePortOpen() {
        super("RA128", "Database, cache or admin port reachable from any source", Severity.HIGH,
                "Databases, caches, container and remote-desktop APIs are found by internet-wide scanners within "
                        + "hours; many ship without authentication (Redis, memcached, MongoDB, the Docker API) and "
                        + "are taken over or used for amplification attacks (memcached, SNMP). They should be "
                        + "reachable only from the hosts that use them.");
    }

    @Override
    void check(AuditedRuleset r, List<Finding> out) {
        Optional<Program> program = ServiceAccess.input(r);
        if (program.isEmpty()) {
            return;
        }
        PacketSpace space = r.space();
        long[] tcp = SERVICES.stream().filter(s -> s.protocol() == ServiceAccess.TCP).mapToLong(Service::port).toArray();
        long[] udp = SERVICES.stream().filter(s -> s.protocol() == ServiceAccess.UDP).mapToLong(Service::port).toArray();
        PacketSet domain = ServiceAccess.attempts(space, ServiceAccess.TCP, IntervalSet.points(tcp))
                .union(ServiceAccess.attempts(space, ServiceAccess.UDP, IntervalSet.points(udp)));
        DecisionDiagram dd = ServiceAccess.diagram(program.get(), domain);
        List<Box> accepted = dd.boxes(leaf -> ServiceAccess.accepted(leaf.outcome(0)), ServiceAccess.MAX_BOXES);
        if (accepted.isEmpty()) {
            return;
        }
        for (Service s : SERVICES) {
            PacketSet port = space.where(Dimension.PROTOCOL, IntervalSet.point(s.protocol()))
                    .intersect(space.where(Dimension.DPORT, IntervalSet.point(s.port())));
            List<Box> open = ServiceAccess.within(accepted, port);
            if (open.isEmpty()) {
                continue;
            }
            BigInteger sources = ServiceAccess.sources(open);
            if (!ServiceAccess.fromAnywhere(sources, r.family())) {
                continue;
            }
            Packet witness = space.ofBoxes(open.subList(0, Math.min(open.size(), 50))).witness();
            DecisionDiagram.Node leaf = dd.classify(witness);
            Outcome o = leaf == null ? null : leaf.outcome(0);
            Instruction a = o == null ? null : ServiceAccess.accepting(o);
            if (a == null) {
                continue; // cannot happen: the witness lies in an accepted class
            }
            CounterRef rule = a.origin();
            List<RuleRef> refs = List.of(Programs.ref(r, rule));
            String maybe = a == o.decider() ? "" : " (if its uncertain match holds)";
            out.add(Finding.of(this, s.name() + " (" + s.proto() + " port " + s.port() + ") accepts connections from "
                            + ServiceAccess.share(sources, r.family()) + " of all source addresses: "
                            + Programs.describe(r, rule) + " accepts them" + maybe)
                    .rules(refs).witness(witness).approximations(o.approximations()).fix(fix(r, s, rule)).build());
        }
    }

    private static String fix(AuditedRuleset r, Service s, CounterRef rule) {
        String chain = rule.isPolicy() ? "INPUT" : rule.chain();
        int at = rule.isPolicy() ? 1 : rule.rule();
        String c = r.command();
        String m = "-p " + s.proto() + " -m " + s.proto() + " --dport " + s.port();
        return "# let only the clients of " + s.name() + " in (ADDR/LEN stands for them; an ipset works too:"
                + " -m set --match-set " + s.name().toLowerCase().replaceAll("[^a-z0-9]+", "-") + "-clients src)\n"
                + c + " -I " + chain + " " + at + " " + m + " -s ADDR/LEN -j ACCEPT\n"
                + c + " -I " + chain + " " + (at + 1) + " " + m + " -m conntrack --ctstate NEW -j DROP\n"
                + "# or bind the service to 127.0.0.1 / a private address only";
    }
}
