package dev.rampart.host.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The on-disk layout of docs/history-format.md: numbering, files, digests, manifest updates, damage. */
class HistoryStoreTest {
    @TempDir
    Path dir;

    static final Instant T0 = Instant.parse("2026-11-22T05:00:00Z");
    static final Session SESSION = new Session("198.18.0.2 50000 198.18.0.1 22", "/dev/pts/3", 4242, 4343,
            T0.minusSeconds(5), "alice", 0);

    static Manifest draft(String reason) {
        return new Manifest(0, EntryKind.APPLY, EntryStatus.APPLYING, T0, reason, "/etc/rampart/policy.yaml", SESSION,
                "198.18.0.2", new LockoutVerdict("safe", false, ""), 120, null, 0, null, 0, List.of(), null, null,
                List.of(new HistoryEvent(T0, "saved", "previous state saved")));
    }

    static final RulesetState BEFORE = new RulesetState("*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n", "", "");
    static final RulesetState AFTER = new RulesetState("*filter\n:INPUT DROP [0:0]\nCOMMIT\n", null,
            "create s hash:ip family inet\nadd s 198.18.0.2\n");

    @Test
    void entriesAreNumberedDirectoriesWithBeforeAfterAndAManifest() throws IOException {
        HistoryStore store = new HistoryStore(dir.resolve("history"));
        HistoryEntry first = store.create(draft("one"), BEFORE, AFTER);
        HistoryEntry second = store.create(draft("two"), BEFORE, AFTER);
        assertThat(first.id()).isEqualTo(1);
        assertThat(second.id()).isEqualTo(2);
        assertThat(first.dir()).isEqualTo(dir.resolve("history/000001"));
        assertThat(first.dir().resolve("before/rules.v4")).hasContent(BEFORE.rulesV4());
        assertThat(first.dir().resolve("before/rules.v6")).exists().isEmptyFile();
        assertThat(first.dir().resolve("after/rules.v4")).hasContent(AFTER.rulesV4());
        assertThat(first.dir().resolve("after/rules.v6")).doesNotExist();
        assertThat(first.dir().resolve("after/ipsets")).hasContent(AFTER.ipsets());
        assertThat(Files.list(dir.resolve("history")).map(p -> p.getFileName().toString()).sorted().toList())
                .containsExactly("000001", "000002");
        assertThat(store.list()).extracting(e -> e.manifest().reason()).containsExactly("one", "two");
        assertThat(store.state(first, HistoryStore.AFTER)).isEqualTo(AFTER);
        assertThat(store.state(first, HistoryStore.BEFORE)).isEqualTo(BEFORE);
    }

    @Test
    void digestsAndContentHashesMatchTheFilesAndSha256sum() throws IOException {
        HistoryStore store = new HistoryStore(dir);
        Manifest m = store.create(draft(""), BEFORE, AFTER).manifest();
        assertThat(m.files()).extracting(FileDigest::path)
                .containsExactly("before/rules.v4", "before/rules.v6", "before/ipsets", "after/rules.v4", "after/ipsets");
        FileDigest v4 = m.files().get(3);
        // sha256sum of the file's bytes
        assertThat(v4.sha256()).isEqualTo(ContentHash.sha256(AFTER.rulesV4()));
        assertThat(v4.bytes()).isEqualTo(AFTER.rulesV4().length());
        // the content hash: sha256 of "NAME SHA\n" lines of the present after/ files
        String lines = "rules.v4 " + ContentHash.sha256(AFTER.rulesV4()) + "\nipsets " + ContentHash.sha256(AFTER.ipsets())
                + "\n";
        assertThat(m.contentHash()).isEqualTo(ContentHash.sha256(lines));
        assertThat(m.beforeHash()).isEqualTo(ContentHash.of(BEFORE)).isNotEqualTo(m.contentHash());
        assertThat(ContentHash.sha256("")).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void manifestUpdatesAreReadBackAndDamageIsDetected() throws IOException {
        HistoryStore store = new HistoryStore(dir);
        HistoryEntry e = store.create(draft(""), BEFORE, AFTER);
        Instant deadline = T0.plusSeconds(120);
        e = store.update(e, e.manifest().withDeadline(deadline, EntryStatus.PENDING,
                new HistoryEvent(T0.plusSeconds(1), "applied", "")));
        HistoryEntry read = store.find(1).orElseThrow();
        assertThat(read.manifest().status()).isEqualTo(EntryStatus.PENDING);
        assertThat(read.manifest().deadline()).isEqualTo(deadline);
        assertThat(read.manifest().events()).extracting(HistoryEvent::event).containsExactly("saved", "applied");
        assertThat(store.verify(read)).isEmpty();
        Files.writeString(e.dir().resolve("after/rules.v4"), "*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n");
        assertThat(store.verify(read)).containsExactly("after/rules.v4");
        assertThat(store.find(7)).isEmpty();
    }

    @Test
    void aStoreThatCannotBeWrittenFailsAndLeavesNoNumberedEntry() throws IOException {
        Path notADir = Files.writeString(dir.resolve("history"), "x");
        assertThatThrownBy(() -> new HistoryStore(notADir).create(draft(""), BEFORE, AFTER))
                .isInstanceOf(IOException.class);
        assertThat(notADir).hasContent("x");
    }

    @Test
    void aBrokenManifestIsReportedWithItsPath() throws IOException {
        HistoryStore store = new HistoryStore(dir);
        HistoryEntry e = store.create(draft(""), BEFORE, AFTER);
        Files.writeString(e.dir().resolve(HistoryStore.MANIFEST), "{\"format\": 9}");
        assertThatThrownBy(store::list).isInstanceOf(IOException.class)
                .hasMessageContaining("000001/manifest.json").hasMessageContaining("unsupported manifest format 9");
    }
}
