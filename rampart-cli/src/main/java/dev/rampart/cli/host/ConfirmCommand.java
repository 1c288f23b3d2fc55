package dev.rampart.cli.host;

import dev.rampart.cli.ExitCode;
import dev.rampart.host.apply.ApplyException;
import dev.rampart.host.apply.Confirmation;
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
import picocli.CommandLine.Spec;

/** {@code rampart confirm [--local]}: approves the pending apply from a new connection ({@link Confirmation}). */
@Command(name = "confirm", mixinStandardHelpOptions = true,
        description = {"Keep the ruleset 'rampart apply' loaded: cancels the pending rollback.",
                "Must run in a NEW SSH connection (its $SSH_CONNECTION must differ from the applying session's),",
                "which proves new connections still get through; at a console, use --local."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:confirmed", "1:refused (same connection, not SSH without --local, nothing pending, too late)",
                "2:usage error", "4:host failure (lock busy, history unreadable)"})
public final class ConfirmCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StateOptions state;

    @Option(names = "--local", description = "Confirm from a console login (no SSH). Recorded as such: it does not "
            + "prove that new SSH connections work.")
    boolean local;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            HistoryEntry e = new Confirmation(state.dirs(), Clock.systemUTC())
                    .confirm(Session.current(System.getenv()), local, Duration.ofSeconds(10));
            var events = e.manifest().events();
            out.printf("confirmed entry %d: %s%n", e.id(), events.get(events.size() - 1).detail());
            out.flush();
            return ExitCode.OK;
        } catch (ApplyException e) {
            err.println("rampart confirm: " + e.getMessage());
            err.flush();
            return e.problem() == ApplyException.Problem.REFUSED ? ExitCode.FINDINGS : ExitCode.HOST_FAILURE;
        }
    }
}
