package dev.rampart.analysis.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The catalog's contract: stable, unique ids of the form RA + three digits, in order; every check has a
 * title, a rationale and a documentation page that names its id and severity; the index lists every check.
 */
class CheckCatalogTest {
    private static final Path DOCS = Path.of("../docs/checks");

    @Test
    void idsAreUniqueWellFormedAndInOrder() {
        Set<String> seen = new HashSet<>();
        String previous = "";
        for (Check c : CheckCatalog.all()) {
            assertThat(c.id()).matches("RA\\d{3}");
            assertThat(seen.add(c.id())).as("duplicate id %s", c.id()).isTrue();
            assertThat(c.id()).isGreaterThan(previous);
            previous = c.id();
            assertThat(c.title()).isNotBlank();
            assertThat(c.rationale()).hasSizeGreaterThan(40);
            assertThat(CheckCatalog.byId(c.id())).containsSame(c);
        }
    }

    @Test
    void everyCheckHasItsPageAndIsInTheIndex() throws IOException {
        String index = Files.readString(DOCS.resolve("README.md"));
        for (Check c : CheckCatalog.all()) {
            Path page = Path.of("..").resolve(c.docPath());
            assertThat(page).as("page of %s", c.id()).exists();
            String text = Files.readString(page);
            assertThat(text).startsWith("# " + c.id() + ": " + c.title() + "\n");
            assertThat(text).contains("Severity: **" + c.severity().id() + "**");
            assertThat(index).contains("[" + c.id() + "](" + c.id() + ".md)");
        }
    }
}
