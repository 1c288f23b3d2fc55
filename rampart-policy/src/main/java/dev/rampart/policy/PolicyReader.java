package dev.rampart.policy;

import static dev.rampart.policy.PolicyValues.fastIpv4;
import static dev.rampart.policy.PolicyValues.get;
import static dev.rampart.policy.PolicyValues.items;
import static dev.rampart.policy.PolicyValues.keyPos;
import static dev.rampart.policy.PolicyValues.orElse;
import static dev.rampart.policy.PolicyValues.parseCidr;
import static dev.rampart.policy.PolicyValues.width;

import dev.rampart.model.Family;
import dev.rampart.model.diag.DiagnosticCode;
import dev.rampart.model.diag.Suggest;
import dev.rampart.model.net.IpPrefix;
import dev.rampart.model.net.PortRange;
import dev.rampart.policy.HostPolicy.AddressSet;
import dev.rampart.policy.HostPolicy.AntiScan;
import dev.rampart.policy.HostPolicy.Backend;
import dev.rampart.policy.HostPolicy.Cidr;
import dev.rampart.policy.HostPolicy.Defaults;
import dev.rampart.policy.HostPolicy.DockerRule;
import dev.rampart.policy.HostPolicy.Egress;
import dev.rampart.policy.HostPolicy.EgressRule;
import dev.rampart.policy.HostPolicy.ForwardRule;
import dev.rampart.policy.HostPolicy.IcmpPolicy;
import dev.rampart.policy.HostPolicy.L4;
import dev.rampart.policy.HostPolicy.LoadBalance;
import dev.rampart.policy.HostPolicy.LogPolicy;
import dev.rampart.policy.HostPolicy.Masquerade;
import dev.rampart.policy.HostPolicy.PortForward;
import dev.rampart.policy.HostPolicy.PortSpec;
import dev.rampart.policy.HostPolicy.Service;
import dev.rampart.policy.HostPolicy.SetRef;
import dev.rampart.policy.HostPolicy.SetRole;
import dev.rampart.policy.HostPolicy.Source;
import dev.rampart.policy.HostPolicy.SshMethod;
import dev.rampart.policy.HostPolicy.SshProtection;
import dev.rampart.policy.HostPolicy.Verdict;
import dev.rampart.policy.yaml.Pos;
import dev.rampart.policy.yaml.YNode;
import dev.rampart.policy.yaml.YNode.Entry;
import dev.rampart.policy.yaml.YNode.YMap;
import dev.rampart.policy.yaml.YNode.YScalar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a loaded policy tree into a checked {@link HostPolicy}, reporting every problem (unknown keys with
 * the closest known one, bad addresses, ports, service names, references, contradictions) instead of
 * stopping at the first. The sections and their keys are documented in {@code docs/policy.md}; this
 * class and {@code docs/policy.schema.json} must agree.
 */
public final class PolicyReader {
    static final List<String> TOP = List.of("version", "vars", "families", "zones", "defaults", "address_lists",
            "blocklists", "allowlists", "sets", "services", "ssh_protection", "log", "icmp", "anti_scan", "egress",
            "forward", "nat", "docker");
    /** ipset names are at most 31 characters; the IPv6 twin adds "-v6". */
    static final int MAX_SET_NAME = 28;
    /** LOG prefixes are at most 29 characters (the kernel's limit). */
    static final int MAX_LOG_PREFIX = 29;

    private final PolicyProblems problems;
    private final ServiceTable serviceTable;
    private final PolicyValues values;
    private final Path baseDir;
    private final Map<String, List<String>> zones = new LinkedHashMap<>();
    private final Map<String, List<IpPrefix>> addressLists = new LinkedHashMap<>();
    private final Map<String, AddressSet> sets = new LinkedHashMap<>();
    /** Where each top-level section's key is written: rule comments cite it. */
    private final Map<String, Pos> sectionPos = new LinkedHashMap<>();

    public PolicyReader(PolicyProblems problems, ServiceTable serviceTable, Path baseDir) {
        this.problems = problems;
        this.serviceTable = serviceTable;
        this.values = new PolicyValues(problems, serviceTable);
        this.baseDir = baseDir;
    }

