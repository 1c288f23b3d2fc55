package dev.rampart.analysis.audit.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.RuleRef;
import java.util.List;

/**
 * The JSON report of {@code rampart audit --format json} (contract in {@code docs/audit-format.md}):
 * {@code {"findings":[{"id","severity","title","message","fix","location","rules":[{"table","chain","rule"|"policy",
 * "family","file","line"}],"witness":<packet>|null,"approximate":bool,"approximations":[...]}]}};
 * {@code location} is the host location of an {@code audit --live} host finding (kernel parameter,
 * absolute file path or backend), null for rule findings.
 */
public final class AuditJson {
    private AuditJson() {
    }

    /** The report of {@code findings}. */
    public static ObjectNode of(List<Finding> findings) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ArrayNode arr = root.putArray("findings");
        for (Finding f : findings) {
            ObjectNode o = arr.addObject();
            o.put("id", f.checkId());
            o.put("severity", f.severity().id());
            dev.rampart.analysis.audit.CheckCatalog.byId(f.checkId()).ifPresent(c -> o.put("title", c.title()));
            o.put("message", f.message());
            o.put("fix", f.fix());
            if (f.location().isEmpty()) {
                o.putNull("location");
            } else {
                o.put("location", f.location());
            }
            ArrayNode rules = o.putArray("rules");
            for (RuleRef r : f.rules()) {
                rules.add(rule(r));
            }
            if (f.witness() == null) {
                o.putNull("witness");
            } else {
                o.set("witness", WitnessJson.of(f.witness()));
            }
            o.put("approximate", f.approximate());
            ArrayNode reasons = o.putArray("approximations");
            f.approximations().forEach(reasons::add);
        }
        return root;
    }

    /** {@code {"table","chain","rule"}} ({@code "policy":true} instead of rule for a policy) plus family, file, line. */
    static ObjectNode rule(RuleRef r) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("table", r.table().id());
        o.put("chain", r.chain());
        if (r.isPolicy()) {
            if (r.table().isBuiltin(r.chain())) {
                o.put("policy", true);
            } else {
                o.putNull("rule");
            }
        } else {
            o.put("rule", r.rule());
        }
        o.put("family", r.family().number());
        o.put("file", r.source());
        if (r.line() > 0) {
            o.put("line", r.line());
        } else {
            o.putNull("line");
        }
        return o;
    }
}
