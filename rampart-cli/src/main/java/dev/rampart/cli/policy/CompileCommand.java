package dev.rampart.cli.policy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.cli.DiagnosticOutput;
import dev.rampart.cli.ExitCode;
import dev.rampart.cli.FormatOption;
import dev.rampart.cli.HostException;
import dev.rampart.cli.OutputFormat;
import dev.rampart.cli.UsageException;
import dev.rampart.model.diag.Diagnostic;
import dev.rampart.policy.PolicyCompiler;
import dev.rampart.policy.ServiceTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rampart compile POLICY -o DIR}: compiles a YAML host policy (docs/policy.md) into
 * {@code rules.v4}, {@code rules.v6} (iptables-restore, canonical iptables-save form), {@code ipsets}
 * ({@code ipset restore}) and {@code ruleset.nft} ({@code nft -f}). With any error in the policy, every
 * error is reported and nothing is written: the output directory is not even created. All files are
 * first written as temporary files in DIR and then renamed over their final names.
 */
@Command(name = "compile", mixinStandardHelpOptions = true,
        description = {"Compile a YAML host policy into iptables-restore (v4, v6), ipset and nftables files.",
                "Every rule carries a comment naming the policy line it comes from."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:compiled", "2:usage error or unreadable policy", "3:the policy has errors (nothing written)",
                "4:the output directory cannot be written"})
public final class CompileCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    FormatOption format;

    @Parameters(paramLabel = "POLICY", description = "The policy file (YAML).")
    Path policy;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", required = true,
            description = "Directory to write rules.v4, rules.v6, ipsets and ruleset.nft into (created if missing).")
    Path output;

    @Option(names = "--services-file", paramLabel = "FILE", defaultValue = "/etc/services",
            description = "Service names beyond the built-in table (default: ${DEFAULT-VALUE}; ignored when absent).")
    Path servicesFile;

    @Option(names = "--builtin-services-only",
            description = "Resolve service names with the built-in table only (reproducible across machines).")
    boolean builtinOnly;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ServiceTable table = builtinOnly ? ServiceTable.builtinOnly() : ServiceTable.withSystem(servicesFile);
        PolicyCompiler.Result result;
        try {
            result = new PolicyCompiler(table).compile(policy, policy.toString());
        } catch (NoSuchFileException e) {
            throw new UsageException("cannot read '" + policy + "': no such file");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new UsageException("cannot read '" + policy + "': not UTF-8 text");
        }
        boolean json = format.format() == OutputFormat.JSON;
        if (!result.ok()) {
            if (json) {
                out.println(report(false, result.diagnostics(), null).toPrettyString());
                out.flush();
                return ExitCode.INVALID_INPUT;
            }
            DiagnosticOutput.text(err, result.diagnostics());
            err.println("rampart: " + result.diagnostics().size() + " error(s) in the policy; nothing written");
            err.flush();
            return ExitCode.INVALID_INPUT;
        }
        PolicyCompiler.Output o = result.output();
        Map<String, String> files = new LinkedHashMap<>();
        if (o.rulesV4() != null) {
            files.put("rules.v4", o.rulesV4Text());
        }
        if (o.rulesV6() != null) {
            files.put("rules.v6", o.rulesV6Text());
        }
        files.put("ipsets", o.ipsetsText());
        files.put("ruleset.nft", o.nft());
        try {
            Files.createDirectories(output);
            // all temporary files first, renames last: a full disk leaves the previous files in place
            List<Path> temps = new java.util.ArrayList<>();
            try {
                for (Map.Entry<String, String> f : files.entrySet()) {
                    Path tmp = output.resolve("." + f.getKey() + ".tmp");
                    temps.add(tmp);
                    Files.writeString(tmp, f.getValue(), StandardCharsets.UTF_8);
                }
                int i = 0;
                for (String name : files.keySet()) {
                    move(temps.get(i++), output.resolve(name));
                }
            } finally {
                for (Path tmp : temps) {
                    Files.deleteIfExists(tmp);
                }
            }
        } catch (IOException e) {
            throw new HostException("cannot write to '" + output + "': " + e.getMessage());
        }
        if (json) {
            ObjectNode r = report(true, List.of(), files.keySet());
            if (o.rulesV4() != null) {
                r.put("ipv4_rules", o.rulesV4().ruleCount());
            }
            if (o.rulesV6() != null) {
                r.put("ipv6_rules", o.rulesV6().ruleCount());
            }
            r.put("ipsets", o.ipsets().sets().size());
            out.println(r.toPrettyString());
            out.flush();
            return ExitCode.OK;
        }
        out.println("compiled " + policy + ": "
                + (o.rulesV4() != null ? o.rulesV4().ruleCount() + " IPv4 rules, " : "")
                + (o.rulesV6() != null ? o.rulesV6().ruleCount() + " IPv6 rules, " : "")
                + o.ipsets().sets().size() + " ipsets -> " + output);
        for (String name : files.keySet()) {
            out.println("  " + output.resolve(name));
        }
        out.flush();
        return ExitCode.OK;
    }

    /** {@code {"policy", "ok", "output", "files": [...], "diagnostics": [...]}}. */
    private ObjectNode report(boolean ok, List<Diagnostic> diagnostics, java.util.Collection<String> written) {
        ObjectNode o = DiagnosticOutput.json().createObjectNode();
        o.put("policy", policy.toString());
        o.put("ok", ok);
        o.put("output", output.toString());
        ArrayNode files = o.putArray("files");
        if (written != null) {
            written.forEach(f -> files.add(output.resolve(f).toString()));
        }
        o.set("diagnostics", DiagnosticOutput.json(diagnostics));
        return o;
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
