package dev.rampart.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.model.diag.Diagnostic;
import dev.rampart.model.diag.Severity;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code rampart check FILE...}: reads each ruleset and reports every problem with its position.
 * Exit 0 when all inputs are valid (warnings allowed), 3 when any has an error.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Validate rulesets and report every problem with file, line and column.",
                "Reads iptables-save/iptables-restore files; '-' reads standard input."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:all inputs valid (warnings allowed)", "2:usage error or unreadable file",
                "3:an input has errors", "4:reading the live ruleset failed"})
public final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    FormatOption format;

    @Mixin
    FamilyOption family;

    @Parameters(paramLabel = "FILE", arity = "0..*",
            description = "Ruleset files ('-' for stdin). Without FILE, the live ruleset is read with iptables-save.")
    List<String> files = List.of();

    @picocli.CommandLine.Option(names = {"-q", "--quiet"}, description = "Print only errors, no summary.")
    boolean quiet;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<RulesetLoader.Loaded> loaded = new java.util.ArrayList<>();
        if (files.isEmpty()) {
            loaded.addAll(LiveInput.load(family));
        } else {
            for (String f : files) {
                loaded.add(RulesetLoader.load(Inputs.read(f, System.in), family));
            }
        }
        boolean errors = false;
        if (format.format() == OutputFormat.JSON) {
            ArrayNode arr = DiagnosticOutput.JSON.createArrayNode();
            for (RulesetLoader.Loaded l : loaded) {
                ObjectNode o = arr.addObject();
                o.put("file", l.name());
                o.put("family", l.ruleset().family().number());
                o.put("valid", !l.hasErrors());
                o.put("tables", l.ruleset().tables().size());
                o.put("rules", l.ruleset().ruleCount());
                o.set("diagnostics", DiagnosticOutput.json(l.diagnostics()));
                errors |= l.hasErrors();
            }
            out.println(arr.toPrettyString());
        } else {
            for (RulesetLoader.Loaded l : loaded) {
                List<Diagnostic> shown = quiet ? l.diagnostics().stream().filter(Diagnostic::isError).toList()
                        : l.diagnostics();
                DiagnosticOutput.text(out, shown);
                errors |= l.hasErrors();
                if (!quiet) {
                    long e = l.diagnostics().stream().filter(Diagnostic::isError).count();
                    long w = l.diagnostics().stream().filter(d -> d.severity() == Severity.WARNING).count();
                    out.printf("%s: %s, IPv%d, %d table%s, %d rule%s%s%n", l.name(), e > 0 ? "INVALID" : "ok",
                            l.ruleset().family().number(), l.ruleset().tables().size(),
                            l.ruleset().tables().size() == 1 ? "" : "s", l.ruleset().ruleCount(),
                            l.ruleset().ruleCount() == 1 ? "" : "s",
                            (e > 0 ? ", " + e + " error" + (e == 1 ? "" : "s") : "")
                                    + (w > 0 ? ", " + w + " warning" + (w == 1 ? "" : "s") : ""));
                }
            }
        }
        out.flush();
        return errors ? ExitCode.INVALID_INPUT : ExitCode.OK;
    }
}
