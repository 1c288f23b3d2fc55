package dev.rampart.cli.sim;

import dev.rampart.cli.DiagnosticOutput;
import dev.rampart.cli.ExitCode;
import dev.rampart.cli.FamilyOption;
import dev.rampart.cli.FormatOption;
import dev.rampart.cli.Inputs;
import dev.rampart.cli.IpSetsOption;
import dev.rampart.cli.OutputFormat;
import dev.rampart.cli.RulesetLoader;
import dev.rampart.cli.UsageException;
import dev.rampart.model.Family;
import dev.rampart.model.Ruleset;
import dev.rampart.model.ipset.IpSets;
import dev.rampart.sim.engine.CompiledRuleset;
import dev.rampart.sim.engine.HostModel;
import dev.rampart.sim.engine.Simulator;
import dev.rampart.sim.engine.TraceResult;
import dev.rampart.sim.host.HostFile;
import dev.rampart.sim.packet.Packet;
import dev.rampart.sim.packet.PacketJson;
import dev.rampart.sim.packet.PacketSyntaxException;
import dev.rampart.sim.packet.PacketText;
import dev.rampart.sim.trace.TraceJson;
import dev.rampart.sim.trace.TraceText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rampart trace}: what happens to packets under a ruleset, rule by rule, with conntrack, NAT and
 * stateful matches carried from one packet to the next. Bad packet lines are reported and skipped.
 */
@Command(name = "trace", mixinStandardHelpOptions = true,
        description = {"Simulate packets through a ruleset and show which rules they hit and the verdict.",
                "Packets are processed in order in one run: conntrack, NAT and stateful matches",
                "(limit, recent, ...) carry over from one packet to the next.",
                "Packet text: 'PROTO SRC[:PORT] > DST[:PORT] [in IF] [out IF] [syn|ack|...] [type NAME] ...'",
                "(see docs/trace-format.md)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every packet simulated", "2:usage error or unreadable file",
                "3:the ruleset, host file or a packet line has errors (other packets are still simulated)"})
