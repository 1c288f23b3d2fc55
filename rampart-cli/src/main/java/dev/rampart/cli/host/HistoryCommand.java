package dev.rampart.cli.host;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.analysis.diff.Change;
import dev.rampart.analysis.diff.SemanticDiff;
import dev.rampart.cli.DiagnosticOutput;
import dev.rampart.cli.ExitCode;
import dev.rampart.cli.FormatOption;
import dev.rampart.cli.OutputFormat;
import dev.rampart.cli.UsageException;
import dev.rampart.cli.analysis.DiffCommand;
import dev.rampart.cli.ruleset.ShowCommand;
import dev.rampart.host.history.FileDigest;
import dev.rampart.host.history.HistoryEntry;
import dev.rampart.host.history.HistoryEvent;
import dev.rampart.host.history.HistoryStore;
import dev.rampart.host.history.Manifest;
import dev.rampart.host.history.ManifestJson;
import dev.rampart.host.history.RulesetState;
import dev.rampart.model.Family;
import dev.rampart.model.Ruleset;
import dev.rampart.model.RulesetBuilder;
import dev.rampart.model.parse.RestoreParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code rampart history list|show ID|diff ID1 ID2}: reads the history store (docs/history-format.md).
 * {@code diff} compares the states two entries applied with the semantic diff, as {@code rampart diff}.
 */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = {"Show the history of applied firewall states (see docs/history-format.md)."},
        subcommands = {HistoryCommand.ListCommand.class, HistoryCommand.ShowCommand.class,
                HistoryCommand.DiffEntriesCommand.class})
