package dev.rampart.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rampart.model.Chain;
import dev.rampart.model.Family;
import dev.rampart.model.Rule;
import dev.rampart.model.Ruleset;
import dev.rampart.model.SourcePos;
import dev.rampart.model.Table;
import dev.rampart.model.diag.Diagnostic;
import dev.rampart.model.diag.DiagnosticPrinter;
import dev.rampart.model.parse.RestoreParser;
import dev.rampart.model.write.CanonicalWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The canonical-form contract checked against the kernel, for every real ruleset in the shared corpus
 * (one parameterised test case per file, named by its path under the shared folder):
 * <ol>
 *   <li>Rampart parses the file with {@link RestoreParser} without errors and prints it with
 *       {@link CanonicalWriter};</li>
 *   <li>parsing that printed text gives the same model (positions and rule counters aside, since the
 *       text was printed without rule counters) and prints the same text again;</li>
 *   <li>in a fresh network namespace, with every ipset the rules name created first, the real
 *       {@code iptables-restore -c} (or {@code ip6tables-restore -c}) loads the printed text, and the
 *       real {@code iptables-save}, less its {@code #} comment lines, gives back exactly that text,
 *       byte for byte. {@code -c} makes the kernel take the policy counters Rampart printed on the
 *       chain lines; rule counters are not printed, so they start at zero and {@code iptables-save}
 *       without {@code -c} does not show them.</li>
 * </ol>
 * Files the real iptables rejects for a reason outside Rampart are listed in {@link #KNOWN_REJECTIONS}
 * with that reason; for them step 3 asserts that the kernel still rejects them with the expected
 * message (so the list cannot go stale) instead of comparing the read-back text.
 *
 * <p>Every outcome is also written to {@code target/roundtrip-report.md}, grouped by cause.
 * Needs root; see {@link RootRequirement}.
 */
class RoundTripIT {

    /**
     * A corpus file that is invalid for a genuine reason outside Rampart (anonymised values, options
     * newer iptables refuses). Its check passes when the file is rejected: by Rampart's parser, as long
     * as every error is on a line containing one of {@code badText} (Rampart agreeing that the file is
     * invalid, for that reason, is correct), or else by the real {@code iptables-restore} with
     * {@code iptablesStderr} in its message. It fails when neither rejects it any more, so the list
     * cannot go stale, and when Rampart rejects other lines, so the entry cannot hide a regression.
     *
     * @param reason         why the file is invalid
     * @param badText        the invalid text, as it appears on each offending line
     * @param iptablesStderr a fragment of iptables-restore's message, or null when iptables 1.8.9
     *                       accepts the file and only Rampart (following the 1.8.13 vectors) rejects it
     */
    record KnownRejection(String reason, List<String> badText, String iptablesStderr) {
        KnownRejection(String reason, String badText, String iptablesStderr) {
            this(reason, List.of(badText), iptablesStderr);
        }

        KnownRejection {
            badText = List.copyOf(badText);
        }
    }

    private static final String MAC = "--mac-source XX:XX:XX:XX:XX:XX";
    private static final String ANONYMISED_MAC = "the published dump anonymised MAC addresses as"
            + " 'XX:XX:XX:XX:XX:XX' (-m mac --mac-source), which no iptables accepts";
    private static final String REVERSED_UDP_RANGE = "'-p udp -m udp --dport 60000:29': a port range whose start"
            + " is greater than its end; iptables 1.8.9 still accepts it for udp (not for tcp), iptables 1.8.13"
            + " rejects it (vector libxt_udp.t '--dport 4:3' FAIL) and Rampart follows 1.8.13";

    private static final KnownRejection ANONYMISED_MAC_REJECTION =
            new KnownRejection(ANONYMISED_MAC, MAC, "Invalid MAC address specified");

    private static final KnownRejection REVERSED_RANGE_AND_MAC_REJECTION = new KnownRejection(REVERSED_UDP_RANGE
            + "; the file also has " + ANONYMISED_MAC, List.of("--dport 60000:29", MAC), "Invalid MAC address specified");

    /** Corpus files that are invalid for a reason outside Rampart: one entry per file, with the reason. */
    static final Map<String, KnownRejection> KNOWN_REJECTIONS = Map.ofEntries(
            // anonymised source addresses ('-s <private_ip>/32'), not an address at all
            Map.entry("rulesets/real/config_private_root__iptables-save", new KnownRejection(
                    "the published dump replaced addresses with the placeholder '<private_ip>'", "<private_ip>",
                    "host/network `<private_ip>' not found")),
            // anonymised MAC addresses
            Map.entry(chair("ip6tables-save-2016-03-16_13-53-28"), ANONYMISED_MAC_REJECTION),
            Map.entry(chair("ip6tables-save-2016-06-27_16-29-01"), ANONYMISED_MAC_REJECTION),
            Map.entry(chair("iptables-save-2015-05-15_14-14-46"), ANONYMISED_MAC_REJECTION),
            Map.entry(chair("iptables-save-2015-05-15_14-35-03"), ANONYMISED_MAC_REJECTION),
            Map.entry(chair("iptables-save-2015-05-15_15-11-14"), ANONYMISED_MAC_REJECTION),
            Map.entry(chair("iptables-save-2015-05-15_15-23-41"), ANONYMISED_MAC_REJECTION),
            Map.entry(chair("iptables-save-2015-09-03_15-56-50"), ANONYMISED_MAC_REJECTION),
            Map.entry(chair("iptables-save-2016-03-16_13-53-28"), ANONYMISED_MAC_REJECTION),
            Map.entry(chair("iptables-save-2016-06-27_16-29-01"), ANONYMISED_MAC_REJECTION),
            Map.entry(chair("iptables_20.10.2013"), ANONYMISED_MAC_REJECTION),
            // reversed udp port range (which iptables 1.8.9 accepts) and anonymised MACs
            Map.entry(chair("iptables-save-2015-05-13_10-53-20"), REVERSED_RANGE_AND_MAC_REJECTION),
            Map.entry(chair("iptables_25.07.2014"), REVERSED_RANGE_AND_MAC_REJECTION)
    );

    private static String chair(String suffix) {
        return "rulesets/real/configs_chair_for_Network_Architectures_and_Services__" + suffix;
    }

    private static final Pattern FAILED_LINE = Pattern.compile("line:? (\\d+)");
    private static final Map<String, String> OUTCOMES = new ConcurrentSkipListMap<>();

    @BeforeAll
    static void requireRoot() {
        RootRequirement.requireRoot();
    }

    static Stream<RulesetCorpus.Entry> corpus() {
        RulesetCorpus c = RulesetCorpus.load();
        System.out.println("RoundTripIT: " + c.entries().size() + " rulesets; not rulesets: " + c.others());
        return c.entries().stream();
    }

    @Test
    void corpusIsCompleteAndAllowListIsCurrent() {
        RulesetCorpus c = RulesetCorpus.load();
        assertThat(c.entries()).as("ruleset files found in the shared corpus").hasSizeGreaterThan(50);
        for (String key : KNOWN_REJECTIONS.keySet()) {
            assertThat(c.entries()).as("allow-listed file " + key + " exists in the corpus")
                    .anyMatch(e -> e.name().equals(key));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void rulesetRoundTripsThroughTheKernel(RulesetCorpus.Entry entry) {
        check(entry);
    }

    @AfterAll
    static void writeReport() throws IOException {
        if (OUTCOMES.isEmpty()) {
            return;
        }
        Map<String, List<String>> byCause = new TreeMap<>();
        OUTCOMES.forEach((file, outcome) -> byCause.computeIfAbsent(outcome.lines().findFirst().orElse(""),
                k -> new ArrayList<>()).add(file));
        StringBuilder sb = new StringBuilder("# Round trip through the kernel\n\n");
        long exact = OUTCOMES.values().stream().filter(o -> o.startsWith("ok\n")).count();
        long known = OUTCOMES.values().stream().filter(o -> o.startsWith("ok (known rejection")).count();
        exact += known;
        sb.append(OUTCOMES.size()).append(" rulesets: ").append(exact).append(" round-trip exactly (").append(known)
                .append(" of them after repairing anonymised values, see KNOWN_REJECTIONS), ").append(OUTCOMES.size() - exact)
                .append(" fail.\n\n");
        sb.append("## Outcomes grouped by cause\n\n");
        byCause.forEach((cause, files) -> {
            sb.append("### ").append(cause).append(" (").append(files.size()).append(")\n\n");
            files.forEach(f -> sb.append("- ").append(f).append('\n'));
            sb.append('\n');
        });
        sb.append("## Details\n\n");
        OUTCOMES.forEach((file, outcome) -> sb.append("### ").append(file).append("\n\n```\n").append(outcome.strip())
                .append("\n```\n\n"));
        Path out = Path.of("target", "roundtrip-report.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, sb.toString(), StandardCharsets.UTF_8);
    }

    private static void check(RulesetCorpus.Entry e) {
        try {
            checkOrThrow(e);
        } catch (AssertionError | RuntimeException ex) {
            OUTCOMES.putIfAbsent(e.name(), "other failure: " + ex.getClass().getSimpleName() + "\n" + ex.getMessage());
            throw ex;
        }
    }

    /**
     * Replacements that make an allow-listed file valid (a real-looking MAC, a documentation address, the
     * port range written the right way round), so that all its other rules are round-tripped as well.
     */
    static final Map<String, String> REPAIRS = Map.of(
            "XX:XX:XX:XX:XX:XX", "02:00:00:00:00:01",
            "<private_ip>", "192.0.2.1",
            "--dport 60000:29", "--dport 29:60000");

    private static void checkOrThrow(RulesetCorpus.Entry e) {
        KnownRejection known = KNOWN_REJECTIONS.get(e.name());
        roundTrip(e, known);
        if (known != null) {
            // the rejection is confirmed; now every other rule of the file must round-trip too
            String repaired = e.text();
            for (Map.Entry<String, String> r : REPAIRS.entrySet()) {
                repaired = repaired.replace(r.getKey(), r.getValue());
            }
            roundTrip(new RulesetCorpus.Entry(e.name(), e.path(), repaired, e.family()), null);
            record(e, "ok (known rejection confirmed: " + known.reason() + "; with the anonymised values repaired,"
                    + " the whole file round-trips)", "");
        }
    }

    private static void roundTrip(RulesetCorpus.Entry e, KnownRejection known) {
        Family family = e.family();
        // 1. parse and print
        RestoreParser.Result first = new RestoreParser(family).parse(e.text(), e.name());
        List<Diagnostic> errors = first.diagnostics().all().stream().filter(Diagnostic::isError).toList();
        if (!errors.isEmpty() && known != null) {
            List<Diagnostic> unexpected = errors.stream().filter(d -> d.sourceLine() == null
                    || known.badText().stream().noneMatch(d.sourceLine()::contains)).toList();
            if (!unexpected.isEmpty()) {
                String shown = unexpected.stream().limit(10).map(DiagnosticPrinter::render).collect(Collectors.joining());
                record(e, "Rampart reports parse errors beyond the known rejection", shown);
                fail(e.name() + ": listed in KNOWN_REJECTIONS (" + known.reason() + "), but Rampart also rejects"
                        + " lines without " + known.badText() + ":\n" + shown);
            }
            record(e, "ok (known rejection, by Rampart: " + known.reason() + ")",
                    errors.stream().limit(3).map(DiagnosticPrinter::render).collect(Collectors.joining()));
            return;
        }
        if (!errors.isEmpty()) {
            String causes = errors.stream().map(d -> d.code().id() + " " + d.message())
                    .map(RoundTripIT::generalise).distinct().sorted().collect(Collectors.joining("; "));
            String shown = errors.stream().limit(10).map(DiagnosticPrinter::render).collect(Collectors.joining());
            record(e, "Rampart reports parse errors: " + causes, shown);
            fail(e.name() + ": Rampart reports " + errors.size() + " error(s) for a file the real iptables-save wrote:\n"
                    + shown + (errors.size() > 10 ? "... and " + (errors.size() - 10) + " more\n" : ""));
        }
        String printed = new CanonicalWriter(false).write(first.ruleset());

        // 2. the printed text reads back to the same model and prints the same again
        RestoreParser.Result second = new RestoreParser(family).parse(printed, e.name() + " (as printed)");
        List<Diagnostic> secondErrors = second.diagnostics().all().stream().filter(Diagnostic::isError).toList();
        if (!secondErrors.isEmpty()) {
            String shown = secondErrors.stream().limit(10).map(DiagnosticPrinter::render).collect(Collectors.joining());
            record(e, "Rampart cannot re-read its own output", shown);
            fail(e.name() + ": Rampart's own output does not parse:\n" + shown);
        }
        String reprinted = new CanonicalWriter(false).write(second.ruleset());
        if (!reprinted.equals(printed)) {
            String diff = firstDifference(printed, reprinted, "printed", "re-printed");
            record(e, "printing is not stable (print(parse(print(x))) != print(x))", diff);
            fail(e.name() + ": printing the re-parsed output differs:\n" + diff);
        }
        if (!withoutPositionsAndRuleCounters(first.ruleset()).equals(withoutPositionsAndRuleCounters(second.ruleset()))) {
            String where = firstModelDifference(first.ruleset(), second.ruleset());
            record(e, "model changes across print and re-parse (same text, different records)", where);
            fail(e.name() + ": the re-parsed model differs from the original: " + where);
        }

        // 3. the kernel takes the printed text and gives back the same text
        try (Netns ns = Netns.create()) {
            for (Map.Entry<String, Integer> set : referencedSets(printed).entrySet()) {
                ns.check("ipset", "create", set.getKey(), setType(set.getValue()), "family",
                        family == Family.IPV6 ? "inet6" : "inet");
            }
            LiveRuleset live = new LiveRuleset(ns.runner());
            ProcessResult load = ns.exec(printed, List.of(LiveRuleset.restoreCommand(family), "-c"));
            if (known != null) {
                if (load.succeeded() || known.iptablesStderr() == null) {
                    record(e, "allow-listed rejection no longer happens", known.reason());
                    fail(e.name() + " is listed in KNOWN_REJECTIONS (" + known.reason() + ") but Rampart accepts it"
                            + (load.succeeded() ? " and so does " + LiveRuleset.restoreCommand(family)
                            : " (" + LiveRuleset.restoreCommand(family) + " says: " + load.stderr().strip() + ")")
                            + ": remove the entry or correct it");
                }
                assertThat(load.stderr()).as(e.name() + ": iptables-restore rejection message")
                        .contains(known.iptablesStderr());
                record(e, "ok (known rejection, by iptables-restore: " + known.reason() + ")", load.stderr());
                return;
            }
            if (!load.succeeded()) {
                String context = failedLineContext(load.stderr(), printed);
                record(e, "kernel rejects printed text: " + generalise(firstLine(load.stderr())),
                        load.stderr() + context);
                fail(e.name() + ": the real " + LiveRuleset.restoreCommand(family) + " rejected Rampart's output"
                        + " (exit status " + load.exitStatus() + "):\n" + load.stderr() + context);
            }
            String saved = withoutComments(live.save(family, false));
            if (!saved.equals(printed)) {
                String diff = firstDifference(printed, saved, "rampart", "iptables-save");
                record(e, "kernel read-back differs from Rampart's canonical text", diff);
                fail(e.name() + ": iptables-save after loading differs from Rampart's canonical form:\n" + diff);
            }
        }
        record(e, "ok", "");
    }

    private static void record(RulesetCorpus.Entry e, String cause, String detail) {
        OUTCOMES.put(e.name(), cause + "\n" + detail);
    }

    /** Turns a message into a cause shared by many files: quoted names and numbers become placeholders. */
    private static String generalise(String message) {
        String m = message.replaceAll("line \\d+", "line N");
        Matcher q = Pattern.compile("'([^']*)'").matcher(m);
        // keep the first quoted word (usually the module, target or option that is the cause)
        StringBuilder sb = new StringBuilder();
        int last = 0;
        int n = 0;
        while (q.find()) {
            sb.append(m, last, q.start());
            sb.append(n++ == 0 ? q.group() : "'…'");
            last = q.end();
        }
        sb.append(m.substring(last));
        return sb.toString();
    }

    private static String firstLine(String s) {
        return s.strip().lines().findFirst().orElse("(no message)");
    }

    /** Names every ipset the rules refer to, with the number of dimensions (src/dst flags) used with it. */
    static Map<String, Integer> referencedSets(String printed) {
        Map<String, Integer> sets = new LinkedHashMap<>();
        for (String line : printed.split("\n")) {
            if (!line.startsWith("-A ")) {
                continue;
            }
            String[] w = line.split(" ");
            for (int i = 0; i + 1 < w.length; i++) {
                if (w[i].equals("--match-set") || w[i].equals("--add-set") || w[i].equals("--del-set")
                        || w[i].equals("--map-set")) {
                    int dims = i + 2 < w.length ? w[i + 2].split(",").length : 1;
                    sets.merge(w[i + 1], dims, Math::max);
                }
            }
        }
        return sets;
    }

    private static String setType(int dims) {
        return switch (dims) {
            case 1 -> "hash:net";
            case 2 -> "hash:net,net";
            default -> "hash:net,port,net";
        };
    }

    static String withoutComments(String saved) {
        StringBuilder sb = new StringBuilder(saved.length());
        for (String line : saved.split("\n", -1)) {
            if (!line.startsWith("#")) {
                sb.append(line).append('\n');
            }
        }
        // split keeps a trailing empty element for the final newline
        while (sb.length() >= 2 && sb.charAt(sb.length() - 1) == '\n' && sb.charAt(sb.length() - 2) == '\n') {
            sb.setLength(sb.length() - 1);
        }
        return sb.toString();
    }

    private static String failedLineContext(String stderr, String printed) {
        Matcher m = FAILED_LINE.matcher(stderr);
        if (!m.find()) {
            return "";
        }
        int n = Integer.parseInt(m.group(1));
        String[] lines = printed.split("\n");
        return n >= 1 && n <= lines.length ? "printed line " + n + ": " + lines[n - 1] + "\n" : "";
    }

    private static String firstDifference(String a, String b, String aName, String bName) {
        String[] x = a.split("\n", -1);
        String[] y = b.split("\n", -1);
        int i = 0;
        while (i < x.length && i < y.length && x[i].equals(y[i])) {
            i++;
        }
        StringBuilder sb = new StringBuilder("first difference at line " + (i + 1) + ":\n");
        for (int k = Math.max(0, i - 2); k < Math.min(x.length, i + 3); k++) {
            sb.append(k == i ? "- " : "  ").append(aName).append(": ").append(x[k]).append('\n');
        }
        for (int k = i; k < Math.min(y.length, i + 3); k++) {
            sb.append(k == i ? "+ " : "  ").append(bName).append(": ").append(y[k]).append('\n');
        }
        sb.append("(").append(aName).append(" has ").append(x.length).append(" lines, ").append(bName).append(" has ")
                .append(y.length).append(")\n");
        return sb.toString();
    }

    /** The ruleset with every source position cleared and rule counters dropped, for model comparison. */
    static Ruleset withoutPositionsAndRuleCounters(Ruleset r) {
        List<Table> tables = new ArrayList<>();
        for (Table t : r.tables()) {
            List<Chain> chains = new ArrayList<>();
            for (Chain c : t.chains()) {
                List<Rule> rules = c.rules().stream()
                        .map(x -> new Rule(x.header(), x.matches(), x.target(), null, SourcePos.NONE)).toList();
                chains.add(new Chain(c.name(), c.builtin(), c.policy(), c.counters(), rules, SourcePos.NONE));
            }
            tables.add(new Table(t.name(), chains));
        }
        return new Ruleset(r.family(), tables);
    }

    private static String firstModelDifference(Ruleset a, Ruleset b) {
        Ruleset x = withoutPositionsAndRuleCounters(a);
        Ruleset y = withoutPositionsAndRuleCounters(b);
        if (x.tables().size() != y.tables().size()) {
            return "table count " + x.tables().size() + " vs " + y.tables().size();
        }
        for (int t = 0; t < x.tables().size(); t++) {
            Table tx = x.tables().get(t);
            Table ty = y.tables().get(t);
            if (tx.chains().size() != ty.chains().size()) {
                return "table " + tx.name().id() + ": chain count differs";
            }
            for (int c = 0; c < tx.chains().size(); c++) {
                Chain cx = tx.chains().get(c);
                Chain cy = ty.chains().get(c);
                if (!cx.equals(cy)) {
                    for (int i = 0; i < Math.min(cx.rules().size(), cy.rules().size()); i++) {
                        if (!cx.rules().get(i).equals(cy.rules().get(i))) {
                            return "table " + tx.name().id() + " chain " + cx.name() + " rule " + (i + 1) + ":\n  original: "
                                    + cx.rules().get(i) + "\n  re-parsed: " + cy.rules().get(i);
                        }
                    }
                    return "table " + tx.name().id() + " chain " + cx.name() + ": " + cx + " vs " + cy;
                }
            }
        }
        return "(no difference found)";
    }
}
