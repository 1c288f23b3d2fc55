package dev.rampart.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.diag.Diagnostic;
import dev.rampart.model.ipset.IpSetParser;
import dev.rampart.model.ipset.IpSetWriter;
import dev.rampart.model.script.ScriptParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * What Rampart writes for ipsets loads into the kernel unchanged: for a real {@code ipset save} file and
 * for the ipsets built by the guides' scripts, Rampart's output is loaded with the real
 * {@code ipset restore} in a throwaway namespace and read back with {@code ipset save}; both must hold
 * the same lines. Entry order (hash order), timeout countdowns and the kernel-chosen {@code bucketsize}/
 * {@code initval} are not compared, since the kernel decides them.
 */
class IpSetRoundTripIT {

    static Path modelResources() {
        return Paths.get("../rampart-model/src/test/resources").toAbsolutePath().normalize();
    }

    @TestFactory
    Stream<DynamicTest> ipsetsRoundTripThroughTheKernel() throws IOException {
        RootRequirement.requireRoot();
        Path real = modelResources().resolve("ipset/real-save.txt");
        List<Path> scripts;
        try (Stream<Path> s = Files.list(modelResources().resolve("scripts"))) {
            scripts = s.filter(p -> p.toString().endsWith(".sh")).sorted().toList();
        }
        Stream<DynamicTest> saveFile = Stream.of(DynamicTest.dynamicTest(real.getFileName().toString(), () -> {
            IpSetParser.Result r = new IpSetParser().parse(Files.readString(real), real.toString());
            assertThat(r.diagnostics().all()).filteredOn(Diagnostic::isError).isEmpty();
            roundTrip(new IpSetWriter().write(r.sets()));
        }));
        Stream<DynamicTest> fromScripts = scripts.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            ScriptParser.Result r = new ScriptParser().parse(Files.readString(p), p.toString());
            assertThat(r.diagnostics().all()).filteredOn(Diagnostic::isError).isEmpty();
            if (!r.ipsets().isEmpty()) {
                roundTrip(new IpSetWriter().write(r.ipsets()));
            }
        }));
        return Stream.concat(saveFile, fromScripts);
    }

    static void roundTrip(String written) {
        try (Netns ns = Netns.create()) {
            ProcessResult load = ns.runner().run(List.of("ipset", "restore"), written);
            assertThat(load.succeeded()).as("ipset restore of Rampart's output: " + load.stderr()).isTrue();
            String saved = ns.runner().output("ipset", "save");
            assertThat(normalise(saved)).isEqualTo(normalise(written));
        }
    }

    /** The lines as a sorted set, without the values the kernel chooses or counts down. */
    static TreeSet<String> normalise(String text) {
        TreeSet<String> out = new TreeSet<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String l = line.replaceAll(" bucketsize \\d+", "").replaceAll(" initval 0x[0-9a-f]+", "");
            if (l.startsWith("add ")) {
                l = l.replaceAll(" timeout \\d+", " timeout T");
            }
            out.add(l);
        }
        return out;
    }
}
