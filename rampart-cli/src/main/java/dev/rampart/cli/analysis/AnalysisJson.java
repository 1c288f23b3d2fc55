package dev.rampart.cli.analysis;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.cli.DiagnosticOutput;
import dev.rampart.sim.engine.CounterRef;

/** JSON pieces the analysis commands share, in the forms DESIGN.md fixes. */
public final class AnalysisJson {
    private AnalysisJson() {
    }

    /** {@code {"table","chain","rule"}}, or {@code "policy":true} instead of {@code rule} for a policy. */
    public static ObjectNode ref(CounterRef ref) {
        ObjectNode o = DiagnosticOutput.json().createObjectNode();
        o.put("table", ref.table().id());
        o.put("chain", ref.chain());
        if (ref.isPolicy()) {
            o.put("policy", true);
        } else {
            o.put("rule", ref.rule());
        }
        return o;
    }

    /** A rule reference in words: {@code filter INPUT rule 3} or {@code filter INPUT policy}. */
    public static String words(CounterRef ref) {
        return ref.table().id() + " " + ref.chain() + (ref.isPolicy() ? " policy" : " rule " + ref.rule());
    }
}
