package dev.rampart.host;

import dev.rampart.model.Family;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The real-world rulesets in the shared reference data ({@code rulesets/} recursively and
 * {@code conformance/iptables-save-dumps/}), found through the {@code rampart.shared} system property
 * that the build sets to {@code ../shared}.
 *
 * <p>A file belongs to the corpus when it contains a {@code *table} line; everything else there
 * (licences, READMEs, source notes, the XML form of a dump) is listed in {@link #others()} so a run can
 * say what it left out and why.
 */
final class RulesetCorpus {
    private static final Pattern TABLE_LINE = Pattern.compile("(?m)^\\*(filter|nat|mangle|raw|security)\\s*$");

    /** One ruleset file: its path relative to the shared folder, its text and its family. */
    record Entry(String name, Path path, String text, Family family) {
        @Override
        public String toString() {
            return name + " [" + family.command() + "]";
        }
    }

    private final List<Entry> entries;
    private final List<String> others;

    private RulesetCorpus(List<Entry> entries, List<String> others) {
        this.entries = List.copyOf(entries);
        this.others = List.copyOf(others);
    }

    static Path sharedDir() {
        String prop = System.getProperty("rampart.shared");
        Path dir = prop != null ? Path.of(prop) : Path.of("..", "..", "shared");
        if (!Files.isDirectory(dir.resolve("rulesets"))) {
            throw new IllegalStateException("shared reference data not found at '" + dir.toAbsolutePath().normalize()
                    + "' (expected a 'rulesets' folder there); the build sets -Drampart.shared to ../shared"
                    + " beside the project");
        }
        return dir;
    }

    static RulesetCorpus load() {
        Path shared = sharedDir();
        List<Entry> entries = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (String sub : List.of("rulesets", "conformance/iptables-save-dumps")) {
            Path root = shared.resolve(sub);
            try (Stream<Path> files = Files.walk(root)) {
                for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                    String name = shared.relativize(p).toString();
                    if (name.endsWith(".xml")) {
                        others.add(name + " (XML form of a dump, not iptables-save text)");
                        continue;
                    }
                    String text = Files.readString(p, StandardCharsets.UTF_8);
                    if (!TABLE_LINE.matcher(text).find()) {
                        others.add(name + " (no '*table' line: not a ruleset)");
                        continue;
                    }
                    entries.add(new Entry(name, p, text, CorpusFamily.detect(p.getFileName().toString(), text)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + root, e);
            }
        }
        return new RulesetCorpus(entries, others);
    }

    List<Entry> entries() {
        return entries;
    }

    List<String> others() {
        return others;
    }
}
