package dev.rampart.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every example policy compiles to exactly the committed golden files (rules.v4, rules.v6, ipsets,
 * ruleset.nft), and compiling twice gives the same bytes. Files above 64 KiB (the 50,000-entry blocklist)
 * are pinned by their SHA-256 in {@code NAME.sha256} instead of being committed whole. Regenerate after
 * an intended change with {@code -Drampart.updateGolden=true} and review the diff.
 */
class GoldenTest {
    static final int MAX_INLINE = 64 * 1024;
    static final boolean UPDATE = Boolean.getBoolean("rampart.updateGolden");

    static Path golden() {
        return Paths.get("src/test/resources/golden").toAbsolutePath();
    }

    static Map<String, String> files(PolicyCompiler.Output o) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("rules.v4", o.rulesV4Text());
        m.put("rules.v6", o.rulesV6Text());
        m.put("ipsets", o.ipsetsText());
        m.put("ruleset.nft", o.nft());
        return m;
    }

    @TestFactory
    Stream<DynamicTest> everyExampleMatchesItsGoldenFiles() throws IOException {
        return Examples.all().stream().map(p -> DynamicTest.dynamicTest(Examples.name(p), () -> {
            Map<String, String> first = files(Examples.compile(p));
            Map<String, String> second = files(Examples.compile(p));
            assertThat(second).as("deterministic output").isEqualTo(first);
            Path dir = golden().resolve(Examples.name(p));
            for (Map.Entry<String, String> f : first.entrySet()) {
                String text = f.getValue();
                boolean big = text.length() > MAX_INLINE;
                Path file = dir.resolve(big ? f.getKey() + ".sha256" : f.getKey());
                String expected = big ? sha256(text) + "\n" : text;
                if (UPDATE) {
                    Files.createDirectories(dir);
                    Files.writeString(file, expected);
                    Files.deleteIfExists(dir.resolve(big ? f.getKey() : f.getKey() + ".sha256"));
                }
                assertThat(file).as("golden file " + file + " (regenerate with -Drampart.updateGolden=true)").exists();
                assertThat(expected).as(Examples.name(p) + "/" + f.getKey()).isEqualTo(Files.readString(file));
            }
        }));
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
