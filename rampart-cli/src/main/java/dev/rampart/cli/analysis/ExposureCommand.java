package dev.rampart.cli.analysis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.analysis.decision.Program;
import dev.rampart.analysis.decision.ProgramBuilder;
import dev.rampart.analysis.exposure.Access;
import dev.rampart.analysis.exposure.PortState;
import dev.rampart.analysis.exposure.ScanPrediction;
import dev.rampart.analysis.exposure.Service;
import dev.rampart.analysis.exposure.ServiceMatrix;
import dev.rampart.analysis.exposure.Services;
import dev.rampart.analysis.exposure.SourceClass;
import dev.rampart.analysis.flat.Flattener;
import dev.rampart.analysis.space.PacketSpace;
import dev.rampart.cli.DiagnosticOutput;
import dev.rampart.cli.ExitCode;
import dev.rampart.cli.FamilyOption;
import dev.rampart.cli.FormatOption;
import dev.rampart.cli.OutputFormat;
import dev.rampart.cli.IpSetsOption;
import dev.rampart.cli.RulesetLoader;
import dev.rampart.model.Ruleset;
import dev.rampart.model.TableName;
import dev.rampart.model.net.IpAddress;
import dev.rampart.sim.packet.PacketWriter;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rampart exposure FILE}: the service matrix (which sources reach each service, {@link
 * ServiceMatrix}); with {@code --from ADDR}, what a port scan from that address would report ({@link
 * ScanPrediction}).
 */
