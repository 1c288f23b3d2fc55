package dev.rampart.cli.monitor;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.cli.DiagnosticOutput;
import dev.rampart.cli.ExitCode;
import dev.rampart.cli.FormatOption;
import dev.rampart.cli.HostException;
import dev.rampart.cli.OutputFormat;
import dev.rampart.cli.UsageException;
import dev.rampart.host.ProcessRunner;
import dev.rampart.model.net.IpPrefix;
import dev.rampart.monitor.ban.Allowlist;
import dev.rampart.monitor.ban.Ban;
import dev.rampart.monitor.ban.BanTargets;
import dev.rampart.monitor.ban.IpsetBans;
import dev.rampart.monitor.settings.YamlReader;
import dev.rampart.monitor.daemon.MonitorConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code rampart bans list|add|del}: the bans in the store and the kernel's ipsets, with or without a
 * running daemon (docs/commands/bans.md). Writes go to the database and the ipset directly; the daemon
 * reads the database, so it never undoes them.
 */
@Command(name = "bans", mixinStandardHelpOptions = true,
        description = {"List, add and remove bans (the monitor's ipsets and its database)."},
        subcommands = {BansCommand.ListBans.class, BansCommand.AddBan.class, BansCommand.DelBan.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:del: no such ban", "2:usage error, or add refused by the allowlist",
                "3:invalid configuration or address", "4:ipset/database failure"})
public final class BansCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: list, add or del");
    }

    static IpPrefix target(String text) {
        try {
            return BanTargets.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException("'" + text + "' is not an address or network: " + e.getMessage());
        }
    }

    /** Time left in its two largest units: {@code 1h59m}, {@code 6d23h}, {@code 42s}. */
    static String left(Duration d) {
        long s = d.getSeconds();
        if (s >= 86_400) {
            return s / 86_400 + "d" + s % 86_400 / 3600 + "h";
        }
        if (s >= 3600) {
            return s / 3600 + "h" + s % 3600 / 60 + "m";
        }
        return s >= 60 ? s / 60 + "m" + s % 60 + "s" : s + "s";
    }

    /** {@code bans list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the bans in force.")
    static final class ListBans implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        MonitorOptions options;
        @Mixin
        FormatOption format;

        @Override
        public Integer call() {
            MonitorConfig c = options.load(spec.commandLine().getErr());
            if (c == null) {
                return ExitCode.INVALID_INPUT;
            }
            PrintWriter out = spec.commandLine().getOut();
            Instant now = Instant.now();
            List<Ban> bans = options.withStore(c, "read",
                    store -> new ArrayList<>(store.bans().stream().filter(b -> !b.expiredAt(now)).toList()));
            if (format.format() == OutputFormat.JSON) {
                ArrayNode a = DiagnosticOutput.json().createArrayNode();
                for (Ban b : bans) {
                    ObjectNode o = a.addObject();
                    o.put("target", BanTargets.format(b.target()));
                    o.put("added", b.added().toString());
                    o.put("expires", b.expires() == null ? null : b.expires().toString());
                    o.put("remaining_seconds", b.expires() == null ? null : b.remaining(now).getSeconds());
                    o.put("origin", b.origin());
                    o.put("reason", b.reason());
                    o.put("ban_number", b.banNumber());
                }
                out.println(a.toPrettyString());
            } else {
                if (bans.isEmpty()) {
                    out.println("no bans");
                }
                for (Ban b : bans) {
                    out.printf("%-28s %-10s %-10s %s%n", BanTargets.format(b.target()),
                            b.expires() == null ? "permanent" : left(b.remaining(now)),
                            b.origin(), b.reason());
                }
            }
            out.flush();
            return ExitCode.OK;
        }
    }

    /** {@code bans add}. */
    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Ban an address or network now (database and ipset).",
                    "Refused for allowlisted addresses (the configuration's networks, this host's addresses,",
                    "the address of the SSH session running the command) unless --force; never loopback."})
    static final class AddBan implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        MonitorOptions options;
        @Parameters(paramLabel = "ADDR", description = "Address or network: 203.0.113.5, 2001:db8::/64.")
        String addr;
        @Option(names = "--time", paramLabel = "DURATION", defaultValue = "1h",
                description = "How long (${DEFAULT-VALUE}; 30m, 12h, 7d; 0 = until removed).")
        String time;
        @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "banned by hand",
                description = "Why, kept in the history.")
        String reason;
        @Option(names = "--force", description = "Ban even an allowlisted address (never loopback).")
        boolean force;

        @Override
        public Integer call() {
            MonitorConfig c = options.load(spec.commandLine().getErr());
            if (c == null) {
                return ExitCode.INVALID_INPUT;
            }
            IpPrefix target = target(addr);
            Duration d = YamlReader.parseDuration(time);
            if (d == null) {
                throw new UsageException("--time: '" + time + "' is not a duration (30m, 12h, 7d, 0)");
            }
            ProcessRunner runner = options.runner();
            Allowlist allowed = Allowlist.forHost(c.allowlist().networks(), c.allowlist().localAddresses(), runner)
                    .with(Allowlist.sshClient(System.getenv("SSH_CONNECTION")).stream().toList());
            IpPrefix loop = new Allowlist(Allowlist.LOOPBACK).blocking(target);
            if (loop != null) {
                throw new UsageException("refusing to ban " + BanTargets.format(target) + ": it overlaps loopback");
            }
            IpPrefix blocking = allowed.blocking(target);
            if (blocking != null && !force) {
                throw new UsageException("refusing to ban " + BanTargets.format(target) + ": it is allowlisted by "
                        + BanTargets.format(blocking) + " (configured networks, this host's addresses, your SSH"
                        + " session); add --force to ban it anyway");
            }
            Instant now = Instant.now();
            Ban ban = new Ban(target, now, d.isZero() ? null : now.plus(d), "manual", reason, 1);
            options.withStore(c, "write", store -> store.transaction(tx -> tx.upsertBan(ban)));
            if (c.bans().enabled()) {
                try {
                    IpsetBans ipset = new IpsetBans(runner, c.bans());
                    ipset.ensure();
                    ipset.add(target, ban.remaining(now));
                } catch (dev.rampart.host.HostException e) {
                    throw new HostException("stored, but the kernel was not told (the daemon applies it at its next"
                            + " start): " + e.getMessage());
                }
            }
            spec.commandLine().getOut().println("banned " + BanTargets.format(target)
                    + (ban.expires() == null ? " until removed" : " until " + ban.expires()));
            spec.commandLine().getOut().flush();
            return ExitCode.OK;
        }
    }

    /** {@code bans del}. */
    @Command(name = "del", mixinStandardHelpOptions = true, description = "Remove a ban (database and ipset).")
    static final class DelBan implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        MonitorOptions options;
        @Parameters(paramLabel = "ADDR", description = "The banned address or network, as 'bans list' shows it.")
        String addr;

        @Override
        public Integer call() {
            MonitorConfig c = options.load(spec.commandLine().getErr());
            if (c == null) {
                return ExitCode.INVALID_INPUT;
            }
            IpPrefix target = target(addr);
            Ban removed = options.withStore(c, "write",
                    store -> store.transaction(tx -> tx.deleteBan(BanTargets.format(target), "removed", Instant.now())));
            if (c.bans().enabled()) {
                new IpsetBans(options.runner(), c.bans()).remove(target);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(removed == null ? BanTargets.format(target) + " was not banned (removed from the ipset if"
                    + " it was there)" : "removed the ban of " + BanTargets.format(target));
            out.flush();
            return removed == null ? ExitCode.FINDINGS : ExitCode.OK;
        }
    }
}
