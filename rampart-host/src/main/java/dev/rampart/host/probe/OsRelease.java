package dev.rampart.host.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The distribution, as {@code /etc/os-release} names it (os-release(5)): {@code ID}, the space-separated
 * {@code ID_LIKE} list, {@code VERSION_ID} and {@code PRETTY_NAME}. Missing keys are empty strings (an
 * empty list for {@code ID_LIKE}); ids are lower-case as the format requires.
 *
 * @param id         {@code ID}, e.g. {@code debian}, {@code ubuntu}, {@code rhel}, {@code fedora}, {@code arch}
 * @param idLike     {@code ID_LIKE}, e.g. {@code [rhel, centos, fedora]} for Rocky Linux
 * @param versionId  {@code VERSION_ID}, e.g. {@code 12}
 * @param prettyName {@code PRETTY_NAME}, e.g. {@code Debian GNU/Linux 12 (bookworm)}
 */
public record OsRelease(String id, List<String> idLike, String versionId, String prettyName) {

    /** What {@link #parse} returns for an absent or empty file: nothing known. */
    public static final OsRelease UNKNOWN = new OsRelease("", List.of(), "", "");

    public OsRelease {
        Objects.requireNonNull(id, "id");
        idLike = List.copyOf(idLike);
        Objects.requireNonNull(versionId, "versionId");
        Objects.requireNonNull(prettyName, "prettyName");
    }

    /**
     * Parses os-release text: {@code KEY=value} lines, values optionally in double or single quotes with
     * backslash escapes inside double quotes; {@code #} comments and blank lines ignored; lines that are
     * not assignments ignored (the format says so).
     */
    public static OsRelease parse(String text) {
        String id = "";
        String idLike = "";
        String versionId = "";
        String pretty = "";
        for (String raw : text.split("\n", -1)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = line.substring(0, eq).strip();
            String value = unquote(line.substring(eq + 1).strip());
            switch (key) {
                case "ID" -> id = value.toLowerCase(Locale.ROOT);
                case "ID_LIKE" -> idLike = value.toLowerCase(Locale.ROOT);
                case "VERSION_ID" -> versionId = value;
                case "PRETTY_NAME" -> pretty = value;
                default -> {
                    // other keys are not needed
                }
            }
        }
        List<String> like = new ArrayList<>();
        for (String w : idLike.split("\\s+")) {
            if (!w.isEmpty()) {
                like.add(w);
            }
        }
        return new OsRelease(id, like, versionId, pretty);
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            boolean dq = v.charAt(0) == '"';
            String inner = v.substring(1, v.length() - 1);
            if (!dq) {
                return inner;
            }
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < inner.length(); i++) {
                char c = inner.charAt(i);
                if (c == '\\' && i + 1 < inner.length()) {
                    c = inner.charAt(++i);
                }
                sb.append(c);
            }
            return sb.toString();
        }
        return v;
    }

    /** Whether {@code ID} or any {@code ID_LIKE} entry is {@code name}. */
    public boolean is(String name) {
        return id.equals(name) || idLike.contains(name);
    }

    /** {@code PRETTY_NAME}, else {@code ID VERSION_ID}, else {@code unknown}. */
    public String describe() {
        if (!prettyName.isEmpty()) {
            return prettyName;
        }
        return id.isEmpty() ? "unknown" : (id + (versionId.isEmpty() ? "" : " " + versionId));
    }
}
