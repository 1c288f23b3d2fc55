package dev.rampart.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/policy.schema.json} and the reader accept the same sections, and a key the schema lists is
 * never reported as unknown by the reader.
 */
class SchemaAgreementTest {
    static JsonNode schema() throws IOException {
        Path p = Paths.get("../docs/policy.schema.json").toAbsolutePath().normalize();
        return new ObjectMapper().readTree(Files.readString(p));
    }

    @Test
    void topLevelSectionsAreTheSame() throws IOException {
        List<String> names = new ArrayList<>();
        schema().get("properties").fieldNames().forEachRemaining(names::add);
        names.remove("include"); // resolved by the loader before the reader runs
        assertThat(names).containsExactlyInAnyOrderElementsOf(PolicyReader.TOP);
    }

    @Test
    void everySchemaKeyOfASectionIsAcceptedByTheReader() throws IOException {
        JsonNode props = schema().get("properties");
        for (String section : List.of("defaults", "ssh_protection", "anti_scan", "egress", "nat")) {
            List<String> keys = new ArrayList<>();
            props.get(section).get("properties").fieldNames().forEachRemaining(keys::add);
            StringBuilder yaml = new StringBuilder(section + ":\n");
            for (String k : keys) {
                yaml.append("  ").append(k).append(": ~\n");
            }
            PolicyCompiler.Result r = new PolicyCompiler(ServiceTable.builtinOnly()).compileString(yaml.toString(), "s.yaml");
            assertThat(r.diagnostics()).as(section).noneMatch(d -> d.code().id().equals("E602"));
        }
    }
}
