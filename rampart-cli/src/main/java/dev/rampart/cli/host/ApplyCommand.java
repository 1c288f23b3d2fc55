package dev.rampart.cli.host;

import dev.rampart.analysis.lockout.Blocker;
import dev.rampart.analysis.lockout.LockoutCheck;
import dev.rampart.analysis.lockout.LockoutQuery;
import dev.rampart.cli.DiagnosticOutput;
import dev.rampart.cli.ExitCode;
import dev.rampart.cli.FamilyOption;
import dev.rampart.cli.Inputs;
import dev.rampart.cli.RulesetLoader;
import dev.rampart.cli.UsageException;
import dev.rampart.cli.analysis.AnalysisJson;
import dev.rampart.cli.analysis.LockoutCheckCommand;
import dev.rampart.host.apply.ApplyException;
import dev.rampart.host.apply.SafeApply;
import dev.rampart.host.history.EntryStatus;
import dev.rampart.host.history.HistoryEntry;
import dev.rampart.host.history.HistoryEvent;
import dev.rampart.host.history.LockoutVerdict;
import dev.rampart.host.history.RulesetState;
import dev.rampart.host.history.Session;
import dev.rampart.model.Family;
import dev.rampart.model.Ruleset;
import dev.rampart.model.ipset.IpSetWriter;
import dev.rampart.model.net.IpAddress;
import dev.rampart.model.parse.InputFormat;
import dev.rampart.model.write.CanonicalWriter;
import dev.rampart.policy.PolicyCompiler;
import dev.rampart.policy.ServiceTable;
import dev.rampart.sim.packet.PacketWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
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
 * {@code rampart apply FILE|POLICY|DIR}: the safe apply ({@link SafeApply}). This class turns the input
 * into the texts to load (a YAML policy through the policy compiler; a restore file unchanged; a
 * command script through the canonical writer; a {@code compile} output directory as it is), runs the
 * lock-out check as the pre-flight, and reports; the host module does the rest.
 */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Apply a ruleset or policy safely: refuse when the lock-out check fails, save the current state",
                "in the history, load atomically (ipsets first, one restore per family), and restore the previous state",
                "unless 'rampart confirm' is run from a NEW SSH connection before the timeout."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:applied and confirmed (with --no-wait: applied, waiting for confirmation)",
                "1:refused by the lock-out check (nothing changed), or not confirmed in time (previous state restored)",
                "2:usage error", "3:the input has errors (nothing changed)",
                "4:host failure: lock busy or another apply pending, history not writable (nothing changed), the kernel "
                        + "rejected the input (previous state back in place), the rollback watcher could not start"})
