package dev.rampart.cli.ruleset;

import dev.rampart.cli.DiagnosticOutput;
import dev.rampart.cli.ExitCode;
import dev.rampart.cli.FamilyOption;
import dev.rampart.cli.Inputs;
import dev.rampart.cli.LiveInput;
import dev.rampart.cli.RulesetLoader;
import dev.rampart.model.Ruleset;
import dev.rampart.model.write.ListingWriter;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rampart show [FILE]}: the {@code iptables -L -v -n --line-numbers} view of every table. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Show a ruleset as 'iptables -L -v -n --line-numbers' lays it out, table by table.",
                "Without FILE, shows the live ruleset (iptables-save -c)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:shown", "2:usage error or unreadable file", "3:input has errors", "4:reading the live ruleset failed"})
public final class ShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    FamilyOption family;

    @Parameters(paramLabel = "FILE", arity = "0..1", description = "Ruleset file or command script ('-' for stdin).")
    String file;

    @Override
    public Integer call() {
        List<RulesetLoader.Loaded> loaded = file == null ? LiveInput.load(family)
                : List.of(RulesetLoader.load(Inputs.read(file, System.in), family));
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int code = ExitCode.OK;
        boolean many = loaded.stream().mapToInt(l -> l.rulesets().size()).sum() > 1;
        for (RulesetLoader.Loaded l : loaded) {
            if (l.hasErrors()) {
                DiagnosticOutput.text(err, l.diagnostics());
                code = ExitCode.INVALID_INPUT;
                continue;
            }
            for (Ruleset r : l.rulesets()) {
                if (many) {
                    out.println("# " + l.name() + " (IPv" + r.family().number() + ")");
                }
                out.print(ListingWriter.write(r));
            }
        }
        out.flush();
        err.flush();
        return code;
    }
}
