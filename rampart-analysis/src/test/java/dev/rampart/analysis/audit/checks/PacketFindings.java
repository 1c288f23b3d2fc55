package dev.rampart.analysis.audit.checks;

import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.RuleRef;
import dev.rampart.analysis.space.PacketSets;
import dev.rampart.model.Rule;
import dev.rampart.sim.engine.CounterRef;
import dev.rampart.sim.engine.Simulator;
import dev.rampart.sim.engine.TraceResult;
import dev.rampart.sim.packet.Packet;
import java.util.List;

/** Shared helpers of the packet-space checks' tests: rulesets, witness replay through the simulator. */
final class PacketFindings {
    private PacketFindings() {
    }

    /** A filter table with the given policies and rules (one per line, as in a restore file). */
    static String filter(String input, String forward, String output, String... rules) {
        StringBuilder sb = new StringBuilder("*filter\n:INPUT " + input + " [0:0]\n:FORWARD " + forward
                + " [0:0]\n:OUTPUT " + output + " [0:0]\n");
        for (String r : rules) {
            sb.append(r).append('\n');
        }
        return sb.append("COMMIT\n").toString();
    }

    /** The simulator's trace of {@code p} through {@code r}. */
    static TraceResult replay(AuditedRuleset r, Packet p) {
        return Simulator.builder(r.ruleset()).build().process(p);
    }

    /** The simulator's counter of {@code ref}. */
    static CounterRef counter(RuleRef ref) {
        return new CounterRef(ref.table(), ref.chain(), ref.rule());
    }

    /** Whether {@code p} matches the rule {@code ref} (its own conditions, not the jumps to it). */
    static boolean matches(AuditedRuleset r, RuleRef ref, Packet p) {
        Rule rule = r.chain(ref.table(), ref.chain()).orElseThrow().rules().get(ref.rule() - 1);
        return PacketSets.of(rule.header(), rule.matches(), r.space()).over().contains(p);
    }

    /** {@code filter INPUT rule 3} for each rule of the finding. */
    static List<String> refs(Finding f) {
        return f.rules().stream().map(RuleRef::describe).toList();
    }
}