public final class HistoryCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: list, show ID or diff ID1 ID2");
    }

    static HistoryEntry entry(HistoryStore store, long id) throws IOException {
        return store.find(id).orElseThrow(() -> new UsageException("no history entry " + id + " in " + store.dir()
                + " (see 'rampart history list')"));
    }

    static String who(Manifest m) {
        String u = m.session().who();
        return m.session().sshClient() == null ? u + " (console)" : u + "@" + m.session().sshClient();
    }

    /** {@code rampart history list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "One line per entry, oldest first.")
    static final class ListCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        StateOptions state;

        @Mixin
        FormatOption format;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            HistoryStore store = new HistoryStore(state.dirs().history());
            List<HistoryEntry> all = store.list();
            if (format.format() == OutputFormat.JSON) {
                ArrayNode arr = DiagnosticOutput.json().createArrayNode();
                all.forEach(e -> arr.add(ManifestJson.tree(e.manifest())));
                out.println(arr.toPrettyString());
            } else if (all.isEmpty()) {
                out.println("no history in " + store.dir());
            } else {
                out.printf("%-5s %-20s %-8s %-11s %-24s %-12s %s%n", "ID", "CREATED", "KIND", "STATUS", "WHO", "HASH",
                        "SOURCE / REASON");
                for (HistoryEntry e : all) {
                    Manifest m = e.manifest();
                    out.printf("%-5d %-20s %-8s %-11s %-24s %-12s %s%s%n", m.id(),
                            m.created().toString().replaceFirst("\\.\\d+Z$", "Z"), m.kind().word(), m.status().word(),
                            who(m), m.contentHash() == null ? "" : m.contentHash().substring(0, 12), m.source(),
                            m.reason().isEmpty() ? "" : " — " + m.reason());
                }
            }
            out.flush();
            return ExitCode.OK;
        }
    }

    /** {@code rampart history show ID}. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Everything recorded about one entry: who, when, why, session, lock-out verdict, events, files.")
    static final class ShowCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        StateOptions state;

        @Mixin
        FormatOption format;

        @Parameters(paramLabel = "ID")
        long id;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            HistoryStore store = new HistoryStore(state.dirs().history());
            HistoryEntry e = entry(store, id);
            List<String> damaged = store.verify(e);
            Manifest m = e.manifest();
            if (format.format() == OutputFormat.JSON) {
                ObjectNode o = ManifestJson.tree(m);
                o.put("dir", e.dir().toString());
                ArrayNode bad = o.putArray("damaged_files");
                damaged.forEach(bad::add);
                out.println(o.toPrettyString());
                out.flush();
                return ExitCode.OK;
            }
            out.printf("entry %d (%s), %s%n", m.id(), m.kind().word(), m.status().word());
            out.printf("  created:  %s by %s%n", m.created(), who(m));
            out.printf("  source:   %s%n", m.source());
            if (!m.reason().isEmpty()) {
                out.printf("  reason:   %s%n", m.reason());
            }
            out.printf("  session:  %s, tty %s, session id %d, pid %d%n",
                    m.session().sshConnection() == null ? "console (no SSH)" : "SSH " + m.session().sshConnection(),
                    m.session().tty(), m.session().sessionId(), m.session().pid());
            if (m.netns() != null) {
                out.printf("  netns:    %s%n", m.netns());
            }
            if (m.lockout() != null) {
                out.printf("  lock-out: %s%s (admin %s)%n", m.lockout().result(), m.lockout().forced() ? ", forced" : "",
                        m.admin());
            }
            if (m.deadline() != null) {
                out.printf("  deadline: %s (timeout %d s)%n", m.deadline(), m.timeoutSeconds());
            }
            if (m.restores() > 0) {
                out.printf("  restores: entry %d%n", m.restores());
            }
            out.printf("  content:  %s%n  before:   %s%n", m.contentHash(), m.beforeHash());
            out.println("  events:");
            for (HistoryEvent ev : m.events()) {
                out.printf("    %s %-12s %s%n", ev.time(), ev.event(), ev.detail());
            }
            out.println("  files:");
            for (FileDigest d : m.files()) {
                out.printf("    %-16s %10d bytes  sha256 %s%s%n", d.path(), d.bytes(), d.sha256(),
                        damaged.contains(d.path()) ? "  DAMAGED (content no longer matches)" : "");
            }
            out.printf("  dir:      %s%n", e.dir());
            out.flush();
            return damaged.isEmpty() ? ExitCode.OK : ExitCode.HOST_FAILURE;
        }
    }

    /** {@code rampart history diff ID1 ID2}. */
    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = {"Compare the states two entries applied over the whole packet space (as 'rampart diff').",
                    "Exit 0: no packet changes fate; 1: some do."})
    static final class DiffEntriesCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        StateOptions state;

        @Mixin
        FormatOption format;

        @Parameters(index = "0", paramLabel = "ID1")
        long first;

        @Parameters(index = "1", paramLabel = "ID2")
        long second;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            HistoryStore store = new HistoryStore(state.dirs().history());
            RulesetState a = store.state(entry(store, first), HistoryStore.AFTER);
            RulesetState b = store.state(entry(store, second), HistoryStore.AFTER);
            List<Change> changes = new ArrayList<>();
            for (Family f : Family.values()) {
                String ta = f == Family.IPV4 ? a.rulesV4() : a.rulesV6();
                String tb = f == Family.IPV4 ? b.rulesV4() : b.rulesV6();
                if (ta == null || tb == null) {
                    if (ta != null || tb != null) {
                        err.printf("rampart history diff: IPv%d: only entry %d has a ruleset; not compared%n",
                                f.number(), ta != null ? first : second);
                    }
                    continue;
                }
                Ruleset ra = parse(f, ta, "entry " + first + " " + fileOf(f), err);
                Ruleset rb = parse(f, tb, "entry " + second + " " + fileOf(f), err);
                if (ra == null || rb == null) {
                    return ExitCode.INVALID_INPUT;
                }
                changes.addAll(SemanticDiff.compare(ra, rb));
            }
            if (a.ipsets() != null && b.ipsets() != null && !a.ipsets().equals(b.ipsets())) {
                err.println("rampart history diff: the ipsets differ (the diff compares the rules; ipset members "
                        + "are shown by 'rampart history show')");
            }
            err.flush();
            DiffCommand.print(out, changes, format.format());
            out.flush();
            return changes.isEmpty() ? ExitCode.OK : ExitCode.FINDINGS;
        }

        private static String fileOf(Family f) {
            return f == Family.IPV4 ? RulesetState.RULES_V4 : RulesetState.RULES_V6;
        }

        private static Ruleset parse(Family f, String text, String name, PrintWriter err) {
            RestoreParser.Result r = new RestoreParser(f).parse(text, name);
            if (r.diagnostics().hasErrors()) {
                DiagnosticOutput.text(err, r.diagnostics().all());
                err.flush();
                return null;
            }
            return r.ruleset() == null ? new RulesetBuilder(f).build() : r.ruleset();
        }
    }
}
