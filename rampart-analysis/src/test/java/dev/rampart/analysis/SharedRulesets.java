package dev.rampart.analysis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;

/** The ruleset files under {@code ../shared/rulesets} (licence and source notes left out), sorted. */
public final class SharedRulesets {
    private SharedRulesets() {
    }

    /** Every ruleset file. */
    public static Stream<Path> files() throws IOException {
        Path dir = Paths.get(System.getProperty("rampart.shared", "../../shared")).toAbsolutePath().normalize()
                .resolve("rulesets");
        return Files.walk(dir).filter(Files::isRegularFile).filter(p -> {
            String n = p.getFileName().toString();
            return !n.contains("LICENSE") && !n.contains("README") && !n.equals("SOURCE.txt") && !n.endsWith(".xml");
        }).sorted();
    }
}
