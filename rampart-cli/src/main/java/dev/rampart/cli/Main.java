package dev.rampart.cli;

import dev.rampart.cli.analysis.AuditCommand;
import dev.rampart.cli.analysis.DiffCommand;
import dev.rampart.cli.analysis.ExposureCommand;
import dev.rampart.cli.analysis.FlattenCommand;
import dev.rampart.cli.analysis.LockoutCheckCommand;
import dev.rampart.cli.analysis.OverviewCommand;
import dev.rampart.cli.analysis.SpoofingCommand;
import dev.rampart.cli.host.ApplyCommand;
import dev.rampart.cli.host.ConfirmCommand;
import dev.rampart.cli.host.HistoryCommand;
import dev.rampart.cli.host.HostCommand;
import dev.rampart.cli.host.PersistCommand;
import dev.rampart.cli.host.RollbackCommand;
import dev.rampart.cli.host.RollbackWatcherCommand;
import dev.rampart.cli.monitor.BansCommand;
import dev.rampart.cli.monitor.DriftCommand;
import dev.rampart.cli.monitor.LogsCommand;
import dev.rampart.cli.monitor.MetricsCommand;
import dev.rampart.cli.monitor.MonitorCommand;
import dev.rampart.cli.policy.CompileCommand;
import dev.rampart.cli.ruleset.CheckCommand;
import dev.rampart.cli.ruleset.ConvertCommand;
import dev.rampart.cli.ruleset.FmtCommand;
import dev.rampart.cli.ruleset.ShowCommand;
import dev.rampart.cli.sim.TraceCommand;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * Entry point of the {@code rampart} command. Maps user errors to exit code 2, host failures to 4 and
 * anything unexpected to 70 with a one-line message (set {@code RAMPART_DEBUG=1} for the stack trace).
 */
@Command(name = "rampart", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Read, check, simulate and write Linux netfilter (iptables) firewalls."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:findings", "2:usage error", "3:invalid input", "4:host/system failure",
                "70:internal error"})
public final class Main implements Runnable {
    /** Every subcommand, in the order {@code rampart --help} lists them ({@code help} comes last). */
    static final List<Class<?>> COMMANDS = List.of(CheckCommand.class, FmtCommand.class, ShowCommand.class,
            ConvertCommand.class, TraceCommand.class, FlattenCommand.class, AuditCommand.class, DiffCommand.class,
            ExposureCommand.class, LockoutCheckCommand.class, SpoofingCommand.class, OverviewCommand.class,
            LogsCommand.class, MonitorCommand.class, BansCommand.class, MetricsCommand.class, DriftCommand.class,
            CompileCommand.class, HostCommand.class, PersistCommand.class, ApplyCommand.class, ConfirmCommand.class,
            RollbackCommand.class, HistoryCommand.class, RollbackWatcherCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command; try 'rampart --help'");
    }

    /** Builds the configured command line with every subcommand (used by tests too). */
    public static CommandLine commandLine() {
        return commandLine(COMMANDS, true);
    }

    /**
     * The command line for {@code args}: when the first argument names a subcommand, with that one
     * alone — picocli introspects every registered command's options up front, which cost 0.1–0.3 s
     * of each run's start-up for 25 commands — otherwise (help, version, an unknown or missing name)
     * with all of them.
     */
    static CommandLine commandLine(String[] args) {
        if (args.length > 0) {
            for (Class<?> c : COMMANDS) {
                if (c.getAnnotation(Command.class).name().equals(args[0])) {
                    return commandLine(List.of(c), false);
                }
            }
        }
        return commandLine();
    }

    private static CommandLine commandLine(List<Class<?>> commands, boolean withHelp) {
        CommandLine cl = new CommandLine(new Main());
        for (Class<?> c : commands) {
            cl.addSubcommand(c);
        }
        if (withHelp) {
            cl.addSubcommand(CommandLine.HelpCommand.class);
        }
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            PrintWriter err = cmd.getErr();
            if (ex instanceof UsageException) {
                err.println("rampart: error: " + ex.getMessage());
                return ExitCode.USAGE;
            }
            if (ex instanceof HostException || ex instanceof dev.rampart.host.HostException) {
                // the host module's failures (a tool that failed, an unreadable file) are exit 4 wherever
                // a command lets them through; commands wrap them only to add what they were doing
                err.println("rampart: error: " + ex.getMessage());
                return ExitCode.HOST_FAILURE;
            }
            err.println("rampart: internal error: " + ex + " (please report; RAMPART_DEBUG=1 shows details)");
            if (System.getenv("RAMPART_DEBUG") != null) {
                ex.printStackTrace(err);
            }
            return ExitCode.INTERNAL;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("rampart: " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            return ExitCode.USAGE;
        });
        return cl;
    }

    public static void main(String[] args) {
        int code;
        try {
            if (args.length == 0 || !args[0].equals("logs")) {
                // logs streams its files line by line (they can be gigabytes): never read them ahead whole
                Inputs.prefetch(args);
            }
            code = commandLine(args).execute(args);
        } catch (RuntimeException | Error e) {
            System.err.println("rampart: internal error: " + e);
            code = ExitCode.INTERNAL;
        }
        System.exit(code);
    }
}
