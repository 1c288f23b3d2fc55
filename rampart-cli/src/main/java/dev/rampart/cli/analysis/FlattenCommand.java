package dev.rampart.cli.analysis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.analysis.decision.DiagramFlattener;
import dev.rampart.analysis.decision.FirstMatchFlattener;
import dev.rampart.analysis.flat.FlatChain;
import dev.rampart.analysis.flat.FlatRule;
import dev.rampart.analysis.flat.Flattener;
import dev.rampart.analysis.flat.GuardDescription;
import dev.rampart.cli.DiagnosticOutput;
import dev.rampart.cli.ExitCode;
import dev.rampart.cli.FamilyOption;
import dev.rampart.cli.FormatOption;
import dev.rampart.cli.OutputFormat;
import dev.rampart.cli.IpSetsOption;
import dev.rampart.cli.RulesetLoader;
import dev.rampart.model.Chain;
import dev.rampart.model.Ruleset;
import dev.rampart.model.Table;
import dev.rampart.sim.engine.CounterRef;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rampart flatten FILE}: every built-in chain with its user chains, gotos and RETURNs unfolded
 * into a first-match list of entries, each with its guard in words, its target and the rule it comes
 * from. By default the guards are the rules' own conditions minus the RETURNs that skip them
 * ({@link FirstMatchFlattener}, linear in the rules); with {@code --disjoint} each guard is exactly the
 * packets that reach and match the rule ({@link DiagramFlattener}, equal to the symbolic
 * {@link Flattener}, and costly on chains that cut the packet space into many classes).
 */
@Command(name = "flatten", mixinStandardHelpOptions = true,
        description = {"Unfold user chains, goto and RETURN into one flat first-match rule list per built-in chain.",
                "Each entry: its guard, its target, and the rule it comes from; the first terminal entry that holds a"
                        + " packet decides it."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:printed", "2:usage error, unreadable file, or no such chain", "3:input has errors"})
public final class FlattenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    FamilyOption family;

    @Mixin
    IpSetsOption ipsets;

    @Mixin
    FormatOption format;

    @Parameters(paramLabel = "FILE", description = "Ruleset file or command script ('-' for stdin).")
    String file;

    @Option(names = "--disjoint", description = {"Guards are exactly the packets that reach and match each entry"
            + " (pairwise disjoint), instead of each rule's condition minus the RETURNs that skip it.",
            "Costly on chains with thousands of rules over thousands of address ranges."})
    boolean disjoint;

    @Option(names = "--table", paramLabel = "TABLE", description = "Only this table (raw, mangle, nat, filter, security).")
    String table;

    @Option(names = "--chain", paramLabel = "CHAIN", description = "Only this built-in chain (e.g. FORWARD).")
    String chain;

    @Override
    public Integer call() throws JsonProcessingException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RulesetLoader.Loaded loaded = ipsets.loadOrReport(file, family, err);
        if (loaded == null) {
            return ExitCode.INVALID_INPUT;
        }
        ArrayNode json = DiagnosticOutput.json().createArrayNode();
        boolean many = loaded.rulesets().size() > 1;
        int printed = 0;
        for (Ruleset r : loaded.rulesets()) {
            var space = Flattener.spaceOf(r, ipsets.contents());
            for (Table t : r.tables()) {
                if (table != null && !t.name().id().equals(table)) {
                    continue;
                }
                for (Chain c : t.chains()) {
                    if (c.builtin() && (chain == null || c.name().equals(chain))) {
                        printed++;
                        FlatChain flat = disjoint ? DiagramFlattener.flatten(t, c.name(), space)
                                : FirstMatchFlattener.flatten(t, c.name(), space);
                        if (format.format() == OutputFormat.JSON) {
                            json.add(json(r, flat));
                        } else {
                            text(out, r, flat, many);
                        }
                    }
                }
            }
        }
        if (printed == 0 && (table != null || chain != null)) {
            err.println("rampart flatten: error: no built-in chain" + (chain == null ? "" : " " + chain)
                    + (table == null ? "" : " in table " + table) + " in " + file);
            return ExitCode.USAGE;
        }
        if (format.format() == OutputFormat.JSON) {
            out.println(DiagnosticOutput.json().writerWithDefaultPrettyPrinter().writeValueAsString(json));
        }
        out.flush();
        return ExitCode.OK;
    }

    static void text(PrintWriter out, Ruleset r, FlatChain chain, boolean many) {
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

    static ObjectNode json(Ruleset r, FlatChain chain) {
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
