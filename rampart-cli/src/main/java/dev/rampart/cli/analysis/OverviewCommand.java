package dev.rampart.cli.analysis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.analysis.decision.FirstMatchFlattener;
import dev.rampart.analysis.decision.Program;
import dev.rampart.analysis.decision.ProgramBuilder;
import dev.rampart.analysis.exposure.Service;
import dev.rampart.analysis.exposure.ServiceMatrix;
import dev.rampart.analysis.exposure.Services;
import dev.rampart.analysis.flat.FlatChain;
import dev.rampart.analysis.flat.Flattener;
import dev.rampart.analysis.space.PacketSpace;
import dev.rampart.analysis.space.TranslationCache;
import dev.rampart.analysis.spoofing.InterfacesFileParser;
import dev.rampart.analysis.spoofing.SpoofingCheck;
import dev.rampart.analysis.spoofing.SpoofingReport;
import dev.rampart.cli.DiagnosticOutput;
import dev.rampart.cli.ExitCode;
import dev.rampart.cli.FamilyOption;
import dev.rampart.cli.FormatOption;
import dev.rampart.cli.Inputs;
import dev.rampart.cli.OutputFormat;
import dev.rampart.cli.IpSetsOption;
import dev.rampart.cli.RulesetLoader;
import dev.rampart.model.Ruleset;
import dev.rampart.model.TableName;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rampart overview FILE}: what the verified analyser fffuu prints for one filter chain, from one
 * read of the ruleset — the chain as a simple firewall ({@code flatten}'s first-match form), its service
 * matrices ({@code exposure}) and, given an interfaces file, its anti-spoofing certification
 * ({@code spoofing}). Each part is printed exactly as its own command prints it.
 *
 * <p>Design: the parts are independent once the ruleset is parsed, so they run side by side (each
 * service matrix and the spoofing check as a task for two worker threads, the simple firewall on the
 * calling thread); the matrices share one unfolded program and the flattening shares its rule
 * translations.
 * Each part writes into its own buffer, printed in a fixed order, so the output does not depend on
 * which part finishes first.
 */
@Command(name = "overview", mixinStandardHelpOptions = true,
        description = {"One filter chain in one run: the simple firewall (as 'flatten' prints it), the service matrices"
                + " (as 'exposure' prints them) and, with --interfaces, the anti-spoofing check (as 'spoofing' prints it)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:printed (and, with --interfaces, every interface protected)",
                "1:with --interfaces: an interface accepts spoofed sources",
                "2:usage error, unreadable file, or no such chain", "3:input has errors"})
public final class OverviewCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    FamilyOption family;

    @Mixin
    IpSetsOption ipsets;

    @Mixin
    FormatOption format;

    @Parameters(paramLabel = "FILE", description = "Ruleset file or command script ('-' for stdin).")
    String file;

    @Option(names = "--chain", paramLabel = "CHAIN", defaultValue = "FORWARD",
            description = "Filter chain: FORWARD (default) or INPUT.")
    String chain;

    @Option(names = "--port", paramLabel = "P", split = ",",
            description = "Service(s) for the matrices: 22, tcp/22, udp/53, 8000-8100, icmp/8. Default: every port range "
                    + "an ACCEPT rule of the chain names.")
    List<String> ports = new ArrayList<>();

    @Option(names = "--interfaces", paramLabel = "FILE",
            description = "Which source addresses belong behind which interface (JSON; see docs/interfaces-format.md):"
                    + " adds the anti-spoofing check of the chain.")
    String interfacesFile;

    @Override
    public Integer call() throws JsonProcessingException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String name = chain.toUpperCase(Locale.ROOT);
        if (!SpoofingCheck.CHAINS.contains(name)) {
            return usage(err, "--chain takes INPUT or FORWARD, got '" + chain + "'");
        }
        InterfacesFileParser.Result assignment = null;
        if (interfacesFile != null) {
            Inputs.Source ifaces = Inputs.read(interfacesFile, System.in);
            assignment = InterfacesFileParser.parse(ifaces.text(), ifaces.name());
            if (assignment.assignment() == null) {
                DiagnosticOutput.text(err, assignment.diagnostics().all());
                err.flush();
                return ExitCode.INVALID_INPUT;
            }
        }
        RulesetLoader.Loaded loaded = ipsets.loadOrReport(file, family, err);
        if (loaded == null) {
            return ExitCode.INVALID_INPUT;
        }
        List<Ruleset> withChain = loaded.rulesets().stream()
                .filter(r -> r.table(TableName.FILTER).flatMap(t -> t.chain(name)).isPresent()).toList();
        if (withChain.isEmpty()) {
            return usage(err, file + " has no filter " + name + " chain");
        }
        List<List<Service>> services = new ArrayList<>();
        try {
            for (Ruleset r : withChain) {
                List<Service> list = new ArrayList<>();
                for (String p : ports) {
                    list.add(ExposureCommand.service(p, r.family().number()));
                }
                services.add(list);
            }
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        }
        boolean json = format.format() == OutputFormat.JSON;
        ExecutorService workers = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "rampart-overview");
            t.setDaemon(true);
            return t;
        });
        try {
            Parts parts = compute(loaded, withChain, name, services, assignment, json, workers);
            if (json) {
                printJson(out, parts, loaded);
            } else {
                printText(out, parts, loaded);
            }
            out.flush();
            return parts.spoofing() == null || parts.spoofing().allProtected() ? ExitCode.OK : ExitCode.FINDINGS;
        } catch (CompletionException e) {
            if (e.getCause() instanceof IllegalArgumentException iae) {
                return usage(err, iae.getMessage());
            }
            throw e;
        } finally {
            workers.shutdownNow();
        }
    }

    /** One part of the output, as text or as JSON (an array), built on the thread that computed it. */
    private record Part(String text, ArrayNode json) {
    }

    /** The computed parts: per ruleset the simple firewall, then every service matrix; the spoofing report or null. */
    private record Parts(List<Part> simpleFirewalls, List<Part> matrices, SpoofingReport spoofing) {
    }

    /**
     * Computes the parts: the spoofing check and each service matrix as tasks for {@code workers}, the
     * simple firewall of each ruleset on this thread; the matrices share one unfolded program per
     * ruleset and the flattening shares its rule translations.
     */
    private Parts compute(RulesetLoader.Loaded loaded, List<Ruleset> withChain, String chain,
                                 List<List<Service>> services, InterfacesFileParser.Result assignment, boolean json,
                                 ExecutorService workers) {
        CompletableFuture<SpoofingReport> spoofing = assignment == null ? null : CompletableFuture.supplyAsync(
                () -> SpoofingCheck.check(loaded.rulesets(), assignment.assignment(), List.of(chain),
                        SpoofingCheck.DEFAULT_STATES), workers);
        List<Part> flat = new ArrayList<>();
        List<CompletableFuture<Part>> matrices = new ArrayList<>();
        for (int i = 0; i < withChain.size(); i++) {
            Ruleset r = withChain.get(i);
            PacketSpace space = Flattener.spaceOf(r, ipsets.contents());
            TranslationCache translations = new TranslationCache(space);
            Program matrixProgram = ProgramBuilder.build(r, TableName.FILTER, chain, translations);
            Program flatProgram = ProgramBuilder.build(r.table(TableName.FILTER).orElseThrow(), chain, translations);
            List<Service> wanted = services.get(i).isEmpty() ? Services.named(matrixProgram) : services.get(i);
            for (Service s : wanted) {
                matrices.add(CompletableFuture.supplyAsync(() -> matrix(r, chain, s, matrixProgram, space, json),
                        workers));
            }
            flat.add(simpleFirewall(r, FirstMatchFlattener.flatten(flatProgram), withChain.size() > 1, json));
        }
        return new Parts(flat, matrices.stream().map(CompletableFuture::join).toList(),
                spoofing == null ? null : spoofing.join());
    }

    private static void printJson(PrintWriter out, Parts parts, RulesetLoader.Loaded loaded)
            throws JsonProcessingException {
        ObjectNode root = DiagnosticOutput.json().createObjectNode();
        ArrayNode simple = root.putArray("simple_firewall");
        parts.simpleFirewalls().forEach(p -> simple.addAll(p.json()));
        ArrayNode svc = root.putArray("services");
        parts.matrices().forEach(p -> svc.addAll(p.json()));
        if (parts.spoofing() == null) {
            root.putNull("spoofing");
        } else {
            root.set("spoofing", SpoofingCommand.json(parts.spoofing(), loaded));
        }
        out.println(DiagnosticOutput.json().writeValueAsString(root));
    }

    private static void printText(PrintWriter out, Parts parts, RulesetLoader.Loaded loaded) {
        out.println("## simple firewall");
        parts.simpleFirewalls().forEach(p -> out.print(p.text()));
        out.println("## service matrices");
        parts.matrices().forEach(p -> out.print(p.text()));
        if (parts.spoofing() != null) {
            out.println();
            out.println("## spoofing");
            SpoofingCommand.text(out, parts.spoofing(), loaded);
        }
    }

    private static Part simpleFirewall(Ruleset r, FlatChain flat, boolean many, boolean json) {
        if (json) {
            ArrayNode arr = DiagnosticOutput.json().createArrayNode();
            arr.add(FlattenCommand.json(r, flat));
            return new Part(null, arr);
        }
        return new Part(render(out -> FlattenCommand.text(out, r, flat, many)), null);
    }

    private static Part matrix(Ruleset r, String chain, Service service, Program program, PacketSpace space,
                               boolean json) {
        ServiceMatrix m = ServiceMatrix.of(program, chain, service, space);
        int familyNumber = r.family().number();
        if (json) {
            ArrayNode arr = DiagnosticOutput.json().createArrayNode();
            arr.add(ExposureCommand.json(m, familyNumber));
            return new Part(null, arr);
        }
        return new Part(render(out -> ExposureCommand.text(out, m, familyNumber)), null);
    }

    private static String render(java.util.function.Consumer<PrintWriter> printer) {
        StringWriter buffer = new StringWriter();
        PrintWriter out = new PrintWriter(buffer);
        printer.accept(out);
        out.flush();
        return buffer.toString();
    }

    private static int usage(PrintWriter err, String message) {
        err.println("rampart overview: " + message);
        err.flush();
        return ExitCode.USAGE;
    }
}