    /** Reads {@code root}; the result is meaningful only when no error was reported. */
    public HostPolicy read(YMap root, String file) {
        values.checkKeys(root, TOP, "a policy");
        for (Entry e : root.entries()) {
            sectionPos.put(e.key(), e.keyPos());
        }
        YNode version = get(root, "version");
        if (version != null) {
            Integer v = values.integer(version, 1, 1);
            if (v == null) {
                return null;
            }
        }
        Set<Family> families = families(get(root, "families"));
        readZones(get(root, "zones"));
        readAddressLists(get(root, "address_lists"));
        readSets(get(root, "blocklists"), SetRole.BLOCK, "blocklists");
        readSets(get(root, "allowlists"), SetRole.ALLOW, "allowlists");
        readSets(get(root, "sets"), SetRole.PLAIN, "sets");
        Defaults defaults = defaults(get(root, "defaults"), root.pos());
        List<Service> services = services(get(root, "services"));
        SshProtection ssh = sshProtection(get(root, "ssh_protection"), services);
        LogPolicy log = log(get(root, "log"));
        IcmpPolicy icmp = icmp(get(root, "icmp"), file);
        AntiScan antiScan = antiScan(get(root, "anti_scan"), file);
        Egress egress = egress(get(root, "egress"), defaults);
        List<ForwardRule> forwards = forwards(get(root, "forward"));
        List<Masquerade> masquerades = new ArrayList<>();
        List<PortForward> portForwards = new ArrayList<>();
        List<LoadBalance> loadBalances = new ArrayList<>();
        nat(get(root, "nat"), masquerades, portForwards, loadBalances);
        List<DockerRule> docker = docker(get(root, "docker"));
        checkContradictions(services, portForwards);
        return new HostPolicy(file, families, defaults, List.copyOf(sets.values()), services, ssh, log, icmp, antiScan,
                egress, forwards, masquerades, portForwards, loadBalances, docker);
    }

    // ---- references: zones, sources, address lists -------------------------------------------

    private List<String> interfaces(YNode node) {
        List<String> out = new ArrayList<>();
        for (YNode z : items(node)) {
            String name = values.text(z, "a zone");
            if (name == null) {
                continue;
            }
            List<String> ifs = zones.get(name);
            if (ifs == null) {
                String hint = Suggest.didYouMean(name, zones.keySet());
                problems.error(DiagnosticCode.UNKNOWN_NAME, z.pos(), width(z), "unknown zone '" + name + "'",
                        hint != null ? hint : "declare it under 'zones:' (zone: interface)");
                continue;
            }
            out.addAll(ifs);
        }
        return out;
    }

    /** Addresses, CIDRs, address-list names and {@code set:NAME} references. */
    private List<Source> sources(YNode node) {
        List<Source> out = new ArrayList<>();
        for (YNode item : items(node)) {
            String t = values.text(item, "a source");
            if (t == null) {
                continue;
            }
            if (t.startsWith("set:")) {
                String name = t.substring(4);
                if (!sets.containsKey(name)) {
                    String hint = Suggest.didYouMean(name, sets.keySet());
                    problems.error(DiagnosticCode.UNKNOWN_NAME, item.pos(), width(item), "unknown set '" + name + "'",
                            hint != null ? hint : "declare it under 'sets:', 'allowlists:' or 'blocklists:'");
                    continue;
                }
                out.add(new SetRef(name));
            } else if (addressLists.containsKey(t)) {
                for (IpPrefix p : addressLists.get(t)) {
                    out.add(new Cidr(p));
                }
            } else if (looksLikeAddress(t)) {
                IpPrefix p = values.prefix(item, t);
                if (p != null) {
                    out.add(new Cidr(p));
                }
            } else {
                List<String> names = new ArrayList<>(addressLists.keySet());
                sets.keySet().forEach(s -> names.add("set:" + s));
                String hint = Suggest.didYouMean(t, names);
                problems.error(DiagnosticCode.UNKNOWN_NAME, item.pos(), width(item), "'" + t
                        + "' is neither an address nor a declared address list", hint != null ? hint
                        : "declare it under 'address_lists:', or write 'set:NAME' for an ipset");
            }
        }
        return out;
    }

    private static boolean looksLikeAddress(String t) {
        return !t.isEmpty() && (Character.isDigit(t.charAt(0)) || t.indexOf(':') >= 0);
    }

