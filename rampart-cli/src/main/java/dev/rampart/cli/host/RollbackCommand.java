package dev.rampart.cli.host;

import dev.rampart.cli.ExitCode;
import dev.rampart.host.apply.ApplyException;
import dev.rampart.host.apply.ApplyLock;
import dev.rampart.host.apply.Rollback;
import dev.rampart.host.history.HistoryEntry;
import dev.rampart.host.history.Session;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rampart rollback [ID]}: with an apply pending, restores its previous state now; otherwise
 * restores the state before the latest approved apply, or (with ID) the state entry ID applied. Each
 * restore is itself recorded as a history entry ({@link Rollback}).
 */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"Restore a previous firewall state from the history.",
                "Without ID: undo the pending apply, or else the latest approved one. With ID: restore the state",
                "history entry ID applied (it must have been approved, unless --force)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:restored", "1:refused (nothing to roll back, unknown or unapproved entry, ID given while an "
                + "apply is pending)", "2:usage error",
                "4:host failure (lock busy, history not writable or damaged, the restore failed)"})
public final class RollbackCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StateOptions state;

    @Parameters(paramLabel = "ID", arity = "0..1", description = "History entry whose state to restore.")
    Long id;

    @Option(names = "--force", description = "Restore an entry that was never approved.")
    boolean force;

    @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "", description = "Why; recorded in the history.")
    String reason;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "10",
            description = "Wait up to SECONDS for another rampart command to finish (default: ${DEFAULT-VALUE}).")
    long waitSeconds;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Rollback rollback = new Rollback(state.dirs(), state.runner(), Clock.systemUTC(), line -> {
            err.println(line);
            err.flush();
        });
        try (ApplyLock lock = ApplyLock.acquire(state.dirs().lockFile(), Duration.ofSeconds(waitSeconds))) {
            if (lock == null) {
                throw new ApplyException(ApplyException.Problem.LOCKED, "another rampart command holds "
                        + state.dirs().lockFile() + "; try again or give --wait SECONDS");
            }
            HistoryEntry open = rollback.openEntry();
            if (open != null) {
                if (id != null && id != open.id()) {
                    throw new ApplyException(ApplyException.Problem.REFUSED, "entry " + open.id()
                            + " waits for confirmation; run 'rampart rollback' without ID to undo it first");
                }
                HistoryEntry e = rollback.rollBackOpen(open, "rampart rollback by "
                        + Session.current(System.getenv()).who() + (reason.isEmpty() ? "" : ": " + reason));
                out.printf("rolled back entry %d: its previous state is restored%n", e.id());
                out.flush();
                return ExitCode.OK;
            }
            HistoryEntry e = rollback.restoreEntry(id, force, Session.current(System.getenv()), reason);
            out.printf("restored %s as history entry %d%n", e.manifest().events().get(0).detail()
                    .replaceFirst("^restoring ", ""), e.id());
            out.flush();
            return ExitCode.OK;
        } catch (ApplyException e) {
            err.println("rampart rollback: " + e.getMessage());
            err.flush();
            return e.problem() == ApplyException.Problem.REFUSED ? ExitCode.FINDINGS : ExitCode.HOST_FAILURE;
        }
    }
}
