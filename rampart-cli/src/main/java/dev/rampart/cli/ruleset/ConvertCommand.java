package dev.rampart.cli.ruleset;

import dev.rampart.cli.DiagnosticOutput;
import dev.rampart.cli.ExitCode;
import dev.rampart.cli.HostException;
import dev.rampart.cli.Inputs;
import dev.rampart.model.Family;
import dev.rampart.model.Ruleset;
import dev.rampart.model.diag.Diagnostic;
import dev.rampart.model.ipset.IpSetWriter;
import dev.rampart.model.script.ScriptParser;
import dev.rampart.model.write.CanonicalWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rampart convert SCRIPT}: runs a shell script of iptables/ip6tables/ipset commands against an empty
 * firewall and prints the result as restore files. Shell lines that are not such commands are reported as
 * skipped (warnings on stderr); on errors nothing is written.
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Convert a shell script of iptables/ip6tables/ipset commands into restore files.",
                "Prints the IPv4 ruleset (iptables-restore format) on stdout by default; warnings about",
                "skipped shell lines go to stderr."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:converted (warnings allowed)", "2:usage error or unreadable file",
                "3:the script has errors (nothing written)", "4:writing an output file failed"})
public final class ConvertCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true)
    What what = new What();

    /** Which output: one family, the ipsets, or all of them into a directory. */
    static final class What {
        @Option(names = {"-f", "--family"}, paramLabel = "4|6", description = "Print this family's ruleset (default 4).")
        String family;

        @Option(names = "--ipsets", description = "Print the ipsets in 'ipset save' format (for 'ipset restore').")
        boolean ipsets;

        @Option(names = {"-o", "--out-dir"}, paramLabel = "DIR",
                description = "Write rules.v4, rules.v6 and ipsets.save (those that are not empty) into DIR.")
        Path outDir;
    }

    @Option(names = {"-q", "--quiet"}, description = "Do not print warnings.")
    boolean quiet;

    @Parameters(paramLabel = "SCRIPT", description = "Shell script ('-' for stdin).")
    String file;

    @Override
    public Integer call() {
        Inputs.Source src = Inputs.read(file, System.in);
        ScriptParser.Result r = new ScriptParser().parse(src.text(), src.name());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Diagnostic> diags = r.diagnostics().all();
        boolean errors = diags.stream().anyMatch(Diagnostic::isError);
        DiagnosticOutput.text(err, quiet && !errors ? diags.stream().filter(Diagnostic::isError).toList() : diags);
        err.flush();
        if (errors) {
            return ExitCode.INVALID_INPUT;
        }
        if (what.outDir != null) {
            write(what.outDir.resolve("rules.v4"), r.ipv4(), err);
            write(what.outDir.resolve("rules.v6"), r.ipv6(), err);
            if (!r.ipsets().isEmpty()) {
                writeText(what.outDir.resolve("ipsets.save"), new IpSetWriter().write(r.ipsets()), err);
            }
            return ExitCode.OK;
        }
        if (what.ipsets) {
            out.print(new IpSetWriter().write(r.ipsets()));
        } else {
            Family f = what.family == null ? Family.IPV4 : Family.parse(what.family);
            out.print(new CanonicalWriter(false).write(f == Family.IPV4 ? r.ipv4() : r.ipv6()));
        }
        out.flush();
        return ExitCode.OK;
    }

    private void write(Path p, Ruleset rs, PrintWriter err) {
        if (!rs.tables().isEmpty()) {
            writeText(p, new CanonicalWriter(false).write(rs), err);
        }
    }

    /** Writes via a temporary file and an atomic rename, so a reader never sees half a file. */
    private static void writeText(Path p, String text, PrintWriter err) {
        try {
            Path dir = p.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".rampart-", ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            err.println("wrote " + p);
        } catch (IOException e) {
            throw new HostException("cannot write '" + p + "': " + e.getMessage());
        }
    }
}
