package dev.rampart.analysis.spoofing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.Family;
import dev.rampart.model.diag.Diagnostic;
import dev.rampart.model.diag.DiagnosticPrinter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The interfaces file: what it accepts, and a located diagnostic for each mistake. */
class InterfacesFileParserTest {

    private static List<Diagnostic> errors(String text) {
        InterfacesFileParser.Result r = InterfacesFileParser.parse(text, "ifaces.json");
        assertThat(r.assignment()).as("no assignment when there are errors").isNull();
        return r.diagnostics().all();
    }

    @Test
    void readsPrefixesAddressesAndEverythingElse() {
        InterfacesFileParser.Result r = InterfacesFileParser.parse("""
                {
                  "eth0": ["everything-else"],
                  "eth1": ["198.18.1.0/24", "2001:db8:1::/48", "198.18.9.9"],
                  "lo": ["127.0.0.0/8", "::1"],
                  "dummy0": []
                }
                """, "ifaces.json");
        assertThat(r.diagnostics().all()).isEmpty();
        InterfaceAssignment a = r.assignment();
        assertThat(a.names()).containsExactly("eth0", "eth1", "lo", "dummy0");
        assertThat(a.get("eth0").orElseThrow().everythingElse()).isTrue();
        assertThat(a.get("eth1").orElseThrow().prefixes()).extracting(Object::toString)
                .containsExactly("198.18.1.0/24", "2001:db8:1::/48", "198.18.9.9/32");
        assertThat(a.get("lo").orElseThrow().prefixes(Family.IPV6)).extracting(Object::toString).containsExactly("::1/128");
        assertThat(a.get("dummy0").orElseThrow().prefixes()).isEmpty();
        assertThat(a.mentions(Family.IPV6)).isTrue();
    }

    @Test
    void aBadPrefixIsLocatedAndEveryErrorIsReported() {
        List<Diagnostic> d = errors("""
                {
                  "eth1": ["198.18.1.0/33", "198.18.1.1/24"],
                  "eth0": ["everthing-else"]
                }
                """);
        assertThat(d).extracting(Diagnostic::headline).containsExactly(
                "ifaces.json:2:12: error[E203]: '198.18.1.0/33' has a bad prefix length '33'",
                "ifaces.json:2:29: error[E203]: '198.18.1.1/24' has host bits set",
                "ifaces.json:3:12: error[E203]: 'everthing-else' is not an address or prefix ('everthing-else' is not an "
                        + "IPv4 address (write a.b.c.d))");
        assertThat(d.get(1).suggestion()).isEqualTo("did you mean '198.18.1.0/24'?");
        assertThat(d.get(2).suggestion()).isEqualTo("did you mean 'everything-else'?");
        assertThat(DiagnosticPrinter.render(d.get(0))).contains(" 2 |   \"eth1\": [\"198.18.1.0/33\"", "^^^^^^^^^^^^^^^");
    }

    @Test
    void interfaceNamesAreChecked() {
        List<Diagnostic> d = errors("{\"eth+\": [], \"a-very-long-interface\": [], \"eth1\": [], \"eth1\": []}");
        assertThat(d).extracting(x -> x.code().id()).containsExactly("E204", "E204", "E206");
        assertThat(d.get(0).message()).contains("wildcard");
        assertThat(d.get(1).message()).contains("longer than 15");
        assertThat(d.get(2).column()).isEqualTo(55);
    }

    @Test
    void syntaxErrorsAndWrongShapesAreLocated() {
        assertThat(errors("[\"eth0\"]")).extracting(Diagnostic::headline).containsExactly(
                "ifaces.json:1:1: error[E104]: the file must be one JSON object: {\"eth0\": [\"everything-else\"], ...}");
        assertThat(errors("{\"eth0\": \"198.18.1.0/24\"}").get(0).message()).startsWith("expected a list of addresses");
        assertThat(errors("{\"eth0\": [24]}")).extracting(Diagnostic::headline).containsExactly(
                "ifaces.json:1:11: error[E302]: expected an address, a prefix or \"everything-else\" in double quotes");
        assertThat(errors("{\"eth0\": [\"198.18.1.0/24\"]\n\"eth1\": []}")).extracting(Diagnostic::headline)
                .containsExactly("ifaces.json:2:1: error[E104]: expected ',' or '}' after an interface's addresses");
        assertThat(errors("{\"eth0\": [")).extracting(Diagnostic::message).containsExactly(
                "expected an address, found the end of the file");
    }
}
