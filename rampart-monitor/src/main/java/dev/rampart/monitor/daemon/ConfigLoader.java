package dev.rampart.monitor.daemon;

import dev.rampart.model.diag.Diagnostic;
import dev.rampart.model.diag.DiagnosticCode;
import dev.rampart.model.diag.Diagnostics;
import dev.rampart.model.net.IpPrefix;
import dev.rampart.monitor.alert.AlertSettings;
import dev.rampart.monitor.ban.BanSettings;
import dev.rampart.monitor.ban.BanTargets;
import dev.rampart.monitor.counters.CounterSettings;
import dev.rampart.monitor.detect.BruteForceSettings;
import dev.rampart.monitor.detect.ScanSettings;
import dev.rampart.monitor.drift.DriftSettings;
import dev.rampart.monitor.settings.SectionReader;
import dev.rampart.monitor.settings.YamlReader;
import dev.rampart.monitor.source.FileFollower;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads {@code monitor.yaml} into a {@link MonitorConfig}: every key checked, every problem reported as a
 * {@code FILE:LINE:COL} diagnostic (all of them, not only the first); a missing key takes its default
 * (docs/monitor.md). The top-level sections {@code alerts}, {@code drift} and {@code counters} are read by
 * their owners' readers ({@link AlertSettings#read}, {@link DriftSettings#read}, {@link CounterSettings#read})
 * in the same pass, so their problems are reported with the others (after them).
 */
public final class ConfigLoader {
    private static final List<String> TOP = List.of("database", "poll_interval", "checkpoint_interval", "sources",
            "bruteforce", "scan", "bans", "allowlist", "metrics", "alerts", "drift", "counters");
    private static final List<String> BRUTE_KEYS = List.of("findtime", "maxretry", "bantime", "increment",
            "multipliers", "factor", "maxtime", "offender_memory", "ipv6_prefix", "max_tracked");
    private static final List<String> PARSERS = List.of("auto", "kernel", "sshd", "nginx", "apache", "postfix",
            "dovecot");

    /** The configuration (null when there were errors) and every diagnostic. */
    public record Result(MonitorConfig config, List<Diagnostic> diagnostics) {
    }

    private ConfigLoader() {
    }

    /** The configuration of an empty file: every default, no sources. */
    public static MonitorConfig defaults() {
        return load("<defaults>", "{}").config();
    }

