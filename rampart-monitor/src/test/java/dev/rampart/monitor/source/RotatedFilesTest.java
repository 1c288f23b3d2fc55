package dev.rampart.monitor.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatedFilesTest {
    @TempDir
    Path dir;

    @Test
    void numberedAndDatedGenerationsOldestFirst() throws IOException {
        for (String n : new String[] {"auth.log", "auth.log.1", "auth.log.2.gz", "auth.log.10.gz", "auth.log.3.gz",
            "auth.log-20261101.gz", "auth.log-20261025", "auth.logger", "auth.log.1.bak", "kern.log.1"}) {
            Files.writeString(dir.resolve(n), "");
        }
        assertThat(RotatedFiles.oldestFirst(dir.resolve("auth.log"))).extracting(p -> p.getFileName().toString())
                .containsExactly("auth.log-20261025", "auth.log-20261101.gz", "auth.log.10.gz", "auth.log.3.gz",
                        "auth.log.2.gz", "auth.log.1", "auth.log");
    }
}
