package dev.rampart.cli.host;

import dev.rampart.cli.ExitCode;
import dev.rampart.host.apply.RollbackWatcher;
import dev.rampart.host.history.EntryStatus;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The detached rollback watcher ({@link RollbackWatcher}); started by {@code rampart apply} through
 * {@link WatcherProcess}, never by hand. Hidden from help.
 */
@Command(name = RollbackWatcherCommand.NAME, hidden = true,
        description = "Internal: restore the previous state of a pending entry unless it is confirmed in time.")
public final class RollbackWatcherCommand implements Callable<Integer> {
    static final String NAME = "__rollback-watcher";

    @Mixin
    StateOptions state;

    @Option(names = "--entry", required = true, paramLabel = "ID")
    long entry;

    @Option(names = "--apply-pid", paramLabel = "PID", defaultValue = "0")
    long applyPid;

    @Override
    public Integer call() throws IOException, InterruptedException {
        RollbackWatcher w = new RollbackWatcher(state.dirs(), state.runner(), Clock.systemUTC(),
                line -> {
                    System.err.println(Instant.now() + " " + line);
                    System.err.flush();
                });
        EntryStatus s = w.watch(entry, applyPid);
        return s == null || s == EntryStatus.ROLLED_BACK || s == EntryStatus.APPROVED || s == EntryStatus.FAILED
                ? ExitCode.OK : ExitCode.HOST_FAILURE;
    }
}
