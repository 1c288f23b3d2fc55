package dev.rampart.cli.host;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.cli.DiagnosticOutput;
import dev.rampart.cli.ExitCode;
import dev.rampart.cli.FamilyOption;
import dev.rampart.cli.FormatOption;
import dev.rampart.cli.HostException;
import dev.rampart.cli.HostOptions;
import dev.rampart.cli.Inputs;
import dev.rampart.cli.OutputFormat;
import dev.rampart.cli.RulesetLoader;
import dev.rampart.cli.UsageException;
import dev.rampart.host.persist.AtomicFileWriter;
import dev.rampart.host.persist.PersistException;
import dev.rampart.host.persist.Persister.PersistedFile;
import dev.rampart.host.persist.Persister.PlannedFile;
import dev.rampart.host.persist.Persister;
import dev.rampart.host.probe.HostProbe;
import dev.rampart.host.probe.HostRoot;
import dev.rampart.host.probe.LayoutChoice;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rampart persist}: writes the live IPv4 and IPv6 rules and the ipsets to the distribution's
 * boot-time files ({@link Persister}; atomically, the previous file kept as {@code NAME.rampart-prev}).
 * {@code --dry-run} shows what would be written. Given FILEs (restore files, scripts, ipset files, a YAML
 * policy compiled as {@code rampart compile} does), those
 * are persisted instead of the live state, in canonical form, each only for the family (or the sets) it
 * holds; a FILE with errors is reported and nothing is written. Exit 0 when done, 2 on a usage error, 3
 * when a FILE has errors, 4 when the live state cannot be read or a file cannot be written (the message
 * names it; nothing half-written is left).
 */
@Command(name = "persist", mixinStandardHelpOptions = true,
        description = {"Save the live rules (iptables-save, ip6tables-save, no counters) and ipsets",
                "(ipset save) where the distribution's boot service loads them:",
                "  debian: /etc/iptables/rules.v4, rules.v6, ipsets",
                "  rhel:   /etc/sysconfig/iptables, ip6tables, ipset",
                "  arch:   /etc/iptables/iptables.rules, ip6tables.rules, /etc/ipset.conf",
                "Each file is replaced atomically (temporary file, fsync, rename); the file",
                "replaced is kept as NAME.rampart-prev. Needs root. See docs/commands/persist.md."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:files written (or unchanged; or, with --dry-run, shown)", "2:usage error",
                "3:a FILE has errors (nothing written)", "4:the live state cannot be read or a file cannot be written"})
