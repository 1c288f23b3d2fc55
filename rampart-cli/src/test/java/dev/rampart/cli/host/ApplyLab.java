package dev.rampart.cli.host;

import dev.rampart.host.Netns;
import dev.rampart.host.ProcessRunner;
import dev.rampart.host.RootRequirement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fixture of the whole-process apply tests: a throwaway network namespace loaded with
 * {@link #initialRules()}, a temporary root for the history and run-time files, and the built jar
 * ({@link RampartJar}) acting on both. After each test, rollback watchers still waiting on the root
 * are stopped before the namespace goes away.
 */
abstract class ApplyLab {
    @TempDir
    Path tmp;

    Netns ns;
    RampartJar rampart;
    Path root;

    /** The ruleset the namespace holds before each test. */
    abstract String initialRules();

    @BeforeAll
    static void requireRoot() {
        RootRequirement.requireRoot();
    }

    @BeforeEach
    void setUpLab() throws IOException {
        ns = Netns.create(new ProcessRunner(), "rampart-h-");
        root = tmp.resolve("root");
        Files.createDirectories(root);
        rampart = new RampartJar(root, ns.name());
        ns.exec(initialRules(), List.of("iptables-restore"));
    }

    @AfterEach
    void tearDownLab() {
        try (var files = Files.list(root.resolve("run/rampart"))) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("watcher-\\d+\\.pid")).toList()) {
                ProcessHandle.of(Long.parseLong(Files.readString(f).strip())).ifPresent(ProcessHandle::destroy);
            }
        } catch (IOException | RuntimeException ignored) {
            // no run directory: nothing was armed
        }
        ns.close();
    }

    /** Writes {@code text} to {@code name} in the test's temporary directory. */
    Path file(String name, String text) throws IOException {
        return Files.writeString(tmp.resolve(name), text);
    }
}