public final class TraceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--rules", required = true, paramLabel = "FILE",
            description = "Ruleset: iptables-save/restore file or command script ('-' for stdin).")
    String rules;

    @Mixin
    IpSetsOption ipsets;

    @Option(names = "--host", paramLabel = "FILE",
            description = "Host description (JSON: interfaces, addresses, routes; or 'ip -j addr' output).")
    String host;

    @ArgGroup(exclusive = true, multiplicity = "1")
    PacketSource packets;

    /** Where packets come from: the command line or a file. */
    static final class PacketSource {
        @Option(names = "--packet", paramLabel = "PACKET",
                description = "A packet in text form; repeat for a sequence, e.g. --packet 'tcp 203.0.113.5:40000 > "
                        + "198.51.100.10:22 in eth0 syn'.")
        List<String> inline;

        @Option(names = "--packets", paramLabel = "FILE",
                description = "Packets, one per line: JSON objects (docs/trace-format.md) or text form; '-' for stdin.")
        String file;
    }

    @Mixin
    FormatOption format;

    @Mixin
    FamilyOption family;

    @Option(names = "--seed", paramLabel = "N", description = "Seed for 'statistic --mode random' (default 0).")
    long seed;

    @Option(names = "--linear", description = "Evaluate every rule in order instead of using chain indexes "
            + "(the reference evaluator; same results, slower).")
    boolean linear;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RulesetLoader.Loaded loaded = RulesetLoader.load(Inputs.read(rules, System.in), family, ipsets.names());
        if (loaded.hasErrors()) {
            DiagnosticOutput.text(err, loaded.diagnostics());
            err.flush();
            return ExitCode.INVALID_INPUT;
        }
        if (loaded.rulesets().isEmpty()) {
            throw new UsageException("'" + rules + "' holds no iptables rules");
        }
        HostModel hostModel = HostModel.NONE;
        if (host != null) {
            try {
                hostModel = HostFile.parse(Inputs.read(host, System.in).text());
            } catch (IllegalArgumentException e) {
                err.println(host + ": error: " + e.getMessage());
                err.flush();
                return ExitCode.INVALID_INPUT;
            }
        }
        IpSets sets = ipsets.sets();
        if (sets == null) {
            sets = loaded.ipsets();
        }
        Map<Family, Simulator> runs = new EnumMap<>(Family.class);
        for (Ruleset r : loaded.rulesets()) {
            CompiledRuleset compiled = CompiledRuleset.compile(r,
                    linear ? CompiledRuleset.Indexing.LINEAR : CompiledRuleset.Indexing.INDEXED);
            runs.put(r.family(), Simulator.builder(compiled).ipsets(sets).host(hostModel).seed(seed).build());
        }
        boolean json = format.format() == OutputFormat.JSON;
        String source = packets.file != null ? (packets.file.equals("-") ? "<stdin>" : packets.file) : "--packet";
        PacketLoop loop = new PacketLoop(runs, json, source, packets.file == null, out, err);
        if (packets.file == null) {
            for (String line : packets.inline) {
                loop.line(line);
            }
            loop.flush();
            return loop.code;
        }
        // line by line, so results stream while packets arrive on a pipe; the output is flushed whenever
        // no more input is ready, not after every packet, so a file is written in large blocks
        try (BufferedReader in = Inputs.open(packets.file, System.in)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                loop.line(line);
                if (!in.ready()) {
                    loop.flush();
                }
            }
        } catch (IOException e) {
            loop.flush();
            throw new UsageException("cannot read '" + source + "': " + e.getMessage());
        }
        loop.flush();
        return loop.code;
    }

    /** Answers packet lines one by one: a result, or a diagnostic (and, in JSON, an error object). */
    private final class PacketLoop {
        private final Map<Family, Simulator> runs;
        private final String source;
        private final boolean inline;
        private final PrintWriter out;
        private final PrintWriter err;
        /** The JSON lines writer over {@link #out}, null for text output. */
        private final TraceJson.Lines jsonLines;
        int code = ExitCode.OK;
        private int lineNo;

        PacketLoop(Map<Family, Simulator> runs, boolean json, String source, boolean inline, PrintWriter out,
                   PrintWriter err) {
            this.runs = runs;
            this.source = source;
            this.inline = inline;
            this.out = out;
            this.err = err;
            this.jsonLines = json ? new TraceJson.Lines(out) : null;
        }

        /** Passes the results so far on to standard output. */
        void flush() {
            if (jsonLines != null) {
                jsonLines.flush();
            }
            out.flush();
        }

        void line(String line) {
            lineNo++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                return;
            }
            boolean isJson = trimmed.startsWith("{");
            try {
                Packet p = isJson ? PacketJson.parse(trimmed) : PacketText.parse(trimmed);
                Simulator sim = runs.get(p.family());
                if (sim == null) {
                    throw new PacketSyntaxException("an IPv" + p.family().number() + " packet, but '" + rules
                            + "' has no IPv" + p.family().number() + " rules", 0, null);
                }
                TraceResult r;
                try {
                    r = sim.process(inline && p.id() == null ? p.withId("p" + lineNo) : p);
                } catch (IllegalArgumentException e) {
                    throw new PacketSyntaxException(e.getMessage(), 0, null);
                }
                if (jsonLines != null) {
                    jsonLines.result(r);
                } else {
                    out.print(TraceText.render(r));
                }
            } catch (PacketSyntaxException e) {
                code = ExitCode.INVALID_INPUT;
                String where = source + ":" + lineNo + (e.column() > 0 ? ":" + e.column() : "");
                String what = e.field() != null ? "'" + e.field() + "': " : "";
                // results before this line go out first, so the two streams read in order
                flush();
                err.println(where + ": error: " + what + e.getMessage());
                err.println("  " + line);
                if (e.column() > 0) {
                    err.println("  " + " ".repeat(Math.max(0, line.indexOf(trimmed) + e.column() - 1)) + "^");
                }
                err.flush();
                if (jsonLines != null) {
                    jsonLines.error(isJson ? PacketJson.idOf(trimmed) : null, lineNo, what + e.getMessage());
                }
            }
        }
    }
}
