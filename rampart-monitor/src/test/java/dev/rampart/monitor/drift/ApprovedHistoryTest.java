package dev.rampart.monitor.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.host.history.EntryKind;
import dev.rampart.host.history.EntryStatus;
import dev.rampart.host.history.HistoryEntry;
import dev.rampart.host.history.HistoryEvent;
import dev.rampart.host.history.HistoryStore;
import dev.rampart.host.history.LockoutVerdict;
import dev.rampart.host.history.Manifest;
import dev.rampart.host.history.RulesetState;
import dev.rampart.host.history.Session;
import dev.rampart.model.Family;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The approved state drift compares with is what the newest approved apply (or rollback) put in force:
 * its loaded parts over the state it replaced; applies rolled back, failed or still pending are passed
 * over.
 */
class ApprovedHistoryTest {
    private static final Instant T0 = Instant.parse("2026-11-22T05:00:00Z");
    private static final String OPEN_V4 = "*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n";
    private static final String SSH_V4 = "*filter\n:INPUT DROP [0:0]\n-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\nCOMMIT\n";
    private static final String TELNET_V4 = "*filter\n:INPUT DROP [0:0]\n-A INPUT -p tcp -m tcp --dport 23 -j ACCEPT\nCOMMIT\n";
    private static final String V6 = "*filter\n:INPUT DROP [0:0]\nCOMMIT\n";

    @TempDir
    Path dir;

    private static Manifest draft() {
        Session session = new Session("198.18.0.2 50000 198.18.0.1 22", "/dev/pts/3", 4242, 4343, T0, "alice", 0);
        return new Manifest(0, EntryKind.APPLY, EntryStatus.APPLYING, T0, "test", "rules.v4", session, "198.18.0.2",
                new LockoutVerdict("safe", false, ""), 120, null, 0, null, 0, List.of(), null, null,
                List.of(new HistoryEvent(T0, "saved", "previous state saved")));
    }

    private static HistoryEntry settle(HistoryStore store, HistoryEntry e, EntryStatus status) throws IOException {
        return store.update(e, e.manifest().withStatus(status, new HistoryEvent(T0, status.word(), "")));
    }

    @Test
    void noApprovedEntryMeansNoApprovedState() throws IOException {
        HistoryStore store = new HistoryStore(dir.resolve("history"));
        assertThat(ApprovedHistory.latest(store)).isEmpty();
        HistoryEntry pending = store.create(draft(), new RulesetState(OPEN_V4, V6, null), new RulesetState(SSH_V4, null, null));
        settle(store, pending, EntryStatus.PENDING);
        assertThat(ApprovedHistory.latest(store)).isEmpty();
    }

    @Test
    void theNewestApprovedApplyWinsWithItsLoadedPartsOverTheStateItReplaced() throws IOException {
        HistoryStore store = new HistoryStore(dir.resolve("history"));
        HistoryEntry ssh = store.create(draft(), new RulesetState(OPEN_V4, V6, null), new RulesetState(SSH_V4, null, null));
        settle(store, ssh, EntryStatus.APPROVED);
        HistoryEntry telnet = store.create(draft(), new RulesetState(SSH_V4, V6, null),
                new RulesetState(TELNET_V4, null, null));
        settle(store, telnet, EntryStatus.ROLLED_BACK);

        ApprovedState approved = ApprovedHistory.latest(store).orElseThrow();
        assertThat(approved.id()).isEqualTo("history entry " + HistoryStore.name(ssh.id()));
        assertThat(approved.ruleset(Family.IPV4).orElseThrow().text()).isEqualTo(SSH_V4);
        // the apply loaded no IPv6 rules: the IPv6 rules it found stay approved
        assertThat(approved.ruleset(Family.IPV6).orElseThrow().text()).isEqualTo(V6);
        assertThat(approved.ipsets()).isEmpty();
    }
}