@Command(name = "exposure", mixinStandardHelpOptions = true,
        description = {"Which sources can open a connection to each service, as classes of source addresses with the",
                "same access; with --from ADDR, what nmap -Pn -sS (and -sU with --udp) from ADDR would report per port."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:printed", "2:usage error or unreadable file", "3:the ruleset has errors"})
public final class ExposureCommand implements Callable<Integer> {
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

    @Option(names = "--port", paramLabel = "P", split = ",",
            description = "Service(s) for the matrix: 22, tcp/22, udp/53, 8000-8100, icmp/8. Default: every port range "
                    + "an ACCEPT rule of the chain names.")
    List<String> ports = new ArrayList<>();

    @Option(names = "--chain", paramLabel = "CHAIN", defaultValue = "INPUT",
            description = "Filter chain for the matrix: INPUT (default) or FORWARD.")
    String chain;

    @Option(names = "--from", paramLabel = "ADDR", description = "Predict a port scan from this address (INPUT/OUTPUT).")
    String from;

    @Option(names = "--ports", paramLabel = "LO-HI", defaultValue = "1-1024",
            description = "Ports the scan prediction covers (default: ${DEFAULT-VALUE}).")
    String scanPorts;

    @Option(names = "--udp", description = "Also predict a UDP scan (nmap -sU).")
    boolean udp;

    @Option(names = "--in", paramLabel = "IF", description = "Interface the scan arrives on. Default: every non-loopback one.")
    String in;

    @Override
    public Integer call() throws JsonProcessingException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RulesetLoader.Loaded loaded = ipsets.loadOrReport(file, family, err);
        if (loaded == null) {
            return ExitCode.INVALID_INPUT;
        }
        try {
            int code = from != null ? scan(loaded, out) : matrix(loaded, out);
            out.flush();
            return code;
        } catch (IllegalArgumentException e) {
            err.println("rampart exposure: " + e.getMessage());
            err.flush();
            return ExitCode.USAGE;
        }
    }

    private int scan(RulesetLoader.Loaded loaded, PrintWriter out) throws JsonProcessingException {
        IpAddress source = IpAddress.parse(from);
        Ruleset rs = loaded.ruleset(source.family());
        if (rs == null) {
            throw new IllegalArgumentException(file + " holds no IPv" + source.family().number() + " ruleset for " + from);
        }
        int[] range = range(scanPorts);
        PacketSpace space = Flattener.spaceOf(rs, ipsets.contents());
        List<PortState> states = new ArrayList<>(ScanPrediction.predict(rs, space, source, 6, range[0], range[1], in));
        if (udp) {
            states.addAll(ScanPrediction.predict(rs, space, source, 17, range[0], range[1], in));
        }
        if (format.format() == OutputFormat.JSON) {
            ObjectNode root = DiagnosticOutput.json().createObjectNode();
            root.put("from", source.toString());
            ArrayNode arr = root.putArray("ports");
            for (PortState s : states) {
                ObjectNode o = arr.addObject();
                o.put("proto", s.protocol() == 6 ? "tcp" : "udp");
                o.put("port", s.port());
                o.put("verdict", s.verdict());
                if (s.rejectWith() == null) {
                    o.putNull("reject_with");
                } else {
                    o.put("reject_with", s.rejectWith());
                }
                o.put("nmap", s.nmap());
                if (s.rule() != null) {
                    o.set("decided_by", AnalysisJson.ref(s.rule()));
                }
                if (s.note() != null) {
                    o.put("note", s.note());
                }
                o.put("approximate", !s.approximations().isEmpty());
            }
            out.println(DiagnosticOutput.json().writeValueAsString(root));
            return ExitCode.OK;
        }
        out.printf("scan from %s (%s):%n", source, in == null ? "any interface" : "in " + in);
        int i = 0;
        while (i < states.size()) {
            PortState s = states.get(i);
            int j = i;
            while (j + 1 < states.size() && same(states.get(j + 1), s) && states.get(j + 1).port() == states.get(j).port() + 1) {
                j++;
            }
            String portText = s.port() == states.get(j).port() ? Integer.toString(s.port()) : s.port() + "-" + states.get(j).port();
            out.printf("  %-13s %-15s %s%s%s%n", portText + "/" + (s.protocol() == 6 ? "tcp" : "udp"), s.nmap(),
                    s.verdict() + (s.rejectWith() == null ? "" : " " + s.rejectWith()),
                    s.rule() == null ? "" : " by " + AnalysisJson.words(s.rule()),
                    (s.note() == null ? "" : " (" + s.note() + ")") + (s.approximations().isEmpty() ? ""
                            : " [approximate: " + String.join("; ", s.approximations()) + "]"));
            i = j + 1;
        }
        return ExitCode.OK;
    }

    private static boolean same(PortState a, PortState b) {
        return a.protocol() == b.protocol() && a.nmap().equals(b.nmap()) && a.verdict().equals(b.verdict())
                && java.util.Objects.equals(a.rule(), b.rule()) && java.util.Objects.equals(a.note(), b.note())
                && a.approximations().equals(b.approximations());
    }

    private int matrix(RulesetLoader.Loaded loaded, PrintWriter out) throws JsonProcessingException {
        if (!chain.equals("INPUT") && !chain.equals("FORWARD") && !chain.equals("OUTPUT")) {
            throw new IllegalArgumentException("--chain must be INPUT, FORWARD or OUTPUT, got " + chain);
        }
        ArrayNode json = DiagnosticOutput.json().createArrayNode();
        for (Ruleset rs : loaded.rulesets()) {
            if (rs.table(TableName.FILTER).flatMap(t -> t.chain(chain)).isEmpty()) {
                continue;
            }
            PacketSpace space = Flattener.spaceOf(rs, ipsets.contents());
            List<Service> services = new ArrayList<>();
            for (String p : ports) {
                services.add(service(p, rs.family().number()));
            }
            Program program = ProgramBuilder.build(rs, TableName.FILTER, chain, space);
            if (services.isEmpty()) {
                services = Services.named(program);
            }
            for (Service s : services) {
                ServiceMatrix m = ServiceMatrix.of(program, chain, s, space);
                if (format.format() == OutputFormat.JSON) {
                    json.add(json(m, rs.family().number()));
                } else {
                    text(out, m, rs.family().number());
                }
            }
        }
        if (format.format() == OutputFormat.JSON) {
            out.println(DiagnosticOutput.json().writeValueAsString(json));
        }
        return ExitCode.OK;
    }

    static void text(PrintWriter out, ServiceMatrix m, int family) {
        out.printf("%s (IPv%d, filter %s, new connections)%s:%n", m.service(), family, m.chain(),
                m.complete() ? "" : " [incomplete: too many classes]");
        for (SourceClass c : m.classes()) {
            out.printf("  from %s%n", c.sources());
            for (Access a : c.access()) {
                out.printf("    to %s: %s (%s)%s%n", a.destinations(), a.fate(), AnalysisJson.words(a.rule()),
                        a.approximations().isEmpty() ? "" : " [approximate: " + String.join("; ", a.approximations()) + "]");
            }
        }
    }

    static ObjectNode json(ServiceMatrix m, int family) {
        ObjectNode o = DiagnosticOutput.json().createObjectNode();
        o.put("service", m.service().toString());
        o.put("family", family);
        o.put("chain", m.chain());
        o.put("complete", m.complete());
        ArrayNode classes = o.putArray("classes");
        for (SourceClass c : m.classes()) {
            ObjectNode j = classes.addObject();
            j.put("sources", c.sources());
            j.put("size", c.size());
            ArrayNode access = j.putArray("access");
            for (Access a : c.access()) {
                ObjectNode x = access.addObject();
                x.put("fate", a.fate());
                x.put("destinations", a.destinations());
                x.set("decided_by", AnalysisJson.ref(a.rule()));
                x.set("witness", PacketWriter.json(a.witness()));
                x.put("approximate", !a.approximations().isEmpty());
            }
        }
        return o;
    }

    /** {@code 22}, {@code tcp/22}, {@code udp/53}, {@code 8000-8100}, {@code icmp/8}. */
    static Service service(String text, int family) {
        String t = text.toLowerCase(Locale.ROOT);
        int proto = 6;
        int slash = t.indexOf('/');
        if (slash >= 0) {
            proto = switch (t.substring(0, slash)) {
                case "tcp" -> 6;
                case "udp" -> 17;
                case "sctp" -> 132;
                case "icmp" -> family == 6 ? 58 : 1;
                case "icmpv6", "icmp6" -> 58;
                default -> throw new IllegalArgumentException("unknown protocol in --port " + text + " (tcp, udp, sctp, icmp)");
            };
            t = t.substring(slash + 1);
        }
        int[] r = range(t);
        return new Service(proto, r[0], r[1]);
    }

    private static int[] range(String text) {
        try {
            int dash = text.indexOf('-');
            int lo = Integer.parseInt(dash < 0 ? text : text.substring(0, dash));
            int hi = dash < 0 ? lo : Integer.parseInt(text.substring(dash + 1));
            if (lo < 0 || hi > 65535 || lo > hi) {
                throw new IllegalArgumentException("port range " + text + " is not within 0-65535");
            }
            return new int[] {lo, hi};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port or range '" + text + "'");
        }
    }
}
