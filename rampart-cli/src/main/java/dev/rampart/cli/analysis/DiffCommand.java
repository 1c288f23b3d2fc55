package dev.rampart.cli.analysis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.analysis.decision.Action;
import dev.rampart.analysis.decision.Fate;
import dev.rampart.analysis.decision.Outcome;
import dev.rampart.analysis.diff.Change;
import dev.rampart.analysis.diff.SemanticDiff;
import dev.rampart.analysis.flat.GuardDescription;
import dev.rampart.cli.DiagnosticOutput;
import dev.rampart.cli.ExitCode;
import dev.rampart.cli.FamilyOption;
import dev.rampart.cli.FormatOption;
import dev.rampart.cli.OutputFormat;
import dev.rampart.cli.RulesetLoader;
import dev.rampart.model.Family;
import dev.rampart.model.Ruleset;
import dev.rampart.model.RulesetBuilder;
import dev.rampart.sim.packet.PacketWriter;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rampart diff OLD NEW}: every class of packets whose fate (the deciding target of a filter or
 * nat built-in chain) differs between two rulesets, each with a witness packet and the deciding rules
 * on both sides ({@link SemanticDiff}).
 */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Compare two rulesets over the whole packet space: every class of packets whose fate changed,",
                "with a witness packet and the deciding rule on both sides. Rule order and form do not count."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no packet changes fate", "1:some packets change fate", "2:usage error or unreadable file",
                "3:an input has errors"})
public final class DiffCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    FamilyOption family;

    @Mixin
    FormatOption format;

    @Parameters(index = "0", paramLabel = "OLD", description = "The old ruleset (file or command script; '-' for stdin).")
    String oldFile;

    @Parameters(index = "1", paramLabel = "NEW", description = "The new ruleset.")
    String newFile;

    @Override
    public Integer call() throws JsonProcessingException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RulesetLoader.Loaded before = RulesetLoader.loadOrReport(oldFile, family, err);
        RulesetLoader.Loaded after = RulesetLoader.loadOrReport(newFile, family, err);
        if (before == null || after == null) {
            return ExitCode.INVALID_INPUT;
        }
        List<Change> changes = new ArrayList<>();
        for (Family f : Family.values()) {
            Ruleset a = before.ruleset(f);
            Ruleset b = after.ruleset(f);
            if (a == null && b == null) {
                continue;
            }
            changes.addAll(SemanticDiff.compare(a == null ? empty(f) : a, b == null ? empty(f) : b));
        }
        print(out, changes, format.format());
        out.flush();
        return changes.isEmpty() ? ExitCode.OK : ExitCode.FINDINGS;
    }

    /** Prints {@code changes} as text or as {@code {"changes": [...]}} (shared with {@code history diff}). */
    public static void print(PrintWriter out, List<Change> changes, OutputFormat format) {
        if (format == OutputFormat.JSON) {
            ObjectNode root = DiagnosticOutput.json().createObjectNode();
            ArrayNode arr = root.putArray("changes");
            for (Change c : changes) {
                arr.add(json(c));
            }
            try {
                out.println(DiagnosticOutput.json().writeValueAsString(root));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        } else {
            text(out, changes);
        }
    }

    private static Ruleset empty(Family f) {
        return new RulesetBuilder(f).build();
    }

    private static void text(PrintWriter out, List<Change> changes) {
        if (changes.isEmpty()) {
            out.println("no packet changes fate");
            return;
        }
        for (Change c : changes) {
            out.printf("%s %s: %s -> %s%s%n", c.table().id(), c.chain(), Fate.of(c.before().target()),
                    Fate.of(c.after().target()), c.isApproximate() ? " (approximate)" : "");
            out.println("  packets: " + GuardDescription.of(c.packets()) + (c.complete() ? "" : " | ... (more)"));
            out.println("  witness: " + PacketWriter.text(c.witness()));
            out.println("  old: " + AnalysisJson.words(c.before().decider().origin()));
            out.println("  new: " + AnalysisJson.words(c.after().decider().origin()));
            maybe(out, "old", c.before());
            maybe(out, "new", c.after());
            if (c.isApproximate()) {
                List<String> reasons = new ArrayList<>(c.before().approximations());
                reasons.addAll(c.after().approximations());
                out.println("  approximate: " + String.join("; ", reasons.stream().distinct().toList()));
            }
        }
        out.printf("%d change%s%n", changes.size(), changes.size() == 1 ? "" : "s");
    }

    /** The approximated rules that may decide before the decider, when there are any. */
    private static void maybe(PrintWriter out, String side, Outcome o) {
        if (!o.maybeDeciders().isEmpty()) {
            List<String> rules = new ArrayList<>();
            for (var i : o.maybeDeciders()) {
                rules.add(Fate.of(((Action.Decide) i.action()).target()) + " by " + AnalysisJson.words(i.origin()));
            }
            out.println("  " + side + " may first be decided: " + String.join("; ", rules));
        }
    }

    private static ObjectNode json(Change c) {
        ObjectNode o = DiagnosticOutput.json().createObjectNode();
        o.put("table", c.table().id());
        o.put("chain", c.chain());
        o.set("witness", PacketWriter.json(c.witness()));
        o.set("old", side(c.before()));
        o.set("new", side(c.after()));
        o.put("class", GuardDescription.of(c.packets()));
        o.put("class_complete", c.complete());
        o.put("approximate", c.isApproximate());
        ArrayNode reasons = o.putArray("approximations");
        c.before().approximations().forEach(reasons::add);
        c.after().approximations().stream().filter(r -> !c.before().approximations().contains(r)).forEach(reasons::add);
        return o;
    }

    private static ObjectNode side(Outcome o) {
        ObjectNode s = DiagnosticOutput.json().createObjectNode();
        s.put("verdict", o.target().name());
        s.put("target", Fate.of(o.target()));
        s.set("decided_by", AnalysisJson.ref(o.decider().origin()));
        ArrayNode maybe = s.putArray("may_decide");
        for (var i : o.maybeDeciders()) {
            ObjectNode m = maybe.addObject();
            m.put("target", Fate.of(((Action.Decide) i.action()).target()));
            m.set("decided_by", AnalysisJson.ref(i.origin()));
        }
        return s;
    }
}
