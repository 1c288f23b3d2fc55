package dev.rampart.model.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.diag.Diagnostic;
import dev.rampart.model.write.CanonicalWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every real ruleset in {@code ../shared/rulesets/} and {@code ../shared/conformance/iptables-save-dumps/}
 * loads; the few that genuinely cannot are listed here with the exact diagnostics (code and line) that
 * say why. Every file's canonical output parses again to the same canonical output.
 */
class RealRulesetsTest {

    /** Files with errors, and the "CODE@LINE" of each error, in order. */
    static final Map<String, List<String>> EXPECTED_ERRORS = Map.of(
            // a UDP port range written backwards (60000:29); iptables 1.4 accepted it, 1.8 rejects it
            "configs_chair_for_Network_Architectures_and_Services__iptables-save-2015-05-13_10-53-20",
            List.of("E302@1549"),
            "configs_chair_for_Network_Architectures_and_Services__iptables_25.07.2014", List.of("E302@1366"),
            // the publisher replaced addresses by the placeholder <private_ip>
            "config_private_root__iptables-save", List.of("E203@23", "E203@24"));

    static Path shared() {
        return Paths.get(System.getProperty("rampart.shared", "../../shared")).toAbsolutePath().normalize();
    }

    static Stream<Path> files() throws IOException {
        Stream<Path> rulesets = Files.walk(shared().resolve("rulesets")).filter(Files::isRegularFile);
        Stream<Path> dumps = Files.walk(shared().resolve("conformance/iptables-save-dumps")).filter(Files::isRegularFile);
        return Stream.concat(rulesets, dumps).filter(p -> {
            String n = p.getFileName().toString();
            return !n.contains("LICENSE") && !n.contains("README") && !n.equals("SOURCE.txt") && !n.endsWith(".xml");
        }).sorted();
    }

    @TestFactory
    Stream<DynamicTest> everyRealRulesetLoads() throws IOException {
        return files().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            String text = Files.readString(p, StandardCharsets.UTF_8);
            var family = FamilyDetector.detect(text);
            RestoreParser.Result r = new RestoreParser(family).parse(text, p.getFileName().toString());
            List<String> errors = r.diagnostics().all().stream().filter(Diagnostic::isError)
                    .map(d -> d.code().id() + "@" + d.line()).toList();
            assertThat(errors).as("errors in " + p.getFileName())
                    .isEqualTo(EXPECTED_ERRORS.getOrDefault(p.getFileName().toString(), List.of()));
            assertThat(r.ruleset().tables()).as("tables read").isNotEmpty();
            String once = new CanonicalWriter(true).write(r.ruleset());
            RestoreParser.Result again = new RestoreParser(family).parse(once, "fmt");
            assertThat(again.diagnostics().all()).filteredOn(Diagnostic::isError).isEmpty();
            assertThat(new CanonicalWriter(true).write(again.ruleset())).isEqualTo(once);
            assertThat(again.ruleset().ruleCount()).isEqualTo(r.ruleset().ruleCount());
        }));
    }
}