    private List<IpPrefix> prefixes(YNode node) {
        List<IpPrefix> out = new ArrayList<>();
        for (YNode item : items(node)) {
            String t = values.text(item, "an address");
            if (t != null) {
                if (addressLists.containsKey(t)) {
                    out.addAll(addressLists.get(t));
                    continue;
                }
                IpPrefix p = values.prefix(item, t);
                if (p != null) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    // ---- sections --------------------------------------------------------------------------------

    private Set<Family> families(YNode node) {
        if (node == null) {
            return EnumSet.of(Family.IPV4, Family.IPV6);
        }
        Set<Family> out = EnumSet.noneOf(Family.class);
        for (YNode item : items(node)) {
            String t = values.text(item, "a family");
            if (t == null) {
                continue;
            }
            switch (t) {
                case "ipv4" -> out.add(Family.IPV4);
                case "ipv6" -> out.add(Family.IPV6);
                default -> {
                    String hint = Suggest.didYouMean(t, List.of("ipv4", "ipv6"));
                    problems.error(DiagnosticCode.WRONG_TYPE, item.pos(), width(item), "unknown family '" + t + "'",
                            hint != null ? hint : "use ipv4 and/or ipv6");
                }
            }
        }
        return out.isEmpty() ? EnumSet.of(Family.IPV4, Family.IPV6) : out;
    }

    private void readZones(YNode node) {
        if (node == null) {
            return;
        }
        YMap m = values.map(node, "'zones'");
        if (m == null) {
            return;
        }
        for (Entry e : m.entries()) {
            List<String> ifs = new ArrayList<>();
            for (YNode i : items(e.value())) {
                String t = values.text(i, "an interface");
                if (t == null) {
                    continue;
                }
                if (t.isEmpty() || t.length() > 15 || t.contains("/") || t.contains(" ")) {
                    problems.error(DiagnosticCode.INVALID_INTERFACE, i.pos(), width(i), "'" + t
                            + "' is not an interface name (1..15 characters, no '/' or blanks; '+' at the end is a wildcard)",
                            null);
                    continue;
                }
                ifs.add(t);
            }
            if (ifs.isEmpty()) {
                problems.error(DiagnosticCode.MISSING_KEY, e.keyPos(), e.key().length(), "zone '" + e.key()
                        + "' has no interface", "e.g. public: eth0");
            }
            zones.put(e.key(), ifs);
        }
    }

    private void readAddressLists(YNode node) {
        if (node == null) {
            return;
        }
        YMap m = values.map(node, "'address_lists'");
        if (m == null) {
            return;
        }
        for (Entry e : m.entries()) {
            addressLists.put(e.key(), prefixes(e.value()));
        }
    }

    private void readSets(YNode node, SetRole role, String section) {
        if (node == null) {
            return;
        }
        YMap m = values.map(node, "'" + section + "'");
        if (m == null) {
            return;
        }
        for (Entry e : m.entries()) {
            String name = e.key();
            if (!name.matches("[A-Za-z0-9_.-]{1," + MAX_SET_NAME + "}")) {
                problems.error(DiagnosticCode.WRONG_TYPE, e.keyPos(), name.length(), "set name '" + name
                        + "' must be 1.." + MAX_SET_NAME + " letters, digits, '_', '.' or '-'", null);
                continue;
            }
            if (sets.containsKey(name)) {
                problems.error(DiagnosticCode.CONTRADICTION, e.keyPos(), name.length(), "set '" + name
                        + "' is declared twice (first at " + sets.get(name).origin().pos().cite() + ")", "rename one");
                continue;
            }
            YNode v = e.value();
            List<IpPrefix> entries = new ArrayList<>();
            Long timeout = null;
            if (v instanceof YMap sm) {
                values.checkKeys(sm, List.of("entries", "file", "timeout"), section + "." + name);
                entries.addAll(prefixes(get(sm, "entries")));
                YNode f = get(sm, "file");
                if (f != null) {
                    String fn = values.text(f, "'file'");
                    if (fn != null) {
                        readListFile(f, fn, entries);
                    }
                }
                YNode t = get(sm, "timeout");
                if (t != null) {
                    Integer secs = values.integer(t, 1, 2147483);
                    timeout = secs == null ? null : (long) secs;
                }
            } else {
                entries.addAll(prefixes(v));
            }
            if (entries.stream().anyMatch(p -> p.length() == 0)) {
                problems.error(DiagnosticCode.INVALID_ADDRESS, e.keyPos(), name.length(), "set '" + name
                        + "' holds a /0 network (every address), which hash:net sets cannot hold",
                        "use defaults or a service's 'from' for 'everyone'");
            }
            sets.put(name, new AddressSet(new Origin(e.keyPos(), section + "." + name), name, role, entries, timeout));
        }
        if (role == SetRole.ALLOW) {
            checkAllowBlockOverlap();
        }
    }

    /** One address or CIDR a line; '#' comments and blank lines ignored. Positions point into the file. */
    private void readListFile(YNode node, String name, List<IpPrefix> out) {
        Path p = baseDir.resolve(name).normalize();
        List<String> lines;
        try {
            lines = Files.readAllLines(p);
        } catch (IOException e) {
            problems.error(DiagnosticCode.INCLUDE_FAILED, node.pos(), width(node), "cannot read list file '" + name + "'",
                    "paths are relative to the policy file");
            return;
        }
        String display = Path.of(node.pos().file()).resolveSibling(name).normalize().toString();
        int bad = 0;
        for (int i = 0; i < lines.size(); i++) {
            String raw = lines.get(i);
            int hash = raw.indexOf('#');
            String t = (hash >= 0 ? raw.substring(0, hash) : raw).trim();
            if (t.isEmpty()) {
                continue;
            }
            IpPrefix pr = fastIpv4(t);
            if (pr == null) {
                pr = parseCidr(t);
            }
            if (pr == null) {
                if (bad++ < 20) {
                    problems.error(DiagnosticCode.INVALID_ADDRESS, new Pos(display, i + 1, raw.indexOf(t) + 1, raw),
                            t.length(), "'" + t + "' is not an address or CIDR network", null);
                }
                continue;
            }
            out.add(pr);
        }
    }

    private void checkAllowBlockOverlap() {
        Map<IpPrefix, AddressSet> blocked = new LinkedHashMap<>();
        for (AddressSet s : sets.values()) {
            if (s.role() == SetRole.BLOCK) {
                for (IpPrefix p : s.entries()) {
                    blocked.putIfAbsent(p, s);
                }
            }
        }
        for (AddressSet s : sets.values()) {
            if (s.role() != SetRole.ALLOW) {
                continue;
            }
            for (IpPrefix p : s.entries()) {
                AddressSet b = blocked.get(p);
                if (b != null) {
                    problems.error(DiagnosticCode.CONTRADICTION, s.origin().pos(), s.name().length(), "'" + p
                            + "' is both in allowlist '" + s.name() + "' and in blocklist '" + b.name() + "' ("
                            + b.origin().pos().cite() + ")", "remove it from one of them (the blocklist is checked first)");
                }
            }
        }
    }


    private Defaults defaults(YNode node, Pos rootPos) {
        Verdict in = Verdict.DROP;
        Verdict fwd = Verdict.DROP;
        Verdict out = Verdict.ACCEPT;
        Origin origin = new Origin(rootPos, "defaults");
        if (node != null) {
            YMap m = values.map(node, "'defaults'");
            if (m != null) {
                values.checkKeys(m, List.of("input", "forward", "output"), "defaults");
                origin = new Origin(sectionPos.get("defaults"), "defaults");
                YNode v;
                if ((v = get(m, "input")) != null) {
                    in = orElse(values.verdict(v, "input"), in);
                }
                if ((v = get(m, "forward")) != null) {
                    fwd = orElse(values.verdict(v, "forward"), fwd);
                }
                if ((v = get(m, "output")) != null) {
                    out = orElse(values.verdict(v, "output"), out);
                }
            }
        }
        return new Defaults(in, fwd, out, origin);
    }


    private static final List<String> SERVICE_KEYS = List.of("name", "port", "proto", "from", "zone", "limit");

    private List<Service> services(YNode node) {
        List<Service> out = new ArrayList<>();
        for (YNode item : items(node)) {
            Service s = service(item);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    private Service service(YNode item) {
        YMap m;
        if (item instanceof YScalar s && !s.isNull()) {
            m = new YMap(s.pos(), List.of(new Entry("name", s.pos(), s)));
        } else {
            m = values.map(item, "a service");
            if (m == null) {
                return null;
            }
        }
        values.checkKeys(m, SERVICE_KEYS, "a service");
        YNode nameNode = get(m, "name");
        YNode portNode = get(m, "port");
        YNode protoNode = get(m, "proto");
        L4 proto = protoNode == null ? null : values.proto(protoNode);
        List<PortSpec> ports = new ArrayList<>();
        String label;
        if (nameNode != null && portNode != null) {
            problems.error(DiagnosticCode.CONTRADICTION, keyPos(m, "port"), 4, "a service has either 'name' or 'port', not both",
                    "drop 'port' to use the named service's ports, or rename 'name' to a comment");
            return null;
        }
        if (nameNode != null) {
            String name = values.text(nameNode, "a service name");
            if (name == null) {
                return null;
            }
            List<PortSpec> known = serviceTable.lookup(name);
            if (known == null) {
                String hint = Suggest.didYouMean(name, serviceTable.names());
                problems.error(DiagnosticCode.UNKNOWN_SERVICE, nameNode.pos(), width(nameNode), "unknown service '" + name + "'",
                        hint != null ? hint : "give 'port:' and 'proto:' instead");
                return null;
            }
            for (PortSpec p : known) {
                if (proto == null || p.proto() == proto) {
                    ports.add(p);
                }
            }
            if (ports.isEmpty()) {
                problems.error(DiagnosticCode.CONTRADICTION, protoNode.pos(), width(protoNode), "service '" + name
                        + "' has no " + proto.id() + " port", null);
                return null;
            }
            label = name;
        } else if (portNode != null) {
            List<PortRange> ranges = new ArrayList<>();
            for (YNode p : items(portNode)) {
                PortRange r = values.portRange(p);
                if (r != null) {
                    ranges.add(r);
                }
            }
            if (ranges.isEmpty()) {
                return null;
            }
            L4 pr = proto == null ? L4.TCP : proto;
            ports.add(new PortSpec(pr, ranges));
            StringBuilder sb = new StringBuilder();
            for (PortRange r : ranges) {
                sb.append(sb.length() == 0 ? "" : ",").append(r.from()).append(r.to() != r.from() ? "-" + r.to() : "");
            }
            label = sb + "/" + pr.id();
        } else {
            problems.error(DiagnosticCode.MISSING_KEY, m.pos(), 1, "a service needs 'name' or 'port'",
                    "e.g. - name: https, or - {port: 8080, proto: tcp}");
            return null;
        }
        List<Source> from = sources(get(m, "from"));
        if (get(m, "from") != null && from.isEmpty()) {
            return null;
        }
        List<String> ifs = interfaces(get(m, "zone"));
        Rate limit = null;
        boolean perSource = false;
        YNode lim = get(m, "limit");
        if (lim != null) {
            limit = values.rate(lim, "services." + label + ".limit");
            if (lim instanceof YMap lm && get(lm, "per_source") != null) {
                perSource = Boolean.TRUE.equals(values.bool(get(lm, "per_source"), "per_source"));
            }
        }
        return new Service(new Origin(m.pos(), "services." + label), label, ports, from, ifs, limit, perSource);
    }

    private SshProtection sshProtection(YNode node, List<Service> services) {
        if (node == null) {
            return null;
        }
        YMap m = values.map(node, "'ssh_protection'");
        if (m == null) {
            return null;
        }
        values.checkKeys(m, List.of("method", "max_new", "seconds"), "ssh_protection");
        SshMethod method = SshMethod.RECENT;
        YNode v;
        if ((v = get(m, "method")) != null) {
            String t = values.text(v, "method");
            if ("recent".equals(t)) {
                method = SshMethod.RECENT;
            } else if ("hashlimit".equals(t)) {
                method = SshMethod.HASHLIMIT;
            } else if (t != null) {
                problems.error(DiagnosticCode.WRONG_TYPE, v.pos(), width(v), "method '" + t + "' is not recent or hashlimit",
                        Suggest.didYouMean(t, List.of("recent", "hashlimit")));
            }
        }
        int maxNew = 3;
        int seconds = 60;
        if ((v = get(m, "max_new")) != null) {
            maxNew = orElse(values.integer(v, 1, 100), maxNew);
        }
        if ((v = get(m, "seconds")) != null) {
            seconds = orElse(values.integer(v, 1, 86400), seconds);
        }
        if (method == SshMethod.HASHLIMIT && seconds != 1 && seconds != 60 && seconds != 3600 && seconds != 86400) {
            problems.error(DiagnosticCode.WRONG_TYPE, get(m, "seconds").pos(), 1, "hashlimit counts per second, minute,"
                    + " hour or day; 'seconds' must be 1, 60, 3600 or 86400", "use method: recent for other windows");
        }
        List<PortRange> ports = new ArrayList<>();
        for (Service s : services) {
            if (s.label().equals("ssh")) {
                s.ports().forEach(p -> ports.addAll(p.ranges()));
            }
        }
        if (ports.isEmpty()) {
            problems.error(DiagnosticCode.CONTRADICTION, m.pos(), 1, "ssh_protection is set but no 'ssh' service is opened",
                    "add '- ssh' under 'services:' or remove ssh_protection");
            return null;
        }
        return new SshProtection(new Origin(sectionPos.get("ssh_protection"), "ssh_protection"), method, maxNew, seconds, ports);
    }

    private LogPolicy log(YNode node) {
        if (node == null) {
            return null;
        }
        if (node instanceof YScalar s && !s.isNull()) {
            Boolean on = values.bool(s, "'log'");
            return Boolean.TRUE.equals(on)
                    ? new LogPolicy(new Origin(sectionPos.get("log"), "log"), "rampart-drop: ", new Rate(5, Rate.Unit.MINUTE, 10), 4) : null;
        }
        YMap m = values.map(node, "'log'");
        if (m == null) {
            return null;
        }
        values.checkKeys(m, List.of("prefix", "rate", "burst", "level"), "log");
        String prefix = "rampart-drop: ";
        Rate rate = new Rate(5, Rate.Unit.MINUTE, 10);
        int level = 4;
        YNode v;
        if ((v = get(m, "prefix")) != null) {
            String t = values.text(v, "prefix");
            if (t != null && (t.length() > MAX_LOG_PREFIX || t.contains("\"") || t.contains("\n"))) {
                problems.error(DiagnosticCode.WRONG_TYPE, v.pos(), width(v), "log prefix must be at most "
                        + MAX_LOG_PREFIX + " characters without quotes", null);
            } else if (t != null) {
                prefix = t;
            }
        }
        if ((v = get(m, "rate")) != null) {
            Rate r = values.rate(v, "log.rate");
            if (r != null) {
                rate = r;
            }
        }
        if ((v = get(m, "burst")) != null) {
            Integer b = values.integer(v, 1, 10000);
            if (b != null) {
                rate = new Rate(rate.count(), rate.unit(), b);
            }
        }
        if ((v = get(m, "level")) != null) {
            level = orElse(values.integer(v, 0, 7), level);
        }
        return new LogPolicy(new Origin(sectionPos.get("log"), "log"), prefix, rate, level);
    }

    private IcmpPolicy icmp(YNode node, String file) {
        if (node == null) {
            return new IcmpPolicy(Origin.builtin(file, "icmp"), true, new Rate(1, Rate.Unit.SECOND, 5));
        }
        YMap m = values.map(node, "'icmp'");
        if (m == null) {
            return null;
        }
        values.checkKeys(m, List.of("echo"), "icmp");
        YNode e = get(m, "echo");
        if (e == null) {
            return new IcmpPolicy(new Origin(sectionPos.get("icmp"), "icmp.echo"), true, new Rate(1, Rate.Unit.SECOND, 5));
        }
        if (e instanceof YScalar s && !s.isNull() && !s.text().contains("/")) {
            Boolean on = values.bool(s, "icmp.echo");
            return new IcmpPolicy(new Origin(keyPos(m, "echo"), "icmp.echo"), Boolean.TRUE.equals(on), null);
        }
        return new IcmpPolicy(new Origin(keyPos(m, "echo"), "icmp.echo"), true, values.rate(e, "icmp.echo"));
    }

    private AntiScan antiScan(YNode node, String file) {
        if (node == null) {
            return new AntiScan(Origin.builtin(file, "anti_scan"), true, true, true, true);
        }
        YMap m = values.map(node, "'anti_scan'");
        if (m == null) {
            return null;
        }
        List<String> keys = List.of("tcp_null", "xmas", "fragments", "invalid");
        values.checkKeys(m, keys, "anti_scan");
        boolean[] on = {true, true, true, true};
        for (int i = 0; i < keys.size(); i++) {
            YNode v = get(m, keys.get(i));
            if (v != null) {
                on[i] = !Boolean.FALSE.equals(values.bool(v, keys.get(i)));
            }
        }
        return new AntiScan(new Origin(sectionPos.get("anti_scan"), "anti_scan"), on[0], on[1], on[2], on[3]);
    }

    private Egress egress(YNode node, Defaults defaults) {
        if (node == null) {
            return null;
        }
        YMap m = values.map(node, "'egress'");
        if (m == null) {
            return null;
        }
        values.checkKeys(m, List.of("dns", "http", "https", "ntp", "ping", "allow"), "egress");
        if (defaults.output() == Verdict.ACCEPT) {
            problems.error(DiagnosticCode.CONTRADICTION, keyPos(m, m.entries().isEmpty() ? "" : m.entries().get(0).key()), 1,
                    "an egress allow-list has no effect with 'defaults.output: accept'",
                    "set 'output: drop' under 'defaults:' (or remove 'egress:')");
        }
        List<EgressRule> rules = new ArrayList<>();
        YNode v;
        if ((v = get(m, "dns")) != null) {
            List<IpPrefix> resolvers = prefixes(v);
            Origin o = new Origin(keyPos(m, "dns"), "egress.dns");
            rules.add(new EgressRule(o, "dns", new PortSpec(L4.UDP, List.of(PortRange.of(53))), resolvers));
            rules.add(new EgressRule(o, "dns", new PortSpec(L4.TCP, List.of(PortRange.of(53))), resolvers));
        }
        addToggle(m, "http", L4.TCP, 80, rules);
        addToggle(m, "https", L4.TCP, 443, rules);
        if ((v = get(m, "ntp")) != null) {
            List<IpPrefix> servers = v instanceof YScalar s && !s.isNull() && !looksLikeAddress(s.text()) ? null : prefixes(v);
            if (servers == null) {
                if (Boolean.TRUE.equals(values.bool(v, "egress.ntp"))) {
                    rules.add(new EgressRule(new Origin(keyPos(m, "ntp"), "egress.ntp"), "ntp",
                            new PortSpec(L4.UDP, List.of(PortRange.of(123))), List.of()));
                }
            } else {
                rules.add(new EgressRule(new Origin(keyPos(m, "ntp"), "egress.ntp"), "ntp",
                        new PortSpec(L4.UDP, List.of(PortRange.of(123))), servers));
            }
        }
        boolean ping = false;
        if ((v = get(m, "ping")) != null) {
            ping = Boolean.TRUE.equals(values.bool(v, "egress.ping"));
        }
        for (YNode item : items(get(m, "allow"))) {
            YMap am = values.map(item, "an egress allowance");
            if (am == null) {
                continue;
            }
            values.checkKeys(am, List.of("name", "port", "proto", "to"), "egress.allow");
            Service s = service(new YMap(am.pos(), am.entries().stream().filter(e -> !e.key().equals("to")).toList()));
            if (s == null) {
                continue;
            }
            List<IpPrefix> to = prefixes(get(am, "to"));
            for (PortSpec p : s.ports()) {
                rules.add(new EgressRule(new Origin(am.pos(), "egress.allow." + s.label()), s.label(), p, to));
            }
        }
        return new Egress(new Origin(sectionPos.get("egress"), "egress"), rules, ping);
    }

    private void addToggle(YMap m, String key, L4 proto, int port, List<EgressRule> rules) {
        YNode v = get(m, key);
        if (v != null && Boolean.TRUE.equals(values.bool(v, "egress." + key))) {
            rules.add(new EgressRule(new Origin(keyPos(m, key), "egress." + key), key, new PortSpec(proto, List.of(PortRange.of(port))),
                    List.of()));
        }
    }

    private List<ForwardRule> forwards(YNode node) {
        List<ForwardRule> out = new ArrayList<>();
        for (YNode item : items(node)) {
            YMap m = values.map(item, "a forward rule");
            if (m == null) {
                continue;
            }
            values.checkKeys(m, List.of("from_zone", "to_zone", "from"), "a forward rule");
            YNode fz = get(m, "from_zone");
            YNode tz = get(m, "to_zone");
            if (fz == null || tz == null) {
                problems.error(DiagnosticCode.MISSING_KEY, m.pos(), 1, "a forward rule needs 'from_zone' and 'to_zone'",
                        "e.g. - {from_zone: lan, to_zone: public}");
                continue;
            }
            out.add(new ForwardRule(new Origin(m.pos(), "forward." + values.text(fz, "zone") + "-" + values.text(tz, "zone")),
                    interfaces(fz), interfaces(tz), sources(get(m, "from"))));
        }
        return out;
    }

    private void nat(YNode node, List<Masquerade> masq, List<PortForward> pf, List<LoadBalance> lb) {
        if (node == null) {
            return;
        }
        YMap m = values.map(node, "'nat'");
        if (m == null) {
            return;
        }
        values.checkKeys(m, List.of("masquerade", "port_forward", "load_balance"), "nat");
        for (YNode item : items(get(m, "masquerade"))) {
            YMap mm = values.map(item, "a masquerade rule");
            if (mm == null) {
                continue;
            }
            values.checkKeys(mm, List.of("out", "from"), "nat.masquerade");
            YNode out = get(mm, "out");
            if (out == null) {
                problems.error(DiagnosticCode.MISSING_KEY, mm.pos(), 1, "masquerade needs 'out' (the zone traffic leaves by)",
                        "e.g. - {out: public, from: 192.168.1.0/24}");
                continue;
            }
            masq.add(new Masquerade(new Origin(mm.pos(), "nat.masquerade"), interfaces(out), prefixes(get(mm, "from"))));
        }
        for (YNode item : items(get(m, "port_forward"))) {
            YMap fm = values.map(item, "a port forward");
            if (fm == null) {
                continue;
            }
            values.checkKeys(fm, List.of("in", "proto", "port", "to", "from"), "nat.port_forward");
            if (get(fm, "port") == null || get(fm, "to") == null) {
                problems.error(DiagnosticCode.MISSING_KEY, fm.pos(), 1, "a port forward needs 'port' and 'to'",
                        "e.g. - {in: public, port: 8080, to: 192.168.1.100:80}");
                continue;
            }
            PortRange port = values.portRange(get(fm, "port"));
            L4 proto = get(fm, "proto") == null ? L4.TCP : values.proto(get(fm, "proto"));
            Backend to = values.backend(get(fm, "to"));
            if (port == null || proto == null || to == null) {
                continue;
            }
            pf.add(new PortForward(new Origin(fm.pos(), "nat.port_forward." + port.from() + "/" + proto.id()),
                    interfaces(get(fm, "in")), proto, port, to.address(), to.port(), sources(get(fm, "from"))));
        }
        for (YNode item : items(get(m, "load_balance"))) {
            YMap lm = values.map(item, "a load balancer");
            if (lm == null) {
                continue;
            }
            values.checkKeys(lm, List.of("in", "proto", "port", "to"), "nat.load_balance");
            if (get(lm, "port") == null || get(lm, "to") == null) {
                problems.error(DiagnosticCode.MISSING_KEY, lm.pos(), 1, "a load balancer needs 'port' and 'to'", null);
                continue;
            }
            PortRange port = values.portRange(get(lm, "port"));
            L4 proto = get(lm, "proto") == null ? L4.TCP : values.proto(get(lm, "proto"));
            List<Backend> backends = new ArrayList<>();
            for (YNode b : items(get(lm, "to"))) {
                Backend be = values.backend(b);
                if (be != null) {
                    backends.add(be);
                }
            }
            if (port == null || proto == null || backends.isEmpty()) {
                continue;
            }
            if (port.from() != port.to()) {
                problems.error(DiagnosticCode.INVALID_PORT, get(lm, "port").pos(), 1, "a load balancer takes one port", null);
                continue;
            }
            Set<Family> fams = new LinkedHashSet<>();
            backends.forEach(b -> fams.add(b.address().family()));
            if (fams.size() > 1) {
                problems.error(DiagnosticCode.CONTRADICTION, get(lm, "to").pos(), 1,
                        "backends of one load balancer mix IPv4 and IPv6", "split them into two load balancers");
                continue;
            }
            lb.add(new LoadBalance(new Origin(lm.pos(), "nat.load_balance." + port.from() + "/" + proto.id()),
                    interfaces(get(lm, "in")), proto, port.from(), backends));
        }
    }


    private List<DockerRule> docker(YNode node) {
        if (node == null) {
            return null;
        }
        List<DockerRule> out = new ArrayList<>();
        YNode rules = node;
        if (node instanceof YMap m) {
            values.checkKeys(m, List.of("published"), "docker");
            rules = get(m, "published");
        }
        for (YNode item : items(rules)) {
            YMap m = values.map(item, "a docker rule");
            if (m == null) {
                continue;
            }
            values.checkKeys(m, List.of("port", "proto", "from", "zone"), "docker.published");
            if (get(m, "port") == null) {
                problems.error(DiagnosticCode.MISSING_KEY, m.pos(), 1, "a docker rule needs 'port' (the container port)", null);
                continue;
            }
            PortRange port = values.portRange(get(m, "port"));
            L4 proto = get(m, "proto") == null ? L4.TCP : values.proto(get(m, "proto"));
            if (port == null || proto == null) {
                continue;
            }
            out.add(new DockerRule(new Origin(m.pos(), "docker." + port.from() + "/" + proto.id()),
                    interfaces(get(m, "zone")), proto, port, sources(get(m, "from"))));
        }
        return out;
    }

    private void checkContradictions(List<Service> services, List<PortForward> forwards) {
        Map<String, Service> seen = new LinkedHashMap<>();
        for (Service s : services) {
            Service first = seen.putIfAbsent(s.label() + "|" + s.from() + "|" + s.interfaces(), s);
            if (first != null) {
                problems.error(DiagnosticCode.CONTRADICTION, s.origin().pos(), 1, "service '" + s.label()
                        + "' is opened twice with the same sources (first at " + first.origin().pos().cite() + ")",
                        "remove one");
            }
        }
        for (PortForward f : forwards) {
            for (Service s : services) {
                for (PortSpec p : s.ports()) {
                    if (p.proto() != f.proto()) {
                        continue;
                    }
                    for (PortRange r : p.ranges()) {
                        boolean overlap = r.from() <= f.port().to() && f.port().from() <= r.to();
                        boolean sameIf = s.interfaces().isEmpty() || f.inInterfaces().isEmpty()
                                || s.interfaces().stream().anyMatch(f.inInterfaces()::contains);
                        if (overlap && sameIf) {
                            problems.error(DiagnosticCode.CONTRADICTION, f.origin().pos(), 1, "port " + f.port().from()
                                    + "/" + f.proto().id() + " is forwarded to " + f.to() + " but also opened on this host by '"
                                    + s.label() + "' (" + s.origin().pos().cite() + "): DNAT would take every such packet",
                                    "use another port for one of them, or limit them to different zones");
                        }
                    }
                }
            }
        }
    }
}
