package dev.rampart.cli.analysis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.analysis.spoofing.InterfaceResult;
import dev.rampart.analysis.spoofing.InterfacesFileParser;
import dev.rampart.analysis.spoofing.Leak;
import dev.rampart.analysis.spoofing.SpoofingCheck;
import dev.rampart.analysis.spoofing.SpoofingReport;
import dev.rampart.cli.DiagnosticOutput;
import dev.rampart.cli.ExitCode;
import dev.rampart.cli.FamilyOption;
import dev.rampart.cli.FormatOption;
import dev.rampart.cli.Inputs;
import dev.rampart.cli.OutputFormat;
import dev.rampart.cli.RulesetLoader;
import dev.rampart.model.Ruleset;
import dev.rampart.model.match.CtState;
import dev.rampart.sim.packet.PacketWriter;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rampart spoofing FILE --interfaces FILE}: for each interface of the interfaces file, whether
 * the ruleset accepts packets arriving on it with a source it does not own ({@link SpoofingCheck}),
 * with the accepting rules, the spoofed source ranges and a witness packet each.
 */
@Command(name = "spoofing", mixinStandardHelpOptions = true,
        description = {"Check spoofing protection: for each interface, the packets arriving on it",
                "with a source it does not own (per the interfaces file) that INPUT or",
                "FORWARD accepts, with the accepting rule and a witness packet."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every interface is protected", "1:some interface accepts (or may accept) spoofed sources",
                "2:usage error or unreadable file", "3:the ruleset or the interfaces file has errors"})
public final class SpoofingCommand implements Callable<Integer> {
    /** Most CIDR blocks printed per list in text output (JSON lists all). */
    static final int TEXT_BLOCKS = 8;
    /** Most leaks printed per interface, and approximations per leak, in text output (JSON lists all). */
    static final int TEXT_LEAKS = 10;
    private static final List<CtState> STATES = List.of(CtState.INVALID, CtState.NEW, CtState.RELATED,
            CtState.ESTABLISHED, CtState.UNTRACKED);

    @Spec
    CommandSpec spec;

    @Mixin
    FamilyOption family;

    @Mixin
    FormatOption format;

    @Parameters(paramLabel = "FILE", description = "Ruleset file or command script ('-' for stdin).")
    String file;

    @Option(names = "--interfaces", paramLabel = "FILE", required = true,
            description = "Which source addresses belong behind which interface (JSON; see docs/interfaces-format.md).")
    String interfacesFile;

    @Option(names = "--chain", paramLabel = "CHAIN", split = ",",
            description = "The filter chains to check: INPUT, FORWARD (default: both).")
    List<String> chains;

    @Option(names = "--state", paramLabel = "STATES", defaultValue = "NEW",
            description = "Conntrack states of the spoofed packets, comma-separated, or 'all' (default: ${DEFAULT-VALUE}).")
    String state;

