package dev.rampart.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.host.Netns;
import dev.rampart.host.ProcessRunner;
import dev.rampart.host.RootRequirement;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rampart bans add|del} against the kernel, inside a throwaway network namespace. */
class BansCommandIT {
    @TempDir
    Path dir;

    @Test
    void addPutsTheBanIntoTheSetBehindOneRuleAndDelTakesItOut() throws Exception {
        RootRequirement.requireRoot();
        Path c = dir.resolve("monitor.yaml");
        Files.writeString(c, "database: " + dir.resolve("r.db") + "\nbans: {maxelem: 1024}\n");
        try (Netns ns = Netns.create(new ProcessRunner(), "rampart-d-")) {
            MonitorCommandsTest.Run add = MonitorCommandsTest.run("bans", "add", "203.0.113.9", "--time", "90s",
                    "--config", c.toString(), "--netns", ns.name());
            assertThat(add.code()).as(add.err()).isZero();
            assertThat(MonitorCommandsTest.run("bans", "add", "2001:db8:7::/64", "--config", c.toString(), "--netns",
                    ns.name()).code()).isZero();
            assertThat(ns.exec("ipset", "test", "rampart-ban4", "203.0.113.9").succeeded()).isTrue();
            assertThat(ns.exec("ipset", "test", "rampart-ban6", "2001:db8:7::1234").succeeded()).isTrue();
            String save = ns.check("ipset", "save", "rampart-ban4").stdout();
            assertThat(save).contains("maxelem 1024").containsPattern("add rampart-ban4 203.0.113.9 timeout (8\\d|90)");
            String rules = ns.check("iptables", "-S", "INPUT").stdout();
            assertThat(rules.lines().filter(l -> l.contains("rampart-ban4")).count()).as("one rule, not one per ban")
                    .isEqualTo(1);
            assertThat(rules.lines().filter(l -> l.startsWith("-A")).findFirst().orElse("")).contains("rampart-ban4");
            assertThat(MonitorCommandsTest.run("bans", "del", "203.0.113.9", "--config", c.toString(), "--netns",
                    ns.name()).code()).isZero();
            assertThat(ns.exec("ipset", "test", "rampart-ban4", "203.0.113.9").succeeded()).isFalse();
        }
    }
}
