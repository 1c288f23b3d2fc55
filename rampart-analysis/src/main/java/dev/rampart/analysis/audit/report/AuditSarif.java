package dev.rampart.analysis.audit.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.analysis.audit.Check;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.RuleRef;
import dev.rampart.analysis.audit.Severity;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The SARIF 2.1.0 report of {@code rampart audit --format sarif}, in the shape GitHub code scanning
 * accepts: one run whose {@code tool.driver.rules} describe every check (id, name, short and full
 * description, help, default level, {@code security-severity}), and one result per finding with its
 * {@code ruleId}, {@code ruleIndex}, level, message and a physical location: the input file as
 * {@code artifactLocation.uri} (as given on the command line, so run from the repository root with
 * relative paths) and {@code region.startLine}, the line the primary rule was read at (1 when the input
 * does not say, e.g. a policy a script never set). Further rules are {@code relatedLocations}. A host
 * finding of {@code audit --live} is located at its file ({@code file:///etc/iptables/rules.v4}), kernel
 * parameter ({@code file:///proc/sys/net/ipv4/tcp_syncookies} and a logical location) or backend (logical
 * location only), its rules, if any, related.
 * Levels: high {@code error}, medium {@code warning}, low and info {@code note}.
 */
public final class AuditSarif {
    /** The schema the output conforms to. */
    public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

    private AuditSarif() {
    }

    /** The report of {@code findings} produced by {@code checks}; {@code version} is the tool's version. */
    public static ObjectNode of(List<Check> checks, List<Finding> findings, String version) {
        JsonNodeFactory j = JsonNodeFactory.instance;
        ObjectNode root = j.objectNode();
        root.put("$schema", SCHEMA);
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "rampart");
        driver.put("version", version);
        ArrayNode rules = driver.putArray("rules");
        Map<String, Integer> index = new HashMap<>();
        for (Check c : checks) {
            index.put(c.id(), rules.size());
            ObjectNode r = rules.addObject();
            r.put("id", c.id());
            r.put("name", c.getClass().getSimpleName());
            r.putObject("shortDescription").put("text", c.title());
            r.putObject("fullDescription").put("text", c.rationale());
            ObjectNode help = r.putObject("help");
            help.put("text", c.rationale() + " See " + c.docPath() + ".");
            help.put("markdown", "**" + c.title() + "**\n\n" + c.rationale() + "\n\nSee `" + c.docPath() + "`.");
            r.putObject("defaultConfiguration").put("level", level(c.severity()));
            ObjectNode props = r.putObject("properties");
            props.putArray("tags").add("security").add("firewall");
            props.put("security-severity", securitySeverity(c.severity()));
            props.put("precision", "high");
        }
        ArrayNode results = run.putArray("results");
        for (Finding f : findings) {
            ObjectNode res = results.addObject();
            res.put("ruleId", f.checkId());
            Integer i = index.get(f.checkId());
            if (i != null) {
                res.put("ruleIndex", i);
            }
            res.put("level", level(f.severity()));
            res.putObject("message").put("text", f.message()
                    + (f.fix().isEmpty() ? "" : "\n\nFix:\n" + f.fix())
                    + (f.approximate() ? "\n\nApproximate: " + String.join("; ", f.approximations()) : ""));
            ArrayNode locations = res.putArray("locations");
            RuleRef primary = f.primary();
            boolean host = !f.location().isEmpty();
            if (host) {
                locations.add(hostLocation(f.location()));
            } else if (primary != null) {
                locations.add(location(primary, 0));
            }
            int firstRelated = host ? 0 : 1;
            if (f.rules().size() > firstRelated) {
                ArrayNode related = res.putArray("relatedLocations");
                for (int k = firstRelated; k < f.rules().size(); k++) {
                    ObjectNode loc = location(f.rules().get(k), k + (host ? 1 : 0));
                    related.add(loc);
                }
            }
            ObjectNode props = res.putObject("properties");
            props.put("severity", f.severity().id());
            props.put("fix", f.fix());
            props.put("approximate", f.approximate());
            if (f.witness() != null) {
                props.set("witness", WitnessJson.of(f.witness()));
            }
        }
        run.put("columnKind", "utf16CodeUnits");
        return root;
    }

    private static ObjectNode location(RuleRef r, int id) {
        ObjectNode loc = JsonNodeFactory.instance.objectNode();
        loc.put("id", id);
        ObjectNode phys = loc.putObject("physicalLocation");
        phys.putObject("artifactLocation").put("uri", uri(r.source()));
        phys.putObject("region").put("startLine", Math.max(1, r.line()));
        loc.putObject("message").put("text", r.describe());
        loc.putArray("logicalLocations").addObject()
                .put("name", r.describe())
                .put("fullyQualifiedName", "ipv" + r.family().number() + "/" + r.table().id() + "/" + r.chain()
                        + (r.isPolicy() ? "" : "/" + r.rule()))
                .put("kind", "member");
        return loc;
    }

    /**
     * The location of a host finding: an absolute file path becomes a {@code file://} artifact; a kernel
     * parameter ({@code net.ipv4.tcp_syncookies}) the {@code /proc/sys} file holding it plus a logical
     * location of kind {@code variable}; anything else (a backend) a logical location only.
     */
    static ObjectNode hostLocation(String where) {
        ObjectNode loc = JsonNodeFactory.instance.objectNode();
        loc.put("id", 0);
        String path = where.startsWith("/") ? where
                : where.startsWith("net.") ? "/proc/sys/" + where.replace('.', '/') : null;
        if (path != null) {
            ObjectNode phys = loc.putObject("physicalLocation");
            phys.putObject("artifactLocation").put("uri", "file://" + uri(path));
            phys.putObject("region").put("startLine", 1);
        }
        loc.putObject("message").put("text", where);
        loc.putArray("logicalLocations").addObject()
                .put("name", where)
                .put("fullyQualifiedName", "host/" + where)
                .put("kind", where.startsWith("/") ? "resource" : where.startsWith("net.") ? "variable" : "module");
        return loc;
    }

    /** The file name as a relative URI reference: forward slashes, spaces and other specials percent-encoded. */
    static String uri(String source) {
        String s = source.replace('\\', '/');
        while (s.startsWith("./")) {
            s = s.substring(2);
        }
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (Character.isLetterOrDigit(c) && c < 128 || "-._~/".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format("%02X", c));
            }
        }
        return sb.toString();
    }

    /** The SARIF level of a severity. */
    public static String level(Severity s) {
        return switch (s) {
            case HIGH -> "error";
            case MEDIUM -> "warning";
            case LOW, INFO -> "note";
        };
    }

    /** GitHub's {@code security-severity} (0.0-10.0) of a severity: high 8.0, medium 5.5, low 3.0, info 0.0. */
    static String securitySeverity(Severity s) {
        return switch (s) {
            case HIGH -> "8.0";
            case MEDIUM -> "5.5";
            case LOW -> "3.0";
            case INFO -> "0.0";
        };
    }
}
