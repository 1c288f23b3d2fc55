package dev.rampart.cli.analysis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.analysis.lockout.Blocker;
import dev.rampart.analysis.lockout.LockoutCheck;
import dev.rampart.analysis.lockout.LockoutQuery;
import dev.rampart.cli.DiagnosticOutput;
import dev.rampart.cli.ExitCode;
import dev.rampart.cli.FamilyOption;
import dev.rampart.cli.FormatOption;
import dev.rampart.cli.OutputFormat;
import dev.rampart.cli.RulesetLoader;
import dev.rampart.model.Rule;
import dev.rampart.model.Ruleset;
import dev.rampart.model.net.IpAddress;
import dev.rampart.model.write.CanonicalWriter;
import dev.rampart.sim.engine.CounterRef;
import dev.rampart.sim.packet.PacketWriter;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rampart lockout-check FILE [--admin ADDR] [--port 22]}: proves the administrator's SSH
 * connection survives the ruleset ({@link LockoutCheck}), or shows each packet and rule that would lock
 * them out.
 */
@Command(name = "lockout-check", mixinStandardHelpOptions = true,
        description = {"Prove that a NEW SSH connection from the admin address is accepted and its replies pass,",
                "or show the packet and rule that would lock the admin out."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the connection is safe (or, without --strict, accepted unless a rate limit fires)",
                "1:some packet of the connection is blocked (with --strict: or only conditionally accepted)",
                "2:usage error (no admin address: give --admin or run inside an SSH session)",
                "3:the ruleset has errors"})
public final class LockoutCheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    FamilyOption family;

    @Mixin
    FormatOption format;

    @Parameters(paramLabel = "FILE", description = "Ruleset file or command script ('-' for stdin).")
    String file;

    @Option(names = "--admin", paramLabel = "ADDR",
            description = "The admin's address. Default: the client address of $SSH_CONNECTION.")
    String admin;

    @Option(names = "--server", paramLabel = "ADDR",
            description = "The address the admin connects to. Default: the server address of $SSH_CONNECTION when "
                    + "--admin is not given, else any address of the host.")
    String server;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "22", description = "The SSH port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--strict", description = "Also fail when the connection is accepted only while rate limits "
            + "(recent, limit, hashlimit, unknown matches) do not fire.")
    boolean strict;

    @Option(names = "--in", paramLabel = "IF",
            description = "The interface the admin's connection arrives on. Default: every non-loopback interface.")
    String in;

    @Override
    public Integer call() throws JsonProcessingException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        IpAddress adminAddr;
        IpAddress serverAddr;
        try {
            String[] ssh = sshConnection();
            adminAddr = IpAddress.parse(admin != null ? admin : ssh == null ? null : ssh[0]);
            String srv = server != null ? server : admin == null && ssh != null ? ssh[2] : null;
            serverAddr = srv == null ? null : IpAddress.parse(srv);
        } catch (IllegalArgumentException | NullPointerException e) {
            err.println("rampart lockout-check: " + (admin == null && System.getenv("SSH_CONNECTION") == null
                    ? "no admin address: give --admin ADDR (SSH_CONNECTION is not set)"
                    : "bad address: " + e.getMessage()));
            err.flush();
            return ExitCode.USAGE;
        }
        if (port < 1 || port > 65535) {
            err.println("rampart lockout-check: --port must be 1..65535, got " + port);
            err.flush();
            return ExitCode.USAGE;
        }
        RulesetLoader.Loaded loaded = RulesetLoader.loadOrReport(file, family, err);
        if (loaded == null) {
            return ExitCode.INVALID_INPUT;
        }
        Ruleset ruleset = loaded.ruleset(adminAddr.family());
        if (ruleset == null) {
            err.println("rampart lockout-check: " + file + " holds no IPv" + adminAddr.family().number()
                    + " ruleset for the admin address " + adminAddr);
            err.flush();
            return ExitCode.USAGE;
        }
        LockoutQuery q = new LockoutQuery(adminAddr, serverAddr, port, in);
        List<Blocker> blockers = LockoutCheck.check(ruleset, q);
        if (format.format() == OutputFormat.JSON) {
            ObjectNode root = DiagnosticOutput.json().createObjectNode();
            root.put("admin", adminAddr.toString());
            root.put("port", port);
            root.put("safe", blockers.isEmpty());
            root.put("blocked", blocked(blockers));
            ArrayNode arr = root.putArray("blockers");
            for (Blocker b : blockers) {
                ObjectNode o = arr.addObject();
                o.put("step", b.step());
                o.set("packet", PacketWriter.json(b.packet()));
                o.set("decided_by", AnalysisJson.ref(b.rule()));
                o.put("target", b.target());
                o.put("conditional", b.conditional());
                o.put("approximate", !b.approximations().isEmpty());
                ArrayNode reasons = o.putArray("approximations");
                b.approximations().forEach(reasons::add);
            }
            out.println(DiagnosticOutput.json().writeValueAsString(root));
        } else if (blockers.isEmpty()) {
            out.printf("safe: a new connection from %s to port %d is accepted, and its packets and replies pass%n",
                    adminAddr, port);
        } else {
            out.printf(blocked(blockers) ? "LOCK-OUT: the connection from %s to port %d is blocked%n"
                    : "conditional: the connection from %s to port %d is accepted unless a rate limit fires%n",
                    adminAddr, port);
            for (Blocker b : blockers) {
                out.printf("  %s: %s%n", b.step(), PacketWriter.text(b.packet()));
                out.printf("    %s by %s%s%n", b.target(), AnalysisJson.words(b.rule()), ruleText(ruleset, b.rule()));
                if (!b.approximations().isEmpty()) {
                    out.println("    " + (b.conditional() ? "unless: " : "(not proved either way: ")
                            + String.join("; ", b.approximations()) + (b.conditional() ? "" : ")"));
                }
            }
        }
        out.flush();
        return blocked(blockers) || strict && !blockers.isEmpty() ? ExitCode.FINDINGS : ExitCode.OK;
    }

    private static boolean blocked(List<Blocker> blockers) {
        return blockers.stream().anyMatch(b -> !b.conditional());
    }

    /** {@code SSH_CONNECTION}'s four words (client, client port, server, server port), or null. */
    private static String[] sshConnection() {
        String v = System.getenv("SSH_CONNECTION");
        if (v == null) {
            return null;
        }
        String[] w = v.trim().split("\\s+");
        return w.length == 4 ? w : null;
    }

    /** {@code : -A INPUT ...} for a rule, empty for a policy. */
    public static String ruleText(Ruleset ruleset, CounterRef ref) {
        if (ref == null || ref.isPolicy()) {
            return "";
        }
        return ruleset.table(ref.table()).flatMap(t -> t.chain(ref.chain()))
                .filter(c -> ref.rule() <= c.rules().size())
                .map(c -> {
                    Rule r = c.rules().get(ref.rule() - 1);
                    return ": " + CanonicalWriter.ruleText(ref.chain(), r);
                }).orElse("");
    }
}