public final class ApplyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StateOptions state;

    @Parameters(paramLabel = "INPUT", description = "A ruleset file (iptables-save or command script), a YAML policy "
            + "(.yaml/.yml), or a directory written by 'rampart compile' (rules.v4, rules.v6, ipsets).")
    Path input;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "Seconds to wait for 'rampart confirm' before the previous state is restored (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--admin", paramLabel = "ADDR",
            description = "The admin's address for the lock-out check. Default: the client of $SSH_CONNECTION.")
    String admin;

    @Option(names = "--port", paramLabel = "PORT",
            description = "The SSH port for the lock-out check. Default: the server port of $SSH_CONNECTION, else 22.")
    Integer port;

    @Option(names = "--force", description = "Apply even when the lock-out check says the admin would be locked out "
            + "(the rollback still runs).")
    boolean force;

    @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "", description = "Why; recorded in the history.")
    String reason;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "0",
            description = "Wait up to SECONDS for another apply to finish or be confirmed (default: fail at once).")
    long waitSeconds;

    @Option(names = "--no-wait", description = "Return once applied, without waiting in the foreground for the "
            + "confirmation (the rollback is armed either way).")
    boolean noWait;

    @Option(names = "--services-file", paramLabel = "FILE", defaultValue = "/etc/services",
            description = "For a policy: service names beyond the built-in table (default: ${DEFAULT-VALUE}).")
    Path servicesFile;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (timeoutSeconds < 1 || waitSeconds < 0) {
            throw new UsageException("--timeout must be at least 1 second and --wait not negative");
        }
        Session session = Session.current(System.getenv());
        Target target = readInput(err);
        if (target == null) {
            return ExitCode.INVALID_INPUT;
        }
        IpAddress adminAddr;
        try {
            String a = admin != null ? admin : session.sshClient();
            adminAddr = a == null ? null : IpAddress.parse(a);
        } catch (IllegalArgumentException e) {
            throw new UsageException("bad --admin address: " + e.getMessage());
        }
        int sshPort = port != null ? port : session.sshServerPort() != null ? Integer.parseInt(session.sshServerPort()) : 22;
        IpAddress server = admin == null && session.sshServer() != null ? IpAddress.parse(session.sshServer()) : null;
        SafeApply.Preflight preflight = () -> lockout(target, adminAddr, server, sshPort);
        SafeApply apply = new SafeApply(state.dirs(), state.runner(), WatcherProcess.launcher(state.dirs(), state.netns()),
                Clock.systemUTC());
        SafeApply.Request request = new SafeApply.Request(target.state(), input.toAbsolutePath().toString(),
                target.names(), reason, session, adminAddr == null ? null : adminAddr.toString(),
                Duration.ofSeconds(timeoutSeconds), Duration.ofSeconds(waitSeconds), force);
        SafeApply.Outcome outcome;
        try {
            outcome = apply.apply(request, preflight);
        } catch (SafeApply.InvalidInput e) {
            err.print(e.getMessage());
            err.println("rampart: nothing applied");
            err.flush();
            return ExitCode.INVALID_INPUT;
        } catch (ApplyException e) {
            err.println("rampart apply: " + e.getMessage());
            err.flush();
            return ExitCode.HOST_FAILURE;
        }
        if (outcome instanceof SafeApply.Outcome.Refused refused) {
            err.println("rampart apply: refused: the lock-out check says the admin would be locked out; nothing was "
                    + "changed (give --force to apply anyway, with the rollback armed)");
            err.print(refused.verdict().report());
            err.flush();
            return ExitCode.FINDINGS;
        }
        HistoryEntry entry = ((SafeApply.Outcome.Applied) outcome).entry();
        LockoutVerdict v = entry.manifest().lockout();
        if (!v.result().equals("safe")) {
            err.println("rampart apply: lock-out check: " + v.result() + (v.forced() ? " (applied with --force)" : ""));
            err.print(v.report());
        }
        out.printf("applied %s as history entry %d (%s); previous state saved in %s%n", input,
                entry.id(), String.join(", ", target.state().presentFiles()), entry.dir());
        out.printf("rollback armed (watcher pid %d): unless confirmed by %s (%d s), the previous state is restored%n",
                entry.manifest().watcherPid(), entry.manifest().deadline(), timeoutSeconds);
        out.println(session.sshConnection() != null
                ? "confirm from a NEW SSH connection:  rampart confirm" + rootHint()
                : "confirm from a new SSH connection (rampart confirm" + rootHint() + "), or at the console: rampart confirm --local"
                + rootHint());
        out.flush();
        if (noWait) {
            return ExitCode.OK;
        }
        out.println("waiting for confirmation...");
        out.flush();
        entry = apply.awaitOutcome(entry.id(), Duration.ofSeconds(timeoutSeconds + 60));
        EntryStatus s = entry.manifest().status();
        List<HistoryEvent> events = entry.manifest().events();
        String last = events.isEmpty() ? "" : events.get(events.size() - 1).detail();
        if (s == EntryStatus.APPROVED) {
            out.println("confirmed: " + last);
            out.flush();
            return ExitCode.OK;
        }
        err.println("rampart apply: entry " + entry.id() + " " + s.word() + ": " + last);
        err.flush();
        return s == EntryStatus.ROLLED_BACK ? ExitCode.FINDINGS : ExitCode.HOST_FAILURE;
    }

    private String rootHint() {
        return state.root == null ? "" : " --root " + state.root;
    }

    /**
     * The texts to load and the names to quote them by, with their parsed rulesets; for a restore file
     * the parse is {@code deferred} into the pre-flight check, where it runs while the live state is saved.
     */
    record Target(RulesetState state, Map<String, String> names, Ruleset v4, Ruleset v6, Inputs.Source deferred) {
        Target(RulesetState state, Map<String, String> names, Ruleset v4, Ruleset v6) {
            this(state, names, v4, v6, null);
        }

        Ruleset ruleset(Family f) {
            return f == Family.IPV4 ? v4 : v6;
        }

        /** The family of a restore file whose parse is deferred. */
        Family deferredFamily() {
            return state.rulesV4() != null ? Family.IPV4 : Family.IPV6;
        }

        /** This target with the deferred parse done; throws {@link SafeApply.InvalidInput} on errors. */
        Target parsed() {
            if (deferred == null) {
                return this;
            }
            RulesetLoader.Loaded loaded = RulesetLoader.load(deferred, new FamilyOption());
            if (loaded.hasErrors()) {
                StringWriter sw = new StringWriter();
                PrintWriter p = new PrintWriter(sw);
                DiagnosticOutput.text(p, loaded.diagnostics());
                p.flush();
                throw new SafeApply.InvalidInput(sw.toString());
            }
            return new Target(state, names, loaded.ruleset(Family.IPV4), loaded.ruleset(Family.IPV6), null);
        }
    }

    private Target readInput(PrintWriter err) throws IOException {
        String name = input.toString();
        if (Files.isDirectory(input)) {
            return readDirectory(err);
        }
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            PolicyCompiler.Result result;
            try {
                result = new PolicyCompiler(ServiceTable.withSystem(servicesFile)).compile(input, name);
            } catch (NoSuchFileException e) {
                throw new UsageException("cannot read '" + input + "': no such file");
            }
            if (!result.ok()) {
                DiagnosticOutput.text(err, result.diagnostics());
                err.println("rampart: " + result.diagnostics().size() + " error(s) in the policy; nothing applied");
                err.flush();
                return null;
            }
            PolicyCompiler.Output o = result.output();
            String sets = o.ipsetsText();
            Map<String, String> names = new HashMap<>();
            names.put(RulesetState.RULES_V4, name + " (compiled rules.v4)");
            names.put(RulesetState.RULES_V6, name + " (compiled rules.v6)");
            names.put(RulesetState.IPSETS, name + " (compiled ipsets)");
            return new Target(new RulesetState(o.rulesV4Text(), o.rulesV6Text(), sets.isBlank() ? null : sets), names,
                    o.rulesV4(), o.rulesV6());
        }
        Inputs.Source source = Inputs.read(name, System.in);
        Map<String, String> names = new HashMap<>();
        names.put(RulesetState.RULES_V4, name);
        names.put(RulesetState.RULES_V6, name);
        names.put(RulesetState.IPSETS, name);
        if (InputFormat.detect(source.text()) == InputFormat.RESTORE) {
            // the file goes to iptables-restore byte for byte; it is parsed (for errors and the lock-out
            // check) in the pre-flight, in parallel with saving the live state and writing the history
            Family f = new FamilyOption().resolve(source.text());
            return new Target(f == Family.IPV4 ? new RulesetState(source.text(), null, null)
                    : new RulesetState(null, source.text(), null), names, null, null, source);
        }
        RulesetLoader.Loaded loaded = RulesetLoader.load(source, new FamilyOption());
        if (loaded.hasErrors()) {
            DiagnosticOutput.text(err, loaded.diagnostics());
            err.println("rampart: nothing applied");
            err.flush();
            return null;
        }
        String text = source.text();
        Ruleset v4 = loaded.ruleset(Family.IPV4);
        Ruleset v6 = loaded.ruleset(Family.IPV6);
        String t4 = v4 == null ? null : new CanonicalWriter(false).write(v4);
        String t6 = v6 == null ? null : new CanonicalWriter(false).write(v6);
        String sets = loaded.ipsets() == null || loaded.ipsets().sets().isEmpty() ? null
                : loaded.format() == InputFormat.IPSET ? text : new IpSetWriter().write(loaded.ipsets());
        RulesetState st = new RulesetState(t4, t6, sets);
        if (st.isEmpty()) {
            throw new UsageException("'" + name + "' holds no ruleset and no ipsets; nothing to apply");
        }
        return new Target(st, names, v4, v6);
    }

    /** A {@code rampart compile} output directory: rules.v4, rules.v6 and ipsets, each optional. */
    private Target readDirectory(PrintWriter err) throws IOException {
        String[] texts = new String[3];
        Ruleset[] rulesets = new Ruleset[2];
        Map<String, String> names = new HashMap<>();
        boolean bad = false;
        for (int i = 0; i < 3; i++) {
            String f = RulesetState.FILE_NAMES.get(i);
            Path p = input.resolve(f);
            if (!Files.exists(p)) {
                continue;
            }
            names.put(f, p.toString());
            RulesetLoader.Loaded loaded = RulesetLoader.loadOrReport(p.toString(), new FamilyOption(), err);
            if (loaded == null) {
                bad = true;
                continue;
            }
            texts[i] = Files.readString(p);
            if (i < 2) {
                rulesets[i] = loaded.ruleset(i == 0 ? Family.IPV4 : Family.IPV6);
            }
            if (i == 2 && texts[i].isBlank()) {
                texts[i] = null;
            }
        }
        if (bad) {
            err.println("rampart: nothing applied");
            err.flush();
            return null;
        }
        RulesetState st = new RulesetState(texts[0], texts[1], texts[2]);
        if (st.isEmpty()) {
            throw new UsageException("'" + input + "' has no rules.v4, rules.v6 or ipsets; nothing to apply");
        }
        return new Target(st, names, rulesets[0], rulesets[1]);
    }

    /**
     * The lock-out check of the new ruleset of the admin's family. A restore file of that family is
     * read only as far as the check needs ({@link LockoutPreflight}); anything else is parsed whole.
     */
    private static LockoutVerdict lockout(Target target, IpAddress admin, IpAddress server, int port) {
        if (admin != null && target.deferred() != null && target.deferredFamily() == admin.family()) {
            LockoutPreflight.Checked checked = LockoutPreflight.check(target.deferred().text(),
                    target.deferred().name(), admin.family(), new LockoutQuery(admin, server, port, null));
            if (checked != null) {
                return verdict(checked.ruleset(), checked.blockers(), admin, port);
            }
        }
        Target parsed = target.parsed();
        if (admin == null) {
            return new LockoutVerdict("not-checked", false,
                    "  no admin address: not an SSH session and no --admin given\n");
        }
        Ruleset rs = parsed.ruleset(admin.family());
        if (rs == null) {
            return new LockoutVerdict("not-checked", false, "  the input does not change the IPv"
                    + admin.family().number() + " ruleset the admin " + admin + " connects through\n");
        }
        return verdict(rs, LockoutCheck.check(rs, new LockoutQuery(admin, server, port, null)), admin, port);
    }

    /** The verdict on {@code blockers} found in {@code rs}, with the report the admin reads. */
    private static LockoutVerdict verdict(Ruleset rs, List<Blocker> blockers, IpAddress admin, int port) {
        if (blockers.isEmpty()) {
            return new LockoutVerdict("safe", false, "");
        }
        boolean blocked = blockers.stream().anyMatch(b -> !b.conditional());
        StringWriter sw = new StringWriter();
        PrintWriter p = new PrintWriter(sw);
        p.printf(blocked ? "LOCK-OUT: the connection from %s to port %d is blocked%n"
                : "conditional: the connection from %s to port %d is accepted unless a rate limit fires%n", admin, port);
        for (Blocker b : blockers) {
            p.printf("  %s: %s%n", b.step(), PacketWriter.text(b.packet()));
            p.printf("    %s by %s%s%n", b.target(), AnalysisJson.words(b.rule()), LockoutCheckCommand.ruleText(rs, b.rule()));
            if (!b.approximations().isEmpty()) {
                p.println("    " + (b.conditional() ? "unless: " : "(not proved either way: ")
                        + String.join("; ", b.approximations()) + (b.conditional() ? "" : ")"));
            }
        }
        p.flush();
        return new LockoutVerdict(blocked ? "blocked" : "conditional", false, sw.toString());
    }
}