    /** Reads {@code text} (the content of {@code file}, named in diagnostics). */
    public static Result load(String file, String text) {
        Diagnostics diags = new Diagnostics(file);
        Node root = YamlReader.compose(text, file, diags, "not valid YAML: ");
        if (diags.hasErrors()) {
            return new Result(null, diags.all());
        }
        YamlReader r = new YamlReader(diags, text);
        Map<String, Node> top = r.map(root, "the monitor configuration", TOP);
        Path db = Path.of(r.string(top.get("database"), "database", MonitorConfig.DEFAULT_DATABASE.toString()));
        Duration poll = r.duration(top.get("poll_interval"), "poll_interval", Duration.ofMillis(10),
                Duration.ofMillis(100));
        Duration checkpoint = r.duration(top.get("checkpoint_interval"), "checkpoint_interval", Duration.ofMillis(10),
                Duration.ofSeconds(1));
        List<SourceConfig> sources = sources(r, top.get("sources"));
        Map<String, MonitorConfig.ServiceSettings> services = bruteForce(r, top.get("bruteforce"));
        ScanSettings scan = ScanSettings.DEFAULTS;
        MonitorConfig.ScanBan scanBan = new MonitorConfig.ScanBan(0, Duration.ofHours(1));
        Map<String, Node> s = r.map(top.get("scan"), "scan", List.of("window", "min_ports", "min_hosts",
                "min_protocols", "danger_packets", "max_sources", "max_set_size", "ban_danger", "ban_time"));
        if (!s.isEmpty()) {
            ScanSettings d = ScanSettings.DEFAULTS;
            List<Integer> danger = new ArrayList<>(d.dangerPackets());
            if (s.containsKey("danger_packets")) {
                List<Node> items = r.list(s.get("danger_packets"), "scan.danger_packets");
                if (items.size() != 5) {
                    r.error(s.get("danger_packets"), DiagnosticCode.INVALID_VALUE,
                            "scan.danger_packets needs five packet counts (danger levels 1 to 5)", null);
                } else {
                    danger.clear();
                    for (Node n : items) {
                        danger.add(r.integer(n, "scan.danger_packets", 1, Integer.MAX_VALUE, 1));
                    }
                }
            }
            scan = new ScanSettings(r.duration(s.get("window"), "scan.window", Duration.ofSeconds(1), d.window()),
                    r.integer(s.get("min_ports"), "scan.min_ports", 1, 65_536, d.minPorts()),
                    r.integer(s.get("min_hosts"), "scan.min_hosts", 1, 1 << 24, d.minHosts()),
                    r.integer(s.get("min_protocols"), "scan.min_protocols", 1, 256, d.minProtocols()), danger,
                    r.integer(s.get("max_sources"), "scan.max_sources", 1, 100_000_000, d.maxSources()),
                    r.integer(s.get("max_set_size"), "scan.max_set_size", 1, 65_536, d.maxSetSize()));
            scanBan = new MonitorConfig.ScanBan(r.integer(s.get("ban_danger"), "scan.ban_danger", 0, 5, 0),
                    r.duration(s.get("ban_time"), "scan.ban_time", Duration.ofSeconds(1), Duration.ofHours(1)));
        }
        BanSettings bans = bans(r, top.get("bans"));
        MonitorConfig.AllowlistSettings allow = allowlist(r, top.get("allowlist"));
        MonitorConfig.Listen listen = listen(r, top.get("metrics"));
        // the sections of the alerting, drift and counter parts, read by their own views after the core's
        AlertSettings alerts = AlertSettings.read(SectionReader.of(top.get("alerts"), r));
        DriftSettings drift = top.containsKey("drift") ? DriftSettings.read(SectionReader.of(top.get("drift"), r))
                : null;
        CounterSettings counters = CounterSettings.read(SectionReader.of(top.get("counters"), r));
        if (diags.hasErrors()) {
            return new Result(null, diags.all());
        }
        return new Result(new MonitorConfig(db, poll, checkpoint, sources, services, scan, scanBan, bans, allow, listen,
                alerts, drift, counters), diags.all());
    }

