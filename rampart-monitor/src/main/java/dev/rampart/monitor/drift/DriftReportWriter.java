package dev.rampart.monitor.drift;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.analysis.diff.Change;
import dev.rampart.analysis.flat.GuardDescription;
import dev.rampart.sim.engine.CounterRef;
import dev.rampart.sim.packet.PacketWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints a {@link DriftReport} for people (text) and for programs (JSON, the format in {@code docs/drift.md}).
 * The text form is also what a drift alert carries as its details.
 */
public final class DriftReportWriter {
    /** Lines of rule and set differences printed per family in the text form; the rest is counted. */
    public static final int TEXT_LIMIT = 50;

    private DriftReportWriter() {
    }

    /** A one-line summary, e.g. {@code drift from approved /etc/rampart/approved: 1 packet class changes fate, 2 rule differences}. */
    public static String summary(DriftReport r) {
        if (!r.drifted()) {
            return "no drift from approved state " + r.approvedId();
        }
        List<String> parts = new ArrayList<>();
        int fates = r.fateChangeCount();
        int rules = r.ruleDifferenceCount();
        if (fates > 0) {
            parts.add(fates + " packet class" + (fates == 1 ? "" : "es") + " change" + (fates == 1 ? "s" : "") + " fate");
        }
        if (rules > 0) {
            parts.add(rules + " rule difference" + (rules == 1 ? "" : "s"));
        }
        if (!r.sets().isEmpty()) {
            parts.add(r.sets().size() + " ipset difference" + (r.sets().size() == 1 ? "" : "s"));
        }
        return "drift from approved state " + r.approvedId() + ": " + String.join(", ", parts);
    }

    /** The whole report as text. */
    public static String text(DriftReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append(summary(r)).append('\n');
        for (FamilyDrift f : r.families()) {
            String fam = f.family() == dev.rampart.model.Family.IPV4 ? "IPv4" : "IPv6";
            if (!f.compared()) {
                sb.append(fam).append(": not compared (no approved ruleset)\n");
                continue;
            }
            if (!f.drifted()) {
                sb.append(fam).append(": no drift\n");
                continue;
            }
            if (f.semanticSkippedRules() > 0) {
                sb.append(fam).append(": packets not compared (").append(f.semanticSkippedRules())
                        .append(" rules, above drift.semantic_max_rules); structural differences only\n");
            }
            for (FateChange fc : f.fateChanges()) {
                Change c = fc.change();
                sb.append(fam).append(' ').append(c.table().id()).append(' ').append(c.chain()).append(": ")
                        .append(fc.approvedFate()).append(" -> ").append(fc.liveFate())
                        .append(c.isApproximate() ? " (approximate)" : "").append('\n');
                sb.append("  packets: ").append(GuardDescription.of(c.packets())).append(c.complete() ? "" : " | ... (more)")
                        .append('\n');
                sb.append("  witness: ").append(PacketWriter.text(c.witness())).append('\n');
                sb.append("  approved: ").append(words(fc.approvedDecider())).append(rule(fc.approvedRule())).append('\n');
                sb.append("  live: ").append(words(fc.liveDecider())).append(rule(fc.liveRule())).append('\n');
            }
            int n = 0;
            for (RuleDifference d : f.differences()) {
                if (n++ == TEXT_LIMIT) {
                    sb.append(fam).append(": ... and ").append(f.differences().size() - TEXT_LIMIT)
                            .append(" more rule differences (see --format json)\n");
                    break;
                }
                sb.append(fam).append(' ').append(d.table().id()).append(' ').append(d.chain()).append(": ")
                        .append(d.kind().words());
                if (d.kind() != RuleDifference.Kind.CHAIN_ADDED && d.kind() != RuleDifference.Kind.CHAIN_REMOVED
                        && d.kind() != RuleDifference.Kind.RULES_REORDERED) {
                    sb.append(": ").append(d.detail());
                }
                sb.append('\n');
            }
        }
        if (!r.setsCompared()) {
            sb.append("ipsets: not compared (no approved ipsets)\n");
        } else if (r.sets().isEmpty()) {
            sb.append("ipsets: no drift\n");
        } else {
            int n = 0;
            for (SetDifference d : r.sets()) {
                if (n++ == TEXT_LIMIT) {
                    sb.append("ipsets: ... and ").append(r.sets().size() - TEXT_LIMIT).append(" more differences\n");
                    break;
                }
                sb.append("ipset ").append(d.set()).append(": ").append(d.kind().words()).append(": ")
                        .append(d.detail()).append('\n');
            }
        }
        if (!r.expected().isEmpty()) {
            sb.append("expected (ignored on both sides): ")
                    .append(String.join(" ", r.expected().stream().map(ExpectPattern::toString).toList())).append('\n');
        }
        return sb.toString();
    }

    private static String rule(String text) {
        return text.isEmpty() ? "" : ": " + text;
    }

    private static String words(CounterRef ref) {
        return ref.table().id() + " " + ref.chain() + (ref.isPolicy() ? " policy" : " rule " + ref.rule());
    }

    /** The whole report as a JSON object. */
    public static ObjectNode json(DriftReport r) {
        JsonNodeFactory nf = JsonNodeFactory.instance;
        ObjectNode o = nf.objectNode();
        o.put("drift", r.drifted());
        o.put("approved", r.approvedId());
        o.put("time", r.time().toString());
        o.put("summary", summary(r));
        ArrayNode exp = o.putArray("expected");
        r.expected().forEach(p -> exp.add(p.toString()));
        ArrayNode fams = o.putArray("families");
        for (FamilyDrift f : r.families()) {
            ObjectNode fo = fams.addObject();
            fo.put("family", f.family().number());
            fo.put("compared", f.compared());
            fo.put("drift", f.drifted());
            fo.put("packets_compared", f.semanticSkippedRules() == 0);
            ArrayNode changes = fo.putArray("fate_changes");
            for (FateChange fc : f.fateChanges()) {
                Change c = fc.change();
                ObjectNode co = changes.addObject();
                co.put("table", c.table().id());
                co.put("chain", c.chain());
                co.set("witness", PacketWriter.json(c.witness()));
                co.set("approved", side(fc.approvedFate(), fc.approvedDecider(), fc.approvedRule()));
                co.set("live", side(fc.liveFate(), fc.liveDecider(), fc.liveRule()));
                co.put("class", GuardDescription.of(c.packets()));
                co.put("class_complete", c.complete());
                co.put("approximate", c.isApproximate());
            }
            ArrayNode diffs = fo.putArray("rule_differences");
            for (RuleDifference d : f.differences()) {
                ObjectNode dobj = diffs.addObject();
                dobj.put("table", d.table().id());
                dobj.put("chain", d.chain());
                dobj.put("kind", d.kind().id());
                dobj.put("detail", d.detail());
            }
        }
        o.put("ipsets_compared", r.setsCompared());
        ArrayNode sets = o.putArray("ipset_differences");
        for (SetDifference d : r.sets()) {
            ObjectNode so = sets.addObject();
            so.put("set", d.set());
            so.put("kind", d.kind().id());
            so.put("detail", d.detail());
        }
        return o;
    }

    private static ObjectNode side(String fate, CounterRef ref, String rule) {
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        s.put("target", fate);
        ObjectNode by = s.putObject("decided_by");
        by.put("table", ref.table().id());
        by.put("chain", ref.chain());
        if (ref.isPolicy()) {
            by.put("policy", true);
        } else {
            by.put("rule", ref.rule());
        }
        s.put("rule", rule);
        return s;
    }
}
