package dev.rampart.cli.ruleset;

import dev.rampart.cli.DiagnosticOutput;
import dev.rampart.cli.ExitCode;
import dev.rampart.cli.FamilyOption;
import dev.rampart.cli.HostException;
import dev.rampart.cli.Inputs;
import dev.rampart.cli.IpSetsOption;
import dev.rampart.cli.RulesetLoader;
import dev.rampart.cli.UsageException;
import dev.rampart.model.ipset.IpSetWriter;
import dev.rampart.model.parse.InputFormat;
import dev.rampart.model.write.CanonicalWriter;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rampart fmt FILE}: prints the ruleset exactly as {@code iptables-save} would print it (or an ipset
 * file as {@code ipset save} would). On invalid input nothing is printed to stdout; diagnostics go to
 * stderr and the exit code is 3.
 */
@Command(name = "fmt", mixinStandardHelpOptions = true,
        description = {"Print a ruleset in canonical iptables-save form (iptables 1.8, nft backend).",
                "Tables, chains and options come out in iptables-save's order, addresses masked, protocol",
                "names and ports normalised, -m tcp/-m udp added where iptables adds them.",
                "An 'ipset save' file is printed as 'ipset save' prints it."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:printed", "2:usage error, unreadable file, or a command script (use convert)",
                "3:input has errors (nothing printed)"})
public final class FmtCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    FamilyOption family;

    @Mixin
    IpSetsOption ipsets;

    @Option(names = {"-c", "--counters"}, description = "Print rule counters as [packets:bytes] prefixes, like iptables-save -c.")
    boolean counters;

    @Parameters(paramLabel = "FILE", description = "Ruleset file ('-' for stdin).")
    String file;

    @Override
    public Integer call() {
        RulesetLoader.Loaded l = RulesetLoader.load(Inputs.read(file, System.in), family, ipsets.names());
        PrintWriter err = spec.commandLine().getErr();
        if (l.format() == InputFormat.SCRIPT) {
            throw new UsageException("'" + file + "' is a script of commands; use 'rampart convert " + file
                    + "' to turn it into a restore file");
        }
        if (l.hasErrors()) {
            DiagnosticOutput.text(err, l.diagnostics());
            err.flush();
            return ExitCode.INVALID_INPUT;
        }
        PrintWriter out = spec.commandLine().getOut();
        if (l.format() == InputFormat.IPSET) {
            out.print(new IpSetWriter().write(l.ipsets()));
        } else {
            try {
                new CanonicalWriter(counters).write(l.rulesets().get(0), out);
            } catch (java.io.IOException e) {
                throw new HostException("cannot write the output: " + e.getMessage());
            }
        }
        out.flush();
        return ExitCode.OK;
    }
}
