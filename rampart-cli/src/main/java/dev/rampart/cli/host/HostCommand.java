package dev.rampart.cli.host;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.cli.ExitCode;
import dev.rampart.cli.FormatOption;
import dev.rampart.cli.HostOptions;
import dev.rampart.cli.OutputFormat;
import dev.rampart.host.BackendInfo;
import dev.rampart.host.probe.BackendContent;
import dev.rampart.host.probe.HostProbe;
import dev.rampart.host.probe.HostReport;
import dev.rampart.host.probe.LayoutChoice;
import dev.rampart.host.probe.PersistenceLayout;
import dev.rampart.host.probe.ToolPresence;
import dev.rampart.host.probe.ToolVersion;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code rampart host}: what {@link HostProbe} detects on this host — distribution and persistence layout,
 * the backend {@code iptables} drives and what the legacy and nf_tables backends hold, ipset and nft,
 * firewalld / ufw / Docker / fail2ban — and warnings (rules in both backends, a guessed layout, an active
 * firewall manager). Text or JSON ({@code docs/commands/host.md}). Changes nothing. Exit 0, or 2 on a
 * usage error.
 */
@Command(name = "host", mixinStandardHelpOptions = true,
        description = {"Show how this host's firewall is set up: distribution and persistence",
                "layout, the backend iptables drives (nf_tables or legacy) and whether both",
                "backends hold rules, ipset and nft, firewalld, ufw, Docker and fail2ban.",
                "Reads only; iptables-save needs root to see the rules."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:report printed", "2:usage error"})
public final class HostCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HostOptions host;

    @Mixin
    FormatOption format;

    @Override
    public Integer call() {
        HostProbe probe = new HostProbe(host.runner(), host.root());
        HostReport report = probe.probe();
        LayoutChoice layout = host.layout(() -> report.layout());
        HostReport shown = layout == report.layout() ? report : new HostReport(report.os(), layout, report.iptables(),
                report.iptablesProblem(), report.backends(), report.ipset(), report.nft(), report.nftTables(),
                report.tools());
        PrintWriter out = spec.commandLine().getOut();
        if (format.format() == OutputFormat.JSON) {
            out.println(json(shown).toPrettyString());
        } else {
            out.print(text(shown));
        }
        out.flush();
        return ExitCode.OK;
    }

    /** The text report. */
    static String text(HostReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("distribution: ").append(r.os().describe()).append('\n');
        PersistenceLayout l = r.layout().layout();
        sb.append("persistence:  ").append(l.id()).append(" (").append(l.rulesV4()).append(", ").append(l.rulesV6())
                .append(", ").append(l.ipsets()).append("; ").append(l.service()).append("); ")
                .append(r.layout().reason()).append('\n');
        BackendInfo b = r.iptables();
        sb.append("iptables:     ").append(b == null ? "unknown (" + r.iptablesProblem() + ")"
                : b.version() + ", " + backendName(b.backend()) + " backend").append('\n');
        sb.append("backends:\n");
        for (BackendContent c : r.backends()) {
            sb.append("  ").append(c.describe()).append('\n');
        }
        sb.append("ipset:        ").append(version(r.ipset())).append('\n');
        sb.append("nft:          ").append(version(r.nft()));
        if (r.nft().available()) {
            sb.append(r.nftTables().isEmpty() ? " (no tables)" : " (tables: " + String.join(", ", r.nftTables()) + ")");
        }
        sb.append('\n');
        sb.append("tools:\n");
        for (ToolPresence t : r.tools()) {
            sb.append("  ").append(t.describe()).append('\n');
        }
        if (!r.warnings().isEmpty()) {
            sb.append("warnings:\n");
            for (String w : r.warnings()) {
                sb.append("  ").append(w).append('\n');
            }
        }
        return sb.toString();
    }

    private static String version(ToolVersion v) {
        return v.available() ? (v.version().isEmpty() ? "installed (version unknown)" : v.version()) : v.problem();
    }

    static String backendName(BackendInfo.Backend b) {
        return b == BackendInfo.Backend.LEGACY ? "legacy" : "nf_tables";
    }

    /** The JSON report (schema in docs/commands/host.md). */
    static ObjectNode json(HostReport r) {
        JsonNodeFactory j = JsonNodeFactory.instance;
        ObjectNode o = j.objectNode();
        ObjectNode os = o.putObject("os");
        os.put("id", r.os().id());
        ArrayNode like = os.putArray("id_like");
        r.os().idLike().forEach(like::add);
        os.put("version_id", r.os().versionId());
        os.put("pretty_name", r.os().prettyName());
        ObjectNode lay = o.putObject("persistence");
        PersistenceLayout l = r.layout().layout();
        lay.put("layout", l.id());
        lay.put("reason", r.layout().reason());
        lay.put("guessed", r.layout().guessed());
        lay.put("rules_v4", l.rulesV4());
        lay.put("rules_v6", l.rulesV6());
        lay.put("ipsets", l.ipsets());
        lay.put("mode", String.format("0%o", l.mode()));
        ObjectNode ipt = o.putObject("iptables");
        if (r.iptables() == null) {
            ipt.putNull("version");
            ipt.putNull("backend");
            ipt.put("problem", r.iptablesProblem());
        } else {
            ipt.put("version", r.iptables().version());
            ipt.put("backend", backendName(r.iptables().backend()));
        }
        ArrayNode backends = o.putArray("backends");
        for (BackendContent c : r.backends()) {
            ObjectNode b = backends.addObject();
            b.put("backend", backendName(c.backend()));
            b.put("family", c.family().number());
            b.put("tool", c.tool());
            b.put("available", c.available());
            b.put("rules", c.rules());
            ArrayNode uc = b.putArray("user_chains");
            c.userChains().forEach(uc::add);
            ArrayNode pol = b.putArray("policies_not_accept");
            c.nonAcceptPolicies().forEach(pol::add);
            b.put("holds_rules", c.holdsRules());
            if (c.problem() == null) {
                b.putNull("problem");
            } else {
                b.put("problem", c.problem());
            }
        }
        ArrayNode both = o.putArray("both_backends_hold_rules");
        r.bothBackendsHoldRules().forEach(f -> both.add(f.number()));
        for (ToolVersion v : new ToolVersion[] {r.ipset(), r.nft()}) {
            ObjectNode t = o.putObject(v.tool());
            t.put("available", v.available());
            t.put("version", v.version());
            if (v.problem() == null) {
                t.putNull("problem");
            } else {
                t.put("problem", v.problem());
            }
        }
        ArrayNode tables = ((ObjectNode) o.get("nft")).putArray("tables");
        r.nftTables().forEach(tables::add);
        ObjectNode tools = o.putObject("tools");
        for (ToolPresence t : r.tools()) {
            ObjectNode x = tools.putObject(t.name());
            x.put("present", t.present());
            x.put("active", t.active());
            put(x, "binary", t.binary());
            put(x, "unit", t.unit());
            put(x, "config_dir", t.configDir());
            put(x, "process", t.process());
            x.put("enabled", t.enabled());
            ArrayNode ch = x.putArray("chains");
            t.chains().forEach(ch::add);
        }
        ArrayNode warnings = o.putArray("warnings");
        r.warnings().forEach(warnings::add);
        return o;
    }

    private static void put(ObjectNode o, String key, String value) {
        if (value == null) {
            o.putNull(key);
        } else {
            o.put(key, value);
        }
    }
}
