package dev.rampart.analysis.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.Chain;
import dev.rampart.model.Family;
import dev.rampart.model.Ruleset;
import dev.rampart.model.parse.FamilyDetector;
import dev.rampart.model.parse.InputFormat;
import dev.rampart.model.parse.RestoreParser;
import dev.rampart.model.script.ScriptParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The whole audit over every real ruleset in {@code ../shared/rulesets}, the guides' rulesets (the
 * seed scripts of rampart-model's tests and the kernel seeds of rampart-sim's) and the examples: it never
 * throws, finishes within {@value #BUDGET_MILLIS} ms per input (the target is under 2 s for the
 * whole process), and every finding is well-formed: a known check id, a message, a fix, rule references
 * that exist in the input with the line the rule was read at. The slowest input is printed.
 */
class AuditCorpusTest {
    /** Time budget of one audit, parsing excluded (milliseconds). */
    private static final long BUDGET_MILLIS = 1500;
    private static final List<String> TIMES = new ArrayList<>();
    private static long slowest;
    private static String slowestName = "";

    static Stream<Path> inputs() throws IOException {
        Path shared = Paths.get(System.getProperty("rampart.shared", "../../shared")).toAbsolutePath().normalize();
        List<Path> all = new ArrayList<>();
        try (Stream<Path> s = Files.walk(shared.resolve("rulesets"))) {
            s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString();
                return !n.contains("LICENSE") && !n.contains("README") && !n.equals("SOURCE.txt") && !n.endsWith(".xml");
            }).forEach(all::add);
        }
        for (String dir : List.of("../rampart-model/src/test/resources/scripts", "../rampart-sim/src/test/resources/kernel/seeds",
                "../examples")) {
            try (Stream<Path> s = Files.list(Path.of(dir))) {
                s.filter(p -> {
                    String n = p.getFileName().toString();
                    return n.startsWith("seed-") || n.endsWith(".rules");
                }).forEach(all::add);
            }
        }
        return all.stream().sorted();
    }

    @TestFactory
    Stream<DynamicTest> everyInputAuditsQuicklyAndWellFormed() throws IOException {
        return inputs().map(path -> DynamicTest.dynamicTest(path.getFileName().toString(), () -> {
            String text = Files.readString(path, StandardCharsets.UTF_8);
            List<AuditedRuleset> sets = new ArrayList<>();
            if (InputFormat.detect(text) == InputFormat.SCRIPT) {
                ScriptParser.Result r = new ScriptParser().parse(text, path.toString());
                for (Ruleset rs : List.of(r.ipv4(), r.ipv6())) {
                    if (!rs.tables().isEmpty()) {
                        sets.add(new AuditedRuleset(rs, path.toString()));
                    }
                }
            } else {
                Family f = FamilyDetector.detect(text);
                sets.add(new AuditedRuleset(new RestoreParser(f).parse(text, path.toString()).ruleset(), path.toString()));
            }
            AuditContext ctx = new AuditContext(sets, null);
            long t0 = System.nanoTime();
            List<Finding> findings = new Auditor().run(ctx);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            synchronized (TIMES) {
                TIMES.add(ms + " ms " + path.getFileName() + " (" + findings.size() + " findings)");
                if (ms >= slowest) {
                    slowest = ms;
                    slowestName = path.getFileName().toString();
                }
            }
            assertThat(ms).as("audit time of %s", path).isLessThan(BUDGET_MILLIS);
            for (Finding f : findings) {
                assertThat(CheckCatalog.byId(f.checkId())).isPresent();
                assertThat(f.message()).isNotBlank();
                assertThat(f.fix()).isNotBlank();
                assertThat(f.rules()).as("%s has a location", f).isNotEmpty();
                for (RuleRef ref : f.rules()) {
                    AuditedRuleset r = ctx.ruleset(ref.family()).orElseThrow();
                    Chain c = r.chain(ref.table(), ref.chain()).orElseThrow();
                    if (!ref.isPolicy()) {
                        assertThat(ref.rule()).isBetween(1, c.rules().size());
                        assertThat(ref.line()).as("%s of %s", ref, f).isEqualTo(c.rules().get(ref.rule() - 1).line())
                                .isPositive();
                    }
                }
            }
        }));
    }

    @AfterAll
    static void report() {
        System.out.println("audit corpus: " + TIMES.size() + " inputs, slowest " + slowest + " ms (" + slowestName + ")");
    }
}
