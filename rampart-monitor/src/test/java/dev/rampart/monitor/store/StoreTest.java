package dev.rampart.monitor.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.monitor.ban.Ban;
import dev.rampart.monitor.ban.BanTargets;
import dev.rampart.monitor.source.Checkpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreTest {
    @TempDir
    Path dir;

    private static final Instant T0 = Instant.parse("2026-11-22T05:00:00Z");

    private static Ban ban(String target, Instant added, Duration d, String origin) {
        return new Ban(BanTargets.parse(target), added, d == null ? null : added.plus(d), origin, "test", 1);
    }

    @Test
    void bansSurviveReopeningAndAreNeverShortenedByALaterDecision() throws Exception {
        Path db = dir.resolve("sub/rampart.db");
        try (Store s = Store.open(db)) {
            assertThat(s.<Store.Upsert>transaction(tx -> tx.upsertBan(ban("192.0.2.7", T0, Duration.ofHours(2), "manual"))))
                    .isEqualTo(Store.Upsert.ADDED);
            assertThat(s.<Store.Upsert>transaction(tx -> tx.upsertBan(ban("192.0.2.7", T0, Duration.ofMinutes(10), "sshd"))))
                    .isEqualTo(Store.Upsert.UNCHANGED);
            assertThat(s.<Store.Upsert>transaction(tx -> tx.upsertBan(ban("192.0.2.7", T0, Duration.ofHours(3), "sshd"))))
                    .isEqualTo(Store.Upsert.EXTENDED);
            s.transaction(tx -> tx.upsertBan(ban("2001:db8:1:2::/64", T0, null, "manual")));
        }
        try (Store s = Store.open(db)) {
            assertThat(s.bans()).extracting(b -> BanTargets.format(b.target()))
                    .containsExactlyInAnyOrder("192.0.2.7", "2001:db8:1:2::/64");
            assertThat(s.ban("192.0.2.7").expires()).isEqualTo(T0.plus(Duration.ofHours(3)));
            assertThat(s.ban("2001:db8:1:2::/64").expires()).isNull();
            assertThat(s.countLog("added")).isEqualTo(2);
            assertThat(s.countLog("extended")).isEqualTo(1);
        }
    }

    @Test
    void expiredBansAreRemovedAndLogged() throws Exception {
        try (Store s = Store.open(dir.resolve("r.db"))) {
            s.transaction(tx -> tx.upsertBan(ban("192.0.2.1", T0, Duration.ofMinutes(1), "sshd")));
            s.transaction(tx -> tx.upsertBan(ban("192.0.2.2", T0, Duration.ofMinutes(5), "sshd")));
            assertThat(s.<java.util.List<Ban>>transaction(tx -> tx.deleteExpired(T0.plusSeconds(60)))).hasSize(1);
            assertThat(s.bans()).hasSize(1);
            assertThat(s.countLog("expired")).isEqualTo(1);
            assertThat(s.<Ban>transaction(tx -> tx.deleteBan("192.0.2.2", "removed", T0))).isNotNull();
            assertThat(s.<Ban>transaction(tx -> tx.deleteBan("192.0.2.2", "removed", T0))).isNull();
        }
    }

    @Test
    void aFailedTransactionLeavesNeitherBansNorCheckpoint() throws Exception {
        try (Store s = Store.open(dir.resolve("r.db"))) {
            assertThatThrownBy(() -> s.transaction(tx -> {
                tx.upsertBan(ban("192.0.2.1", T0, Duration.ofMinutes(1), "sshd"));
                tx.saveCheckpoint("/var/log/auth.log", new Checkpoint.FileCheckpoint("/var/log/auth.log", 5, 100,
                        "3:ab"), 10);
                throw new IllegalStateException("crash");
            })).isInstanceOf(IllegalStateException.class);
            assertThat(s.bans()).isEmpty();
            assertThat(s.checkpoints()).isEmpty();
        }
    }

    @Test
    void checkpointsAccumulateTheirLineCounts() throws Exception {
        try (Store s = Store.open(dir.resolve("r.db"))) {
            s.transaction(tx -> {
                tx.saveCheckpoint("/l", new Checkpoint.FileCheckpoint("/l", 7, 10, "10:aa"), 3);
                tx.saveCheckpoint("journal", new Checkpoint.JournalCheckpoint("s=1;i=2"), 5);
                return null;
            });
            s.transaction(tx -> {
                tx.saveCheckpoint("/l", new Checkpoint.FileCheckpoint("/l", 7, 25, "25:bb"), 4);
                return null;
            });
            assertThat(s.checkpoint("/l").lines()).isEqualTo(7);
            assertThat(s.checkpoint("/l").checkpoint()).isEqualTo(new Checkpoint.FileCheckpoint("/l", 7, 25, "25:bb"));
            assertThat(s.checkpoint("journal").checkpoint()).isEqualTo(new Checkpoint.JournalCheckpoint("s=1;i=2"));
        }
    }
}
