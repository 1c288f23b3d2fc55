package dev.rampart.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.analysis.decision.DiagramFlattener;
import dev.rampart.analysis.flat.FlatChain;
import dev.rampart.analysis.flat.FlatRule;
import dev.rampart.analysis.flat.Flattener;
import dev.rampart.analysis.flat.GuardDescription;
import dev.rampart.model.Ruleset;
import dev.rampart.sim.engine.CounterRef;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code rampart flatten FILE}: every built-in chain with its user chains, gotos and RETURNs unfolded
 * into a first-match list of entries ({@link DiagramFlattener}, equal to the symbolic {@link Flattener}
 * and much faster on big chains), each with its guard in words, its target and the rule it comes from.
 */
@Command(name = "flatten", mixinStandardHelpOptions = true,
        description = {"Unfold user chains, goto and RETURN into one flat first-match rule list per built-in chain.",
                "Each entry: the packets that reach and match it, its target, and the rule it comes from."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:printed", "2:usage error or unreadable file", "3:input has errors"})
public final class FlattenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    FamilyOption family;

    @Mixin
    FormatOption format;

    @Parameters(paramLabel = "FILE", description = "Ruleset file or command script ('-' for stdin).")
    String file;

    @Override
    public Integer call() throws JsonProcessingException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RulesetLoader.Loaded loaded = RulesetLoader.loadOrReport(file, family, err);
        if (loaded == null) {
            return ExitCode.INVALID_INPUT;
        }
        ArrayNode json = DiagnosticOutput.json().createArrayNode();
        boolean many = loaded.rulesets().size() > 1;
        for (Ruleset r : loaded.rulesets()) {
            for (FlatChain chain : DiagramFlattener.flattenAll(r, Flattener.spaceOf(r))) {
                if (format.format() == OutputFormat.JSON) {
                    json.add(json(r, chain));
                } else {
                    text(out, r, chain, many);
                }
            }
        }
        if (format.format() == OutputFormat.JSON) {
            out.println(DiagnosticOutput.json().writerWithDefaultPrettyPrinter().writeValueAsString(json));
        }
        out.flush();
        return ExitCode.OK;
    }

    private static void text(PrintWriter out, Ruleset r, FlatChain chain, boolean many) {
        out.println("# " + chain.table().id() + " " + chain.chain() + (many ? " (IPv" + r.family().number() + ")" : ""));
        int n = 1;
        for (FlatRule e : chain.rules()) {
            out.println(n++ + ": " + GuardDescription.of(e.guard()) + " -> " + e.target().name()
                    + (e.isTerminal() ? "" : " (continues)") + " (from " + from(e) + ")"
                    + (e.isApproximate() ? " [approximate: " + String.join("; ", e.approximations()) + "]" : ""));
        }
        out.println();
    }

    /** The origin, then the jumps that led to it: {@code filter:U:rule:2 via filter:INPUT:rule:1}. */
    private static String from(FlatRule e) {
        StringBuilder sb = new StringBuilder(e.origin().toString());
        for (int i = e.path().size() - 2; i >= 0; i--) {
            sb.append(i == e.path().size() - 2 ? " via " : ", ").append(e.path().get(i));
        }
        return sb.toString();
    }

    private static ObjectNode json(Ruleset r, FlatChain chain) {
        ObjectNode o = DiagnosticOutput.json().createObjectNode();
        o.put("family", "ipv" + r.family().number());
        o.put("table", chain.table().id());
        o.put("chain", chain.chain());
        ArrayNode rules = o.putArray("rules");
        for (FlatRule e : chain.rules()) {
            ObjectNode j = rules.addObject();
            j.put("guard", GuardDescription.of(e.guard()));
            j.put("target", e.target().name());
            j.put("terminal", e.isTerminal());
            j.put("from", e.origin().toString());
            ArrayNode path = j.putArray("path");
            for (CounterRef ref : e.path()) {
                path.add(ref.toString());
            }
            j.put("approximate", e.isApproximate());
            ArrayNode reasons = j.putArray("approximations");
            e.approximations().forEach(reasons::add);
        }
        return o;
    }
}