public final class PersistCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HostOptions host;

    @Mixin
    FormatOption format;

    @Option(names = "--dry-run", description = "Show the files and what they would hold; write nothing.")
    boolean dryRun;

    @Option(names = "--show", description = "With --dry-run, print the content of each file too.")
    boolean show;

    @Mixin
    FamilyOption family;

    @Option(names = "--allow-empty",
            description = "Replace a file holding rules (or sets) with an empty ruleset (or none); refused otherwise.")
    boolean allowEmpty;

    @Parameters(paramLabel = "FILE", arity = "0..*",
            description = "Persist these instead of the live state: iptables-save files, scripts, ipset files or a "
                    + "YAML policy (*.yaml, compiled as 'rampart compile' does); at most one ruleset per family and one "
                    + "set of ipsets; files of families not given are left alone.")
    List<String> files = List.of();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        HostRoot root = host.root();
        var runner = host.runner();
        LayoutChoice layout = host.layout(() -> new HostProbe(runner, root).layout());
        if (layout.warning() != null) {
            err.println("rampart: warning: " + layout.warning());
            err.flush();
        }
        for (dev.rampart.host.probe.ToolPresence t : new dev.rampart.host.probe.ToolProbe(root).probe(List.of(), List.of())) {
            if ((t.name().equals("ufw") || t.name().equals("firewalld")) && t.active()) {
                err.println("rampart: warning: " + t.name() + " is active (" + t.describe() + "): it loads its own "
                        + "rules at boot too; persisted rules may conflict with it or be overwritten on its reload");
            }
        }
        err.flush();
        Persister persister = new Persister(runner, root, layout.layout());
        List<PlannedFile> plan;
        if (!files.isEmpty()) {
            plan = fromFiles(layout.layout(), err);
            if (plan == null) {
                return ExitCode.INVALID_INPUT;
            }
        } else {
            try {
                plan = persister.plan();
            } catch (dev.rampart.host.HostException e) {
                throw new HostException("cannot read the live state: " + e.getMessage());
            }
        }
        List<String> emptied = persister.emptyOverwrites(plan);
        if (!emptied.isEmpty() && !allowEmpty && !dryRun) {
            throw new UsageException("refusing to replace saved rules with empty ones: " + String.join("; ", emptied)
                    + " (were the rules never loaded, or flushed?); load them first, or pass --allow-empty");
        }
        List<PersistedFile> done = new ArrayList<>();
        if (dryRun) {
            for (PlannedFile f : plan) {
                done.add(new PersistedFile(f, null));
            }
        } else {
            try {
                done.addAll(persister.write(plan));
            } catch (PersistException e) {
                throw new HostException(e.getMessage());
            }
        }
        if (format.format() == OutputFormat.JSON) {
            out.println(json(layout, root, done, dryRun).toPrettyString());
        } else {
            out.print(text(layout, root, done, dryRun, show));
        }
        out.flush();
        return ExitCode.OK;
    }

    /**
     * The files to write for the FILE arguments: ipsets first, then IPv4 and IPv6 rules in canonical form
     * with zero counters. Null (after printing the diagnostics) when a FILE has errors.
     */
    private List<PlannedFile> fromFiles(dev.rampart.host.probe.PersistenceLayout layout, PrintWriter err) {
        dev.rampart.model.Ruleset v4 = null;
        dev.rampart.model.Ruleset v6 = null;
        dev.rampart.model.ipset.IpSets sets = null;
        boolean errors = false;
        List<RulesetLoader.Loaded> inputs = new ArrayList<>();
        for (String f : files) {
            if (f.endsWith(".yaml") || f.endsWith(".yml")) {
                RulesetLoader.Loaded compiled = compilePolicy(f, err);
                if (compiled == null) {
                    errors = true;
                } else {
                    inputs.add(compiled);
                }
                continue;
            }
            inputs.add(RulesetLoader.load(Inputs.read(f, System.in), family));
        }
        for (RulesetLoader.Loaded l : inputs) {
            if (l.hasErrors()) {
                DiagnosticOutput.text(err, l.diagnostics().stream().filter(d -> d.isError()).toList());
                err.println(l.name() + ": not persisted: fix the errors above");
                errors = true;
                continue;
            }
            for (dev.rampart.model.Ruleset r : l.rulesets()) {
                if (r.family() == dev.rampart.model.Family.IPV4) {
                    if (v4 != null) {
                        throw new UsageException("more than one IPv4 ruleset given (" + l.name() + ")");
                    }
                    v4 = r;
                } else {
                    if (v6 != null) {
                        throw new UsageException("more than one IPv6 ruleset given (" + l.name() + ")");
                    }
                    v6 = r;
                }
            }
            if (l.ipsets() != null && !l.ipsets().sets().isEmpty()) {
                if (sets != null) {
                    throw new UsageException("more than one ipset input given (" + l.name() + ")");
                }
                sets = l.ipsets();
            }
        }
        err.flush();
        if (errors) {
            return null;
        }
        List<PlannedFile> plan = new ArrayList<>();
        if (sets != null) {
            plan.add(new PlannedFile(layout.ipsets(), "ipsets", new dev.rampart.model.ipset.IpSetWriter().write(sets)));
        }
        if (v4 != null) {
            plan.add(new PlannedFile(layout.rulesV4(), "IPv4 rules", canonical(v4)));
        }
        if (v6 != null) {
            plan.add(new PlannedFile(layout.rulesV6(), "IPv6 rules", canonical(v6)));
        }
        if (plan.isEmpty()) {
            throw new UsageException("the FILEs hold no rules and no ipsets");
        }
        return plan;
    }

    /**
     * Compiles a YAML policy ({@code rampart compile}'s compiler, service names from the built-in table and
     * the root's {@code /etc/services}) into its rulesets and ipsets; null after printing the diagnostics
     * when it has errors.
     */
    private RulesetLoader.Loaded compilePolicy(String file, PrintWriter err) {
        java.nio.file.Path services = host.root().resolve("/etc/services");
        dev.rampart.policy.PolicyCompiler.Result result;
        try {
            result = new dev.rampart.policy.PolicyCompiler(dev.rampart.policy.ServiceTable.withSystem(services))
                    .compile(java.nio.file.Path.of(file), file);
        } catch (java.io.IOException e) {
            throw new UsageException("cannot read '" + file + "': " + e.getMessage());
        }
        if (!result.ok()) {
            DiagnosticOutput.text(err, result.diagnostics());
            err.println(file + ": not persisted: " + result.diagnostics().size() + " error(s) in the policy");
            return null;
        }
        dev.rampart.policy.PolicyCompiler.Output o = result.output();
        List<dev.rampart.model.Ruleset> rulesets = new ArrayList<>();
        if (o.rulesV4() != null) {
            rulesets.add(o.rulesV4());
        }
        if (o.rulesV6() != null) {
            rulesets.add(o.rulesV6());
        }
        return new RulesetLoader.Loaded(file, dev.rampart.model.parse.InputFormat.RESTORE, rulesets, o.ipsets(),
                List.of());
    }

    /** The ruleset as iptables-save prints it, without counters (chain counters zero). */
    static String canonical(dev.rampart.model.Ruleset r) {
        List<dev.rampart.model.Table> tables = new ArrayList<>();
        for (dev.rampart.model.Table t : r.tables()) {
            List<dev.rampart.model.Chain> chains = new ArrayList<>();
            for (dev.rampart.model.Chain c : t.chains()) {
                chains.add(new dev.rampart.model.Chain(c.name(), c.builtin(), c.policy(), dev.rampart.model.Counters.ZERO,
                        c.rules(), c.pos()));
            }
            tables.add(new dev.rampart.model.Table(t.name(), chains));
        }
        return new dev.rampart.model.write.CanonicalWriter(false).write(new dev.rampart.model.Ruleset(r.family(), tables));
    }

    static String text(LayoutChoice layout, HostRoot root, List<PersistedFile> files, boolean dryRun, boolean show) {
        StringBuilder sb = new StringBuilder();
        sb.append("layout ").append(layout.layout().id()).append(": ").append(layout.reason())
                .append(root.path().toString().equals("/") ? "" : "; under root " + root).append('\n');
        for (PersistedFile f : files) {
            PlannedFile p = f.file();
            sb.append(p.path()).append(": ");
            String size = lines(p.content()) + " lines";
            if (f.result() == null) {
                sb.append("would write ").append(p.what()).append(" (").append(size).append(")\n");
                if (show) {
                    p.content().lines().forEach(l -> sb.append("  | ").append(l).append('\n'));
                }
                continue;
            }
            AtomicFileWriter.Result r = f.result();
            if (r.outcome() == AtomicFileWriter.Outcome.UNCHANGED) {
                sb.append("unchanged (").append(p.what()).append(")\n");
            } else {
                sb.append("written, ").append(p.what()).append(" (").append(size).append(", mode ")
                        .append(AtomicFileWriter.octal(r.mode())).append(")")
                        .append(r.previous() == null ? "" : "; previous kept as " + shown(root, r.previous()))
                        .append('\n');
            }
        }
        return sb.toString();
    }

    /** {@code path} as on the target system: without the {@code --root} prefix. */
    static String shown(HostRoot root, java.nio.file.Path path) {
        java.nio.file.Path base = root.path().toAbsolutePath().normalize();
        java.nio.file.Path p = path.toAbsolutePath().normalize();
        return p.startsWith(base) ? "/" + base.relativize(p).toString() : p.toString();
    }

    private static long lines(String s) {
        return s.lines().count();
    }

    static ObjectNode json(LayoutChoice layout, HostRoot root, List<PersistedFile> files, boolean dryRun) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("layout", layout.layout().id());
        o.put("reason", layout.reason());
        if (layout.warning() == null) {
            o.putNull("warning");
        } else {
            o.put("warning", layout.warning());
        }
        o.put("dry_run", dryRun);
        ArrayNode arr = o.putArray("files");
        for (PersistedFile f : files) {
            ObjectNode x = arr.addObject();
            x.put("path", f.file().path());
            x.put("what", f.file().what());
            x.put("bytes", f.file().content().getBytes(StandardCharsets.UTF_8).length);
            if (f.result() == null) {
                x.put("outcome", "would_write");
                x.putNull("mode");
                x.putNull("previous");
            } else {
                x.put("outcome", f.result().outcome().name().toLowerCase(java.util.Locale.ROOT));
                x.put("mode", AtomicFileWriter.octal(f.result().mode()));
                if (f.result().previous() == null) {
                    x.putNull("previous");
                } else {
                    x.put("previous", shown(root, f.result().previous()));
                }
            }
        }
        return o;
    }
}
