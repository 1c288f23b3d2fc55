package dev.rampart.cli.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.cli.CliTest;
import dev.rampart.host.history.EntryKind;
import dev.rampart.host.history.EntryStatus;
import dev.rampart.host.history.HistoryEntry;
import dev.rampart.host.history.HistoryEvent;
import dev.rampart.host.history.HistoryStore;
import dev.rampart.host.history.LockoutVerdict;
import dev.rampart.host.history.Manifest;
import dev.rampart.host.history.RulesetState;
import dev.rampart.host.history.Session;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rampart history list|show|diff} over a store written through {@link HistoryStore}. */
class HistoryCommandTest {
    @TempDir
    Path root;

    static final String OPEN = "*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n"
            + "-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\nCOMMIT\n";
    static final String MORE = OPEN.replace("COMMIT", "-A INPUT -p tcp -m tcp --dport 443 -j ACCEPT\nCOMMIT");

    @BeforeEach
    void store() throws IOException {
        HistoryStore store = new HistoryStore(root.resolve("var/lib/rampart/history"));
        Instant t = Instant.parse("2026-11-22T05:00:00Z");
        Session s = new Session("198.18.0.2 50000 198.18.0.1 22", "/dev/pts/0", 1, 2, null, "alice", 0);
        for (String rules : List.of(OPEN, MORE)) {
            HistoryEntry e = store.create(new Manifest(0, EntryKind.APPLY, EntryStatus.APPLYING, t, "open https",
                    "/etc/fw.rules", s, "198.18.0.2", new LockoutVerdict("safe", false, ""), 120, null, 0, null, 0,
                    List.of(), null, null, List.of(new HistoryEvent(t, "saved", ""))),
                    new RulesetState("", "", ""), new RulesetState(rules, null, null));
            store.update(e, e.manifest().withStatus(EntryStatus.APPROVED, new HistoryEvent(t, "confirmed", "by bob")));
        }
    }

    @Test
    void listShowsOneLinePerEntry() {
        CliTest.Run r = CliTest.run("history", "list", "--root", root.toString());
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out().lines().toList()).hasSize(3);
        assertThat(r.out()).contains("1     2026-11-22T05:00:00Z apply    approved    alice@198.18.0.2")
                .contains("/etc/fw.rules — open https");
        CliTest.Run json = CliTest.run("history", "list", "--root", root.toString(), "--format", "json");
        assertThat(json.out()).contains("\"status\" : \"approved\"");
    }

    @Test
    void showPrintsTheManifestAndFlagsDamagedFiles() throws IOException {
        CliTest.Run r = CliTest.run("history", "show", "2", "--root", root.toString());
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out()).contains("entry 2 (apply), approved").contains("SSH 198.18.0.2 50000 198.18.0.1 22")
                .contains("lock-out: safe (admin 198.18.0.2)").contains("confirmed    by bob")
                .contains("after/rules.v4");
        Files.writeString(root.resolve("var/lib/rampart/history/000002/after/rules.v4"), OPEN);
        CliTest.Run bad = CliTest.run("history", "show", "2", "--root", root.toString());
        assertThat(bad.code()).isEqualTo(4);
        assertThat(bad.out()).contains("DAMAGED");
        assertThat(CliTest.run("history", "show", "9", "--root", root.toString()).err()).contains("no history entry 9");
    }

    @Test
    void diffComparesTheAppliedStatesSemantically() {
        CliTest.Run r = CliTest.run("history", "diff", "1", "2", "--root", root.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("filter INPUT: DROP -> ACCEPT").contains("dport 443").contains("1 change");
        assertThat(CliTest.run("history", "diff", "2", "2", "--root", root.toString()).code()).isEqualTo(0);
    }
}
