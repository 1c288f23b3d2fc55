package dev.rampart.monitor.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.rampart.model.diag.Diagnostic;
import dev.rampart.model.diag.Diagnostics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.nodes.Node;

class YamlReaderTest {

    @Test
    void durations() {
        assertThat(YamlReader.parseDuration("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(YamlReader.parseDuration("600")).isEqualTo(Duration.ofMinutes(10));
        assertThat(YamlReader.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(YamlReader.parseDuration("2w")).isEqualTo(Duration.ofDays(14));
        assertThat(YamlReader.parseDuration("10 m")).isNull();
        assertThat(YamlReader.parseDuration("")).isNull();
        assertThat(YamlReader.format(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(YamlReader.format(Duration.ofDays(7))).isEqualTo("1w");
    }

    @Test
    void aDurationTooLargeToHoldIsMalformedNotACrash() {
        assertThat(YamlReader.parseDuration("99999999999999999999")).isNull();
        assertThat(YamlReader.parseDuration("99999999999999999999s")).isNull();
        assertThat(YamlReader.parseDuration("999999999999999999w")).isNull();
        Diagnostics d = new Diagnostics("m.yaml");
        String text = "bantime: 999999999999999999w\n";
        YamlReader r = new YamlReader(d, text);
        Map<String, Node> top = r.map(YamlReader.compose(text, "m.yaml", d, "not valid YAML: "), "top",
                List.of("bantime"));
        assertThat(r.duration(top.get("bantime"), "bantime", Duration.ofSeconds(1), Duration.ofMinutes(10)))
                .isEqualTo(Duration.ofMinutes(10));
        assertThat(d.all()).extracting(Diagnostic::headline).singleElement().asString()
                .startsWith("m.yaml:1:10: error[E302]: bantime must be a duration of at least 1s");
    }

    @Test
    void aSectionOfABrokenDocumentReportsTheSyntaxErrorAndReadsAsEmpty() {
        Diagnostics d = new Diagnostics("m.yaml");
        SectionReader r = SectionReader.parse("drift:\n  interval: 5m\n  expect: [docker\n", "m.yaml", "drift", d);
        assertThat(r.duration("interval", Duration.ofMinutes(1), Duration.ZERO, Duration.ofDays(1)))
                .isEqualTo(Duration.ofMinutes(1));
        r.finish();
        assertThat(d.all()).extracting(Diagnostic::headline).singleElement().asString()
                .startsWith("m.yaml:4:1: error[E601]: YAML syntax error: ");
    }

    @Test
    void theCaretCoversTheWholeValueQuotesIncluded() {
        Diagnostics d = new Diagnostics("m.yaml");
        String text = "maxretry: \"lots\"\nchains: [a, b]\n";
        YamlReader r = new YamlReader(d, text);
        Map<String, Node> top = r.map(YamlReader.compose(text, "m.yaml", d, "not valid YAML: "), "top",
                List.of("maxretry", "chains"));
        r.integer(top.get("maxretry"), "maxretry", 1, 10, 5);
        r.string(top.get("chains"), "chains", "INPUT");
        assertThat(d.all()).extracting(Diagnostic::column, Diagnostic::width)
                .containsExactly(tuple(11, 6), tuple(9, 6));
    }
}
