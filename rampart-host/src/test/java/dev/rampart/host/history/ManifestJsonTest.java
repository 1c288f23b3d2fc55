package dev.rampart.host.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** manifest.json: every field survives a round trip; names and values as docs/history-format.md shows. */
class ManifestJsonTest {

    @Test
    void roundTripKeepsEveryField() {
        Instant t = Instant.parse("2026-11-22T05:00:00.123Z");
        Manifest m = new Manifest(7, EntryKind.ROLLBACK, EntryStatus.ROLLED_BACK, t, "why", "entry 3",
                new Session(null, null, -1, 99, null, null, 0), null, new LockoutVerdict("blocked", true, "LOCK-OUT\n"),
                5, t.plusSeconds(5), 1234, "rampart-h-x", 3,
                List.of(new FileDigest("after/rules.v4", "ab", 2)), "cafe", "beef",
                List.of(new HistoryEvent(t, "saved", "x"), new HistoryEvent(t.plusSeconds(6), "rolled-back", "")));
        String json = ManifestJson.write(m);
        assertThat(ManifestJson.read(json)).isEqualTo(m);
        assertThat(json).contains("\"format\" : 1", "\"status\" : \"rolled-back\"", "\"kind\" : \"rollback\"",
                "\"ssh_connection\" : null", "\"deadline\" : \"2026-11-22T05:00:05.123Z\"", "\"watcher_pid\" : 1234");
    }

    @Test
    void unknownFormatsAndGarbageAreRejectedWithAReason() {
        assertThatThrownBy(() -> ManifestJson.read("{\"format\": 2, \"kind\": \"apply\"}"))
                .hasMessageContaining("unsupported manifest format 2");
        assertThatThrownBy(() -> ManifestJson.read("[1]")).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> ManifestJson.read("{")).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> ManifestJson.read("{\"format\": 1, \"kind\": \"apply\", \"status\": \"maybe\"}"))
                .hasMessageContaining("malformed manifest");
    }
}
