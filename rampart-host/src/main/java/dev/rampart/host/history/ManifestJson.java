package dev.rampart.host.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes {@code manifest.json} (docs/history-format.md). Field names are snake_case; times
 * are ISO-8601 UTC instants; absent values are JSON {@code null}. Reading rejects a manifest whose
 * {@code format} is newer than {@link Manifest#FORMAT}.
 */
public final class ManifestJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ManifestJson() {
    }

    /**
     * Writes and reads back a throwaway manifest, so that a process waiting to react to a manifest
     * (the rollback watcher) has loaded and initialised the JSON code before it matters (a cold first
     * read costs hundreds of milliseconds while the apply keeps the CPUs busy).
     */
    public static void warmUp() {
        Instant t = Instant.EPOCH;
        read(write(new Manifest(0, EntryKind.APPLY, EntryStatus.APPLYING, t, "", "",
                new Session(null, null, -1, 0, t, null, -1), null, new LockoutVerdict("safe", false, ""), 1, t, 0,
                null, 0, List.of(new FileDigest("after/rules.v4", "", 0)), "", "",
                List.of(new HistoryEvent(t, "saved", "")))));
    }

    /** The manifest as pretty-printed JSON with a trailing newline. */
    public static String write(Manifest m) {
        try {
            return MAPPER.writeValueAsString(tree(m)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a manifest", e);
        }
    }

    /** The manifest as a JSON tree (used by {@code rampart history show --format json} as well). */
    public static ObjectNode tree(Manifest m) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("format", Manifest.FORMAT);
        o.put("id", m.id());
        o.put("kind", m.kind().word());
        o.put("status", m.status().word());
        o.put("created", m.created().toString());
        o.put("reason", m.reason());
        o.put("source", m.source());
        ObjectNode s = o.putObject("session");
        Session ses = m.session();
        s.put("ssh_connection", ses.sshConnection());
        s.put("tty", ses.tty());
        s.put("session_id", ses.sessionId());
        s.put("pid", ses.pid());
        s.put("pid_start", ses.pidStart() == null ? null : ses.pidStart().toString());
        s.put("user", ses.user());
        s.put("uid", ses.uid());
        o.put("admin", m.admin());
        if (m.lockout() == null) {
            o.putNull("lockout");
        } else {
            ObjectNode l = o.putObject("lockout");
            l.put("result", m.lockout().result());
            l.put("forced", m.lockout().forced());
            l.put("report", m.lockout().report());
        }
        o.put("timeout_seconds", m.timeoutSeconds());
        o.put("deadline", m.deadline() == null ? null : m.deadline().toString());
        o.put("watcher_pid", m.watcherPid());
        o.put("netns", m.netns());
        o.put("restores", m.restores());
        ArrayNode files = o.putArray("files");
        for (FileDigest d : m.files()) {
            ObjectNode f = files.addObject();
            f.put("path", d.path());
            f.put("sha256", d.sha256());
            f.put("bytes", d.bytes());
        }
        o.put("content_hash", m.contentHash());
        o.put("before_hash", m.beforeHash());
        ArrayNode events = o.putArray("events");
        for (HistoryEvent e : m.events()) {
            ObjectNode ev = events.addObject();
            ev.put("time", e.time().toString());
            ev.put("event", e.event());
            ev.put("detail", e.detail());
        }
        return o;
    }

    /**
     * Parses a manifest.
     *
     * @throws IllegalArgumentException when the text is not a manifest of a known format; the message says why
     */
    public static Manifest read(String json) {
        JsonNode o;
        try {
            o = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (o == null || !o.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        int format = o.path("format").asInt(-1);
        if (format < 1 || format > Manifest.FORMAT) {
            throw new IllegalArgumentException("unsupported manifest format " + o.path("format")
                    + " (this rampart reads format " + Manifest.FORMAT + ")");
        }
        try {
            JsonNode s = o.path("session");
            Session session = new Session(text(s, "ssh_connection"), text(s, "tty"), s.path("session_id").asLong(-1),
                    s.path("pid").asLong(-1), instant(s, "pid_start"), text(s, "user"), s.path("uid").asLong(-1));
            JsonNode l = o.path("lockout");
            LockoutVerdict lockout = l.isObject()
                    ? new LockoutVerdict(text(l, "result"), l.path("forced").asBoolean(), text(l, "report")) : null;
            List<FileDigest> files = new ArrayList<>();
            for (JsonNode f : o.path("files")) {
                files.add(new FileDigest(text(f, "path"), text(f, "sha256"), f.path("bytes").asLong()));
            }
            List<HistoryEvent> events = new ArrayList<>();
            for (JsonNode e : o.path("events")) {
                events.add(new HistoryEvent(instant(e, "time"), text(e, "event"), text(e, "detail")));
            }
            return new Manifest(o.path("id").asLong(), EntryKind.of(required(o, "kind")),
                    EntryStatus.of(required(o, "status")), instant(o, "created"), text(o, "reason"), text(o, "source"),
                    session, text(o, "admin"), lockout, o.path("timeout_seconds").asLong(), instant(o, "deadline"),
                    o.path("watcher_pid").asLong(), text(o, "netns"), o.path("restores").asLong(), files,
                    text(o, "content_hash"), text(o, "before_hash"), events);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("malformed manifest: " + e.getMessage(), e);
        }
    }

    private static String required(JsonNode o, String field) {
        String v = text(o, field);
        if (v == null) {
            throw new IllegalArgumentException("missing '" + field + "'");
        }
        return v;
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Instant instant(JsonNode o, String field) {
        String v = text(o, field);
        return v == null ? null : Instant.parse(v);
    }
}