    private static List<SourceConfig> sources(YamlReader r, Node node) {
        List<SourceConfig> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Node item : r.list(node, "sources")) {
            Map<String, Node> m = r.map(item, "a source", List.of("file", "journal", "parser", "mode", "start",
                    "matches", "command"));
            FileFollower.Start start = r.choice(m.get("start"), "start", List.of("end", "beginning"), "end")
                    .equals("end") ? FileFollower.Start.END : FileFollower.Start.BEGINNING;
            if (m.containsKey("file") == m.containsKey("journal")) {
                r.error(item, DiagnosticCode.MISSING_KEY, "a source needs either 'file: PATH' or 'journal: true'", null);
                continue;
            }
            if (m.containsKey("file")) {
                String path = r.string(m.get("file"), "file", "");
                String parser = r.choice(m.get("parser"), "parser", PARSERS, "auto");
                String mode = r.choice(m.get("mode"), "mode", List.of("normal", "ddos", "extra", "aggressive"),
                        "normal");
                for (String k : List.of("matches", "command")) {
                    if (m.containsKey(k)) {
                        r.error(m.get(k), DiagnosticCode.UNKNOWN_KEY, "'" + k + "' applies to the journal only", null);
                    }
                }
                if (!path.startsWith("/")) {
                    r.error(m.get("file"), DiagnosticCode.INVALID_VALUE, "file must be an absolute path", null);
                } else if (!seen.add(Path.of(path).normalize().toString())) {
                    r.error(m.get("file"), DiagnosticCode.INVALID_VALUE, "'" + path + "' is already a source (each"
                            + " file is followed once: its checkpoint is kept under its path)", null);
                }
                out.add(new SourceConfig.File(Path.of(path), parser, mode, start));
            } else {
                if (!r.bool(m.get("journal"), "journal", true)) {
                    continue;
                }
                if (!seen.add("journal")) {
                    r.error(m.get("journal"), DiagnosticCode.INVALID_VALUE, "the journal is already a source (one"
                            + " journal source, with all its matches)", null);
                }
                List<String> matches = new ArrayList<>();
                for (Node n : r.list(m.get("matches"), "matches")) {
                    String v = r.string(n, "a match", "");
                    if (!v.equals("+") && !v.matches("[A-Z0-9_]+=.*")) {
                        r.error(n, DiagnosticCode.INVALID_VALUE, "a journal match is FIELD=value (e.g."
                                + " _SYSTEMD_UNIT=ssh.service) or '+', not '" + v + "'", null);
                    }
                    matches.add(v);
                }
                List<String> command = new ArrayList<>();
                for (Node n : r.list(m.get("command"), "command")) {
                    command.add(r.string(n, "command", ""));
                }
                if (command.isEmpty()) {
                    command.add("journalctl");
                }
                out.add(new SourceConfig.Journal(matches, start, command));
            }
        }
        return out;
    }

    private static Map<String, MonitorConfig.ServiceSettings> bruteForce(YamlReader r, Node node) {
        List<String> keys = new ArrayList<>(BRUTE_KEYS);
        keys.add("services");
        Map<String, Node> m = r.map(node, "bruteforce", keys);
        BruteForceSettings base = bruteSettings(r, m, BruteForceSettings.DEFAULTS, "bruteforce");
        Map<String, Node> per = r.map(m.get("services"), "bruteforce.services", MonitorConfig.SERVICES);
        Map<String, MonitorConfig.ServiceSettings> out = new LinkedHashMap<>();
        for (String svc : MonitorConfig.SERVICES) {
            List<String> k = new ArrayList<>(BRUTE_KEYS);
            k.add("enabled");
            Map<String, Node> sm = r.map(per.get(svc), "bruteforce.services." + svc, k);
            out.put(svc, new MonitorConfig.ServiceSettings(r.bool(sm.get("enabled"), "enabled", true),
                    bruteSettings(r, sm, base, "bruteforce.services." + svc)));
        }
        return out;
    }

    private static BruteForceSettings bruteSettings(YamlReader r, Map<String, Node> m, BruteForceSettings d,
                                                    String where) {
        List<Integer> multipliers = d.multipliers();
        if (m.containsKey("multipliers")) {
            List<Integer> ms = new ArrayList<>();
            Node n = m.get("multipliers");
            String one = n instanceof org.yaml.snakeyaml.nodes.ScalarNode sc ? sc.getValue() : null;
            if (one != null) {
                for (String w : one.trim().split("\\s+")) {
                    try {
                        ms.add(Integer.parseInt(w));
                    } catch (NumberFormatException e) {
                        r.error(n, DiagnosticCode.INVALID_VALUE, where + ".multipliers must be whole numbers", null);
                    }
                }
            } else {
                for (Node i : r.list(n, where + ".multipliers")) {
                    ms.add(r.integer(i, where + ".multipliers", 1, Integer.MAX_VALUE, 1));
                }
            }
            multipliers = ms;
        }
        return new BruteForceSettings(
                r.duration(m.get("findtime"), where + ".findtime", Duration.ofSeconds(1), d.findTime()),
                r.integer(m.get("maxretry"), where + ".maxretry", 1, 1_000_000, d.maxRetry()),
                r.duration(m.get("bantime"), where + ".bantime", Duration.ofSeconds(1), d.banTime()),
                r.bool(m.get("increment"), where + ".increment", d.increment()), multipliers,
                r.number(m.get("factor"), where + ".factor", d.factor()),
                r.duration(m.get("maxtime"), where + ".maxtime", Duration.ofSeconds(1), d.maxBanTime()),
                r.duration(m.get("offender_memory"), where + ".offender_memory", Duration.ZERO, d.offenderMemory()),
                r.integer(m.get("ipv6_prefix"), where + ".ipv6_prefix", 1, 128, d.ipv6Prefix()),
                r.integer(m.get("max_tracked"), where + ".max_tracked", 1, 100_000_000, d.maxTracked()));
    }

    private static BanSettings bans(YamlReader r, Node node) {
        Map<String, Node> m = r.map(node, "bans", List.of("enabled", "set4", "set6", "maxelem", "chains", "target"));
        BanSettings d = BanSettings.DEFAULTS;
        List<String> chains = new ArrayList<>();
        for (Node n : r.list(m.get("chains"), "bans.chains")) {
            chains.add(r.string(n, "a chain", "INPUT"));
        }
        String set4 = r.string(m.get("set4"), "bans.set4", d.set4());
        String set6 = r.string(m.get("set6"), "bans.set6", d.set6());
        for (String k : List.of("set4", "set6")) {
            String v = k.equals("set4") ? set4 : set6;
            if (!v.matches("[A-Za-z0-9_.-]{1,27}")) {
                r.error(m.get(k), DiagnosticCode.INVALID_VALUE, "bans." + k + " must be an ipset name of at most 27"
                        + " letters, digits, '_', '.', '-'", null);
            }
        }
        return new BanSettings(r.bool(m.get("enabled"), "bans.enabled", d.enabled()), set4, set6,
                r.integer(m.get("maxelem"), "bans.maxelem", 1, Integer.MAX_VALUE, d.maxElements()),
                chains.isEmpty() ? d.chains() : chains,
                r.choice(m.get("target"), "bans.target", List.of("DROP", "REJECT"), d.target()));
    }

    private static MonitorConfig.AllowlistSettings allowlist(YamlReader r, Node node) {
        Map<String, Node> m = r.map(node, "allowlist", List.of("networks", "local_addresses"));
        List<IpPrefix> nets = new ArrayList<>();
        for (Node n : r.list(m.get("networks"), "allowlist.networks")) {
            String v = r.string(n, "a network", null);
            if (v == null) {
                continue;
            }
            try {
                nets.add(BanTargets.parse(v));
            } catch (IllegalArgumentException e) {
                r.error(n, DiagnosticCode.INVALID_ADDRESS, "'" + v + "' is not an address or network: "
                        + e.getMessage(), null);
            }
        }
        return new MonitorConfig.AllowlistSettings(nets, r.bool(m.get("local_addresses"),
                "allowlist.local_addresses", true));
    }

    private static MonitorConfig.Listen listen(YamlReader r, Node node) {
        Map<String, Node> m = r.map(node, "metrics", List.of("listen"));
        String v = r.string(m.get("listen"), "metrics.listen", "127.0.0.1:9469");
        if (v.equalsIgnoreCase("off") || v.equals("false")) {
            return null;
        }
        int colon = v.lastIndexOf(':');
        try {
            String host = v.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port = Integer.parseInt(v.substring(colon + 1));
            if (port >= 0 && port <= 65_535 && !host.isEmpty()) {
                return new MonitorConfig.Listen(host, port);
            }
        } catch (RuntimeException e) {
            // reported below
        }
        r.error(m.get("listen"), DiagnosticCode.INVALID_VALUE, "metrics.listen must be HOST:PORT (127.0.0.1:9469,"
                + " [::1]:9469) or off, not '" + v + "'", null);
        return null;
    }
}
