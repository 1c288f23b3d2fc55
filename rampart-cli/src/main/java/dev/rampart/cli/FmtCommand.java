package dev.rampart.cli;

import dev.rampart.model.write.CanonicalWriter;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code rampart fmt FILE}: prints the ruleset exactly as {@code iptables-save} would print it. On invalid
 * input nothing is printed to stdout; diagnostics go to stderr and the exit code is 3.
 */
@Command(name = "fmt", mixinStandardHelpOptions = true,
        description = {"Print a ruleset in canonical iptables-save form (iptables 1.8, nft backend).",
                "Tables, chains and options come out in iptables-save's order, addresses masked, protocol",
                "names and ports normalised, -m tcp/-m udp added where iptables adds them."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:printed", "2:usage error or unreadable file", "3:input has errors (nothing printed)"})
public final class FmtCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    FamilyOption family;

    @Option(names = {"-c", "--counters"}, description = "Print rule counters as [packets:bytes] prefixes, like iptables-save -c.")
    boolean counters;

    @Parameters(paramLabel = "FILE", description = "Ruleset file ('-' for stdin).")
    String file;

    @Override
    public Integer call() {
        RulesetLoader.Loaded l = RulesetLoader.load(Inputs.read(file, System.in), family);
        PrintWriter err = spec.commandLine().getErr();
        if (l.hasErrors()) {
            DiagnosticOutput.text(err, l.diagnostics());
            err.flush();
            return ExitCode.INVALID_INPUT;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(new CanonicalWriter(counters).write(l.ruleset()));
        out.flush();
        return ExitCode.OK;
    }
}
