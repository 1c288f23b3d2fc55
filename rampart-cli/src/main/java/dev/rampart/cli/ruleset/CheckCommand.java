package dev.rampart.cli.ruleset;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.cli.DiagnosticOutput;
import dev.rampart.cli.ExitCode;
import dev.rampart.cli.FamilyOption;
import dev.rampart.cli.FormatOption;
import dev.rampart.cli.Inputs;
import dev.rampart.cli.IpSetsOption;
import dev.rampart.cli.LiveInput;
import dev.rampart.cli.OutputFormat;
import dev.rampart.cli.RulesetLoader;
import dev.rampart.model.Ruleset;
import dev.rampart.model.diag.Diagnostic;
import dev.rampart.model.diag.Severity;
import dev.rampart.model.ipset.IpSet;
import dev.rampart.model.parse.InputFormat;
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
 * {@code rampart check FILE...}: reads each input (restore file, command script or ipset file) and reports
 * every problem with its position. Exit 0 when all inputs are valid (warnings allowed), 3 when any has an
 * error.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Validate rulesets and report every problem with file, line and column.",
                "Reads iptables-save/iptables-restore files, shell scripts of iptables/ip6tables/ipset commands",
                "and 'ipset save' files (detected from the content); '-' reads standard input."},
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

    @Mixin
    IpSetsOption ipsets;

    @Parameters(paramLabel = "FILE", arity = "0..*",
            description = "Inputs ('-' for stdin). Without FILE, the live ruleset is read with iptables-save/ip6tables-save.")
    List<String> files = List.of();

    @picocli.CommandLine.Option(names = {"-q", "--quiet"}, description = "Print only errors, no summary.")
    boolean quiet;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<RulesetLoader.Loaded> loaded = new ArrayList<>();
        if (files.isEmpty()) {
            loaded.addAll(LiveInput.load(family));
        } else {
            java.util.Set<String> known = ipsets.names();
            for (String f : files) {
                loaded.add(RulesetLoader.load(Inputs.read(f, System.in), family, known));
            }
        }
        boolean errors = false;
        if (format.format() == OutputFormat.JSON) {
            ArrayNode arr = DiagnosticOutput.json().createArrayNode();
            for (RulesetLoader.Loaded l : loaded) {
                ObjectNode o = arr.addObject();
                o.put("file", l.name());
                o.put("format", l.format().name().toLowerCase(java.util.Locale.ROOT));
                o.put("valid", !l.hasErrors());
                ArrayNode rs = o.putArray("rulesets");
                for (Ruleset r : l.rulesets()) {
                    ObjectNode x = rs.addObject();
                    x.put("family", r.family().number());
                    x.put("tables", r.tables().size());
                    x.put("chains", r.tables().stream().mapToInt(t -> t.chains().size()).sum());
                    x.put("rules", r.ruleCount());
                }
                if (l.ipsets() != null) {
                    o.put("ipsets", l.ipsets().sets().size());
                    o.put("ipset_entries", l.ipsets().sets().stream().mapToInt(s -> s.entries().size()).sum());
                }
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
                    out.println(summary(l));
                }
            }
        }
        out.flush();
        return errors ? ExitCode.INVALID_INPUT : ExitCode.OK;
    }

    static String summary(RulesetLoader.Loaded l) {
        long e = l.diagnostics().stream().filter(Diagnostic::isError).count();
        long w = l.diagnostics().stream().filter(d -> d.severity() == Severity.WARNING).count();
        List<String> parts = new ArrayList<>();
        for (Ruleset r : l.rulesets()) {
            parts.add("IPv" + r.family().number() + ", " + plural(r.tables().size(), "table") + ", "
                    + plural(r.ruleCount(), "rule"));
        }
        if (l.ipsets() != null && (!l.ipsets().sets().isEmpty() || l.format() == InputFormat.IPSET)) {
            int entries = 0;
            for (IpSet s : l.ipsets().sets()) {
                entries += s.entries().size();
            }
            parts.add(plural(l.ipsets().sets().size(), "ipset") + " (" + plural(entries, "entry", "entries") + ")");
        }
        if (parts.isEmpty()) {
            parts.add("no rules");
        }
        String kind = switch (l.format()) {
            case SCRIPT -> "script: ";
            case IPSET -> "ipset file: ";
            default -> "";
        };
        return l.name() + ": " + (e > 0 ? "INVALID" : "ok") + ", " + kind + String.join("; ", parts)
                + (e > 0 ? ", " + plural((int) e, "error") : "") + (w > 0 ? ", " + plural((int) w, "warning") : "");
    }

    static String plural(int n, String word) {
        return plural(n, word, word + "s");
    }

    static String plural(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }
}