    @Override
    public Integer call() throws JsonProcessingException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> checked = new ArrayList<>();
        for (String c : chains == null ? SpoofingCheck.CHAINS : chains) {
            String name = c.toUpperCase(Locale.ROOT);
            if (!SpoofingCheck.CHAINS.contains(name)) {
                return usage(err, "--chain takes INPUT or FORWARD, got '" + c + "'");
            }
            if (!checked.contains(name)) {
                checked.add(name);
            }
        }
        Set<CtState> states = states(state);
        if (states == null) {
            return usage(err, "--state takes 'all' or a comma-separated list of INVALID, NEW, RELATED, ESTABLISHED, "
                    + "UNTRACKED, got '" + state + "'");
        }
        Inputs.Source ifaces = Inputs.read(interfacesFile, System.in);
        InterfacesFileParser.Result assignment = InterfacesFileParser.parse(ifaces.text(), ifaces.name());
        RulesetLoader.Loaded loaded = RulesetLoader.load(Inputs.read(file, System.in), family);
        if (loaded.hasErrors() || assignment.assignment() == null) {
            DiagnosticOutput.text(err, loaded.diagnostics());
            DiagnosticOutput.text(err, assignment.diagnostics().all());
            err.flush();
            return ExitCode.INVALID_INPUT;
        }
        if (loaded.rulesets().isEmpty()) {
            return usage(err, file + " holds no ruleset");
        }
        SpoofingReport report = SpoofingCheck.check(loaded.rulesets(), assignment.assignment(), checked, states);
        if (format.format() == OutputFormat.JSON) {
            out.println(DiagnosticOutput.json().writeValueAsString(json(report, loaded)));
        } else {
            text(out, report, loaded);
        }
        out.flush();
        return report.allProtected() ? ExitCode.OK : ExitCode.FINDINGS;
    }

    private static int usage(PrintWriter err, String message) {
        err.println("rampart spoofing: " + message);
        err.flush();
        return ExitCode.USAGE;
    }

    /** The states named in {@code text} ({@code all}: every real state), or null when a name is unknown. */
    static Set<CtState> states(String text) {
        if (text.equalsIgnoreCase("all")) {
            return EnumSet.copyOf(STATES);
        }
        Set<CtState> out = EnumSet.noneOf(CtState.class);
        for (String item : text.split(",", -1)) {
            CtState found = STATES.stream().filter(s -> s.name().equalsIgnoreCase(item.trim())).findFirst().orElse(null);
            if (found == null) {
                return null;
            }
            out.add(found);
        }
        return out;
    }

    static void text(PrintWriter out, SpoofingReport report, RulesetLoader.Loaded loaded) {
        int leaking = 0;
        for (InterfaceResult r : report.results()) {
            String where = r.iface() + " (IPv" + r.family().number() + " " + r.chain() + ")";
            if (r.isProtected()) {
                out.printf("%s: protected%n", where);
                continue;
            }
            leaking++;
            out.printf("%s: %s%n", where, r.certainlyLeaks() ? "NOT protected" : "not proved (depends on approximated rules)");
            out.println("  owns: " + (r.allowed().isEmpty() ? "no address" : compact(r.allowed(), r.notOwned())));
            out.println("  spoofed sources accepted" + (r.sourcesComplete() ? "" : " (at least)") + ": "
                    + (r.everySpoofedSourceAccepted()
                    ? "every source it does not own (" + compact(r.notOwned(), r.allowed()) + ")"
                    : blocks(r.spoofedAccepted())));
            for (Leak l : r.leaks().subList(0, Math.min(TEXT_LEAKS, r.leaks().size()))) {
                out.printf("  %s %s%s%n", l.certain() ? "accepted by" : "may be accepted by", AnalysisJson.words(l.rule()),
                        LockoutCheckCommand.ruleText(ruleset(loaded, r), l.rule()));
                if (l.path().size() > 1) {
                    out.println("    reached through: " + String.join(" -> ",
                            l.path().subList(0, l.path().size() - 1).stream().map(AnalysisJson::words).toList()));
                }
                if (r.leaks().size() > 1) {
                    out.println("    sources: " + (l.sources().equals(r.notOwned()) ? "every source it does not own"
                            : blocks(l.sources())) + (l.complete() ? "" : ", ... (more)"));
                }
                out.println("    witness: " + PacketWriter.text(l.witness()));
                if (!l.approximations().isEmpty()) {
                    List<String> a = l.approximations();
                    out.println("    approximate: " + String.join("; ", a.subList(0, Math.min(TEXT_LEAKS, a.size())))
                            + (a.size() > TEXT_LEAKS ? "; ... and " + (a.size() - TEXT_LEAKS) + " more" : ""));
                }
            }
            if (r.leaks().size() > TEXT_LEAKS) {
                out.printf("  ... and %d more accepting rules (--format json lists all)%n", r.leaks().size() - TEXT_LEAKS);
            }
        }
        for (String n : report.notes()) {
            out.println("note: " + n);
        }
        out.printf("%d of %d interface check%s %s%n", leaking, report.results().size(),
                report.results().size() == 1 ? "" : "s", leaking == 1 ? "leaks" : "leak");
    }

    /**
     * A set of addresses given as {@code cidrs}, whose complement is {@code complement}: the blocks, or
     * "all but" the complement's blocks when those are fewer.
     */
    static String compact(List<String> cidrs, List<String> complement) {
        if (complement.isEmpty()) {
            return "every address";
        }
        return cidrs.size() <= complement.size() ? blocks(cidrs) : "all but " + blocks(complement);
    }

    /** Up to {@link #TEXT_BLOCKS} blocks, comma-separated, with the count of the rest. */
    static String blocks(List<String> cidrs) {
        if (cidrs.size() <= TEXT_BLOCKS) {
            return String.join(", ", cidrs);
        }
        return String.join(", ", cidrs.subList(0, TEXT_BLOCKS)) + ", ... and " + (cidrs.size() - TEXT_BLOCKS)
                + " more blocks (--format json lists all)";
    }

    private static Ruleset ruleset(RulesetLoader.Loaded loaded, InterfaceResult r) {
        return loaded.ruleset(r.family());
    }

    static ObjectNode json(SpoofingReport report, RulesetLoader.Loaded loaded) {
        ObjectNode root = DiagnosticOutput.json().createObjectNode();
        root.put("protected", report.allProtected());
        ArrayNode arr = root.putArray("interfaces");
        for (InterfaceResult r : report.results()) {
            ObjectNode o = arr.addObject();
            o.put("interface", r.iface());
            o.put("family", r.family().number());
            o.put("chain", r.chain());
            o.put("protected", r.isProtected());
            o.put("certain", r.isProtected() || r.certainlyLeaks());
            strings(o.putArray("owns"), r.allowed());
            strings(o.putArray("spoofed_accepted"), r.spoofedAccepted());
            o.put("spoofed_accepted_complete", r.sourcesComplete());
            ArrayNode leaks = o.putArray("leaks");
            for (Leak l : r.leaks()) {
                ObjectNode lo = leaks.addObject();
                lo.set("decided_by", AnalysisJson.ref(l.rule()));
                ArrayNode path = lo.putArray("path");
                l.path().forEach(ref -> path.add(AnalysisJson.ref(ref)));
                String text = LockoutCheckCommand.ruleText(ruleset(loaded, r), l.rule());
                if (!text.isEmpty()) {
                    lo.put("rule_text", text.substring(2));
                }
                strings(lo.putArray("sources"), l.sources());
                lo.put("sources_complete", l.complete());
                lo.set("witness", PacketWriter.json(l.witness()));
                lo.put("certain", l.certain());
                lo.put("approximate", !l.approximations().isEmpty());
                strings(lo.putArray("approximations"), l.approximations());
            }
        }
        strings(root.putArray("notes"), report.notes());
        return root;
    }

    private static void strings(ArrayNode arr, List<String> values) {
        values.forEach(arr::add);
    }
}
