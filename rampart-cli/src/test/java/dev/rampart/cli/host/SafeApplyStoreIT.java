package dev.rampart.cli.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rampart.host.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Safe apply's failure paths and bookkeeping against the real kernel: an unwritable or full history
 * store stops the apply before any change, concurrent applies never interleave, rollbacks by id,
 * history listing and diff, and ipsets rebuilt by swap while live rules reference them.
 */
class SafeApplyStoreIT extends ApplyLab {
    static final String SSH_A = SafeApplyIT.SSH_A;
    static final String SSH_B = SafeApplyIT.SSH_B;
    static final String OLD = SafeApplyIT.OLD;
    static final String NEW = SafeApplyIT.NEW;
    static final String NEW2 = NEW.replace("198.18.0.88", "198.18.0.99");

    @Override
    String initialRules() {
        return OLD;
    }

    String live() {
        return SafeApplyIT.rulesOf(ns.check("iptables-save", "-t", "filter").stdout());
    }

    JsonNode entry(long id) throws Exception {
        RampartJar.Run r = rampart.run(null, "history", "show", Long.toString(id), "--format", "json");
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        return new ObjectMapper().readTree(r.out());
    }

    List<String> entryDirs() throws IOException {
        Path h = root.resolve("var/lib/rampart/history");
        if (!Files.isDirectory(h)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(h)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void anUnwritableHistoryStopsTheApplyBeforeAnyChange() throws Exception {
        Files.createDirectories(root.resolve("var/lib/rampart"));
        Files.writeString(root.resolve("var/lib/rampart/history"), "not a directory\n");
        RampartJar.Run r = rampart.run(SSH_A, "apply", file("new.rules", NEW).toString(), "--timeout", "3", "--no-wait");
        assertThat(r.code()).isEqualTo(4);
        assertThat(r.err()).contains("cannot write the history store").contains("(nothing was applied)");
        assertThat(live()).isEqualTo(SafeApplyIT.rulesOf(OLD));
        assertThat(root.resolve("run/rampart/pending")).doesNotExist();
    }

    @Test
    void aFullHistoryDiskStopsTheApplyBeforeAnyChange() throws Exception {
        Path history = root.resolve("var/lib/rampart/history");
        Files.createDirectories(history);
        ProcessRunner host = new ProcessRunner();
        host.check(List.of("mount", "-t", "tmpfs", "-o", "size=64k", "rampart-h-full", history.toString()), null);
        try {
            StringBuilder big = new StringBuilder(NEW.replace("COMMIT\n", ""));
            for (int i = 0; i < 4000; i++) {
                big.append("-A INPUT -s 198.18.").append(i / 250).append('.').append(i % 250 + 1)
                        .append("/32 -p udp -m udp --dport 5353 -j ACCEPT\n");
            }
            big.append("COMMIT\n");
            RampartJar.Run r = rampart.run(SSH_A, "apply", file("big.rules", big.toString()).toString(), "--timeout", "3",
                    "--no-wait");
            assertThat(r.code()).as(r.out()).isEqualTo(4);
            assertThat(r.err()).contains("cannot write the history store").contains("No space left on device")
                    .contains("(nothing was applied)");
            assertThat(live()).isEqualTo(SafeApplyIT.rulesOf(OLD));
            assertThat(entryDirs()).as("no entry, no temporary directory left").isEmpty();
        } finally {
            host.check(List.of("umount", history.toString()), null);
        }
    }

    @Test
    void twoAppliesAtOnceDoNotInterleaveTheSecondFailsClearly() throws Exception {
        RampartJar.Started a = rampart.start(false, SSH_A, "apply", file("a.rules", NEW).toString(), "--timeout", "20",
                "--no-wait");
        RampartJar.Started b = rampart.start(false, SSH_A, "apply", file("b.rules", NEW2).toString(), "--timeout", "20",
                "--no-wait");
        RampartJar.Run ra = a.await(60);
        RampartJar.Run rb = b.await(60);
        assertThat(List.of(ra.code(), rb.code())).containsExactlyInAnyOrder(0, 4);
        RampartJar.Run loser = ra.code() == 4 ? ra : rb;
        String winnerRules = ra.code() == 0 ? NEW : NEW2;
        assertThat(loser.err()).containsAnyOf("holds " + root.resolve("run/rampart/apply.lock"),
                "still waits for confirmation");
        assertThat(loser.err()).contains("--wait SECONDS");
        assertThat(live()).isEqualTo(SafeApplyIT.rulesOf(winnerRules));
        assertThat(entryDirs()).containsExactly("000001");
    }

    @Test
    void withWaitTheSecondApplyRunsAfterTheFirstIsConfirmed() throws Exception {
        RampartJar.Run a = rampart.run(SSH_A, "apply", file("a.rules", NEW).toString(), "--timeout", "30", "--no-wait");
        assertThat(a.code()).as(a.err()).isEqualTo(0);
        RampartJar.Started b = rampart.start(false, SSH_A, "apply", file("b.rules", NEW2).toString(), "--timeout", "30",
                "--no-wait", "--wait", "40");
        Thread.sleep(2500);
        assertThat(b.process().isAlive()).as("the second apply waits").isTrue();
        assertThat(live()).isEqualTo(SafeApplyIT.rulesOf(NEW));
        assertThat(rampart.run(SSH_B, "confirm").code()).isEqualTo(0);
        RampartJar.Run rb = b.await(60);
        assertThat(rb.code()).as(rb.err()).isEqualTo(0);
        assertThat(live()).isEqualTo(SafeApplyIT.rulesOf(NEW2));
        // the second saved exactly what the first left live
        String before2 = Files.readString(root.resolve("var/lib/rampart/history/000002/before/rules.v4"));
        assertThat(SafeApplyIT.rulesOf(before2)).isEqualTo(SafeApplyIT.rulesOf(NEW));
        assertThat(rampart.run(SSH_B, "confirm").code()).isEqualTo(0);
    }

    @Test
    void driftComparesTheLiveFirewallWithTheNewestApprovedApply() throws Exception {
        Path noConfig = file("monitor.yaml", "# every setting at its default\n");
        RampartJar.Run none = rampart.run(null, "drift", "--config", noConfig.toString());
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).as("no approved apply yet: nothing to compare with").contains("no approved 'rampart apply'");
        assertThat(rampart.run(SSH_A, "apply", file("a.rules", NEW).toString(), "--no-wait").code()).isEqualTo(0);
        assertThat(rampart.run(SSH_B, "confirm").code()).isEqualTo(0);
        RampartJar.Run clean = rampart.run(null, "drift", "--config", noConfig.toString());
        assertThat(clean.code()).as(clean.out() + clean.err()).isEqualTo(0);

        ns.exec("iptables", "-I", "INPUT", "-p", "tcp", "--dport", "23", "-j", "ACCEPT");
        RampartJar.Run drifted = rampart.run(null, "drift", "--config", noConfig.toString(), "--format", "json");
        assertThat(drifted.code()).as(drifted.out() + drifted.err()).isEqualTo(1);
        assertThat(drifted.out()).contains("history entry 000001").contains("\"dport\":23");
    }

    @Test
    void rollbackRestoresByIdAndHistoryShowsEveryChange() throws Exception {
        assertThat(rampart.run(SSH_A, "apply", file("a.rules", NEW).toString(), "--no-wait", "--reason", "open ssh")
                .code()).isEqualTo(0);
        assertThat(rampart.run(SSH_B, "confirm").code()).isEqualTo(0);
        assertThat(rampart.run(SSH_A, "apply", file("b.rules", NEW2).toString(), "--no-wait").code()).isEqualTo(0);
        assertThat(rampart.run(SSH_B, "confirm").code()).isEqualTo(0);
        assertThat(live()).isEqualTo(SafeApplyIT.rulesOf(NEW2));

        RampartJar.Run undo = rampart.run(SSH_A, "rollback", "--reason", "wrong host");
        assertThat(undo.code()).as(undo.err()).isEqualTo(0);
        assertThat(undo.out()).contains("restored the state before entry 2 as history entry 3");
        assertThat(live()).isEqualTo(SafeApplyIT.rulesOf(NEW));

        RampartJar.Run to2 = rampart.run(SSH_A, "rollback", "2");
        assertThat(to2.code()).as(to2.err()).isEqualTo(0);
        assertThat(live()).isEqualTo(SafeApplyIT.rulesOf(NEW2));
        assertThat(entry(4).get("kind").asText()).isEqualTo("rollback");
        assertThat(entry(4).get("restores").asLong()).isEqualTo(2);

        assertThat(rampart.run(SSH_A, "rollback", "99").err()).contains("no history entry 99");

        RampartJar.Run list = rampart.run(null, "history", "list");
        assertThat(list.code()).isEqualTo(0);
        assertThat(list.out().lines().skip(1).map(l -> l.split("\\s+")[2] + " " + l.split("\\s+")[3]).toList())
                .containsExactly("apply approved", "apply approved", "rollback approved", "rollback approved");
        assertThat(list.out()).contains("open ssh").contains("wrong host");

        RampartJar.Run diff = rampart.run(null, "history", "diff", "1", "2");
        assertThat(diff.code()).as(diff.err()).isEqualTo(1);
        assertThat(diff.out()).contains("198.18.0.88").contains("198.18.0.99");
        assertThat(rampart.run(null, "history", "diff", "2", "4").code()).isEqualTo(0);
    }

    @Test
    void undoingAnApplyEmptiesTheTablesItAdded() throws Exception {
        String withNat = NEW + """
                *nat
                :PREROUTING ACCEPT [0:0]
                :INPUT ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                :POSTROUTING ACCEPT [0:0]
                -A POSTROUTING -s 198.18.0.0/24 -j MASQUERADE
                COMMIT
                """;
        assertThat(rampart.run(SSH_A, "apply", file("nat.rules", withNat).toString(), "--no-wait").code()).isEqualTo(0);
        assertThat(rampart.run(SSH_B, "confirm").code()).isEqualTo(0);
        assertThat(ns.check("iptables-save", "-t", "nat").stdout()).contains("MASQUERADE");
        RampartJar.Run undo = rampart.run(SSH_A, "rollback");
        assertThat(undo.code()).as(undo.err()).isEqualTo(0);
        assertThat(live()).isEqualTo(SafeApplyIT.rulesOf(OLD));
        assertThat(ns.check("iptables-save", "-t", "nat").stdout()).doesNotContain("MASQUERADE");
    }

    @Test
    void aPolicyIsCompiledAppliedInBothFamiliesAndRolledBackWithItsSets() throws Exception {
        Path policy = Path.of("../examples/policy/webserver.yaml").toAbsolutePath().normalize();
        // the example opens SSH to 203.0.113.0/24 only: an admin there passes the lock-out check
        RampartJar.Run r = rampart.run("203.0.113.9 50000 198.18.0.1 22", "apply", policy.toString(), "--timeout", "3",
                "--no-wait");
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("(rules.v4, rules.v6, ipsets)");
        assertThat(live()).contains("webserver.yaml");
        assertThat(ns.check("ip6tables-save").stdout()).contains("webserver.yaml");
        assertThat(ns.check("ipset", "list", "-n").stdout()).contains("blacklist");
        Path manifest = root.resolve("var/lib/rampart/history/000001/manifest.json");
        assertThat(SafeApplyIT.waitFor(() -> RampartJar.read(manifest).contains("\"status\" : \"rolled-back\""),
                Duration.ofSeconds(10))).isTrue();
        assertThat(live()).isEqualTo(SafeApplyIT.rulesOf(OLD));
        assertThat(ns.check("ip6tables-save").stdout()).doesNotContain("webserver.yaml");
        assertThat(ns.check("ipset", "list", "-n").stdout()).doesNotContain("blacklist");

        RampartJar.Run locked = rampart.run(SSH_A, "apply", policy.toString(), "--timeout", "3", "--no-wait");
        assertThat(locked.code()).isEqualTo(1);
        assertThat(locked.err()).contains("LOCK-OUT: the connection from 198.18.0.2 to port 22 is blocked");
    }

    @Test
    void anUnconfirmedEntryIsRestoredOnlyWithForce() throws Exception {
        assertThat(rampart.run(SSH_A, "apply", file("a.rules", NEW).toString(), "--no-wait", "--timeout", "2").code())
                .isEqualTo(0);
        assertThat(SafeApplyIT.waitFor(() -> live().equals(SafeApplyIT.rulesOf(OLD)), Duration.ofSeconds(10))).isTrue();
        RampartJar.Run refused = rampart.run(SSH_A, "rollback", "1");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("entry 1 is rolled-back, not approved").contains("--force");
        assertThat(rampart.run(SSH_A, "rollback", "1", "--force").code()).isEqualTo(0);
        assertThat(live()).isEqualTo(SafeApplyIT.rulesOf(NEW));
    }

    @Test
    void rollbackWithoutIdUndoesThePendingApplyAtOnce() throws Exception {
        assertThat(rampart.run(SSH_A, "apply", file("a.rules", NEW).toString(), "--no-wait", "--timeout", "60").code())
                .isEqualTo(0);
        RampartJar.Run r = rampart.run(SSH_A, "rollback");
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("rolled back entry 1");
        assertThat(live()).isEqualTo(SafeApplyIT.rulesOf(OLD));
        assertThat(entry(1).get("status").asText()).isEqualTo("rolled-back");
    }

    @Test
    void liveIpsetsAreSwappedAndRestored() throws Exception {
        ns.exec("create blocklist hash:net family inet\nadd blocklist 203.0.113.0/24\n", List.of("ipset", "restore"));
        ns.exec("""
                *filter
                :INPUT ACCEPT [0:0]
                :FORWARD DROP [0:0]
                :OUTPUT ACCEPT [0:0]
                -A INPUT -m set --match-set blocklist src -j DROP
                COMMIT
                """, List.of("iptables-restore"));
        String before = live();
        Path dir = tmp.resolve("compiled");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("ipsets"), """
                create blocklist hash:net family inet hashsize 1024 maxelem 65536
                add blocklist 198.51.100.0/24
                create allow hash:ip family inet hashsize 1024 maxelem 65536
                add allow 198.18.0.2
                """);
        Files.writeString(dir.resolve("rules.v4"), """
                *filter
                :INPUT DROP [0:0]
                :FORWARD DROP [0:0]
                :OUTPUT ACCEPT [0:0]
                -A INPUT -i lo -j ACCEPT
                -A INPUT -m set --match-set blocklist src -j DROP
                -A INPUT -m set --match-set allow src -j ACCEPT
                -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
                COMMIT
                """);
        RampartJar.Run r = rampart.run(SSH_A, "apply", dir.toString(), "--no-wait", "--timeout", "3");
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("(rules.v4, ipsets)");
        String sets = ns.check("ipset", "save").stdout();
        assertThat(sets).contains("add blocklist 198.51.100.0/24").doesNotContain("203.0.113.0/24")
                .contains("add allow 198.18.0.2").doesNotContainPattern("(?m)^create rt[0-9a-f]{6}-");
        assertThat(live()).contains("--match-set allow src");

        // the entry is marked rolled back once everything is restored (sets the apply created are destroyed
        // after the rules that used them are gone)
        Path manifest = root.resolve("var/lib/rampart/history/000001/manifest.json");
        assertThat(SafeApplyIT.waitFor(() -> RampartJar.read(manifest).contains("\"status\" : \"rolled-back\""),
                Duration.ofSeconds(10))).isTrue();
        assertThat(live()).isEqualTo(before);
        String restored = ns.check("ipset", "save").stdout();
        assertThat(restored).contains("add blocklist 203.0.113.0/24").doesNotContain("198.51.100.0/24")
                .doesNotContain("create allow");
    }
}
