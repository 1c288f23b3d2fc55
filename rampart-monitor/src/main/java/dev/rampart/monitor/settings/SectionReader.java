package dev.rampart.monitor.settings;

import dev.rampart.model.diag.Diagnostic;
import dev.rampart.model.diag.DiagnosticCode;
import dev.rampart.model.diag.Diagnostics;
import dev.rampart.model.diag.Suggest;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads one section of {@code /etc/rampart/monitor.yaml} (a SnakeYAML {@link MappingNode}, as composed by
 * the daemon's config loader) into typed values, reporting every problem as a {@link Diagnostic} with
 * the file, 1-based line and column and the source line: unknown keys (with "did you mean"), wrong
 * types, values out of range. Reading goes on after a problem, so all of them are reported at once; a
 * bad value yields the default.
 *
 * <p>Usage: {@code SectionReader r = SectionReader.of(node, diags, sourceText)}; read each known key with
 * the typed getters, then call {@link #finish()} which reports the keys nobody read as unknown. A null
 * node (section absent) reads as empty: every getter returns its default.
 *
 * <p>Durations are written as numbers with units in a row: {@code 500ms}, {@code 30s}, {@code 5m},
 * {@code 1h30m}, {@code 7d}, {@code 2w} (a bare number is seconds).
 */
public final class SectionReader {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,18})(ms|s|m|h|d|w)");

    private final MappingNode node;
    private final Diagnostics diags;
    private final String[] lines;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final Set<String> read = new java.util.HashSet<>();
    /** Where problems about missing keys point: the section's own key when known, else the map. */
    private Node anchor;

    private SectionReader(MappingNode node, Diagnostics diags, String[] lines) {
        this.node = node;
        this.diags = diags;
        this.lines = lines;
        if (node != null) {
            for (NodeTuple t : node.getValue()) {
                String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : String.valueOf(t.getKeyNode());
                if (entries.putIfAbsent(key, t) != null) {
                    report(DiagnosticCode.UNKNOWN_KEY, t.getKeyNode(), "duplicate key '" + key + "'", null);
                }
            }
        }
    }

    /**
     * A reader of {@code section} (null: absent); {@code sourceText} is the whole file, for the source
     * lines in diagnostics. When {@code section} is not a map a {@code WRONG_TYPE} diagnostic is reported
     * and the section reads as empty.
     */
    public static SectionReader of(Node section, Diagnostics diags, String sourceText) {
        String[] lines = sourceText == null ? new String[0] : sourceText.split("\n", -1);
        if (section == null || section instanceof ScalarNode s && isNull(s)) {
            return new SectionReader(null, diags, lines);
        }
        if (section instanceof MappingNode m) {
            return new SectionReader(m, diags, lines);
        }
        SectionReader r = new SectionReader(null, diags, lines);
        r.report(DiagnosticCode.WRONG_TYPE, section, "expected a map of settings, found " + kind(section), null);
        return r;
    }

    /**
     * Parses a whole YAML document (e.g. a test's or a one-shot command's config) and returns the
     * reader of its top-level key {@code section}; a syntax error is reported and yields an empty reader.
     */
    public static SectionReader parse(String text, String file, String section, Diagnostics diags) {
        Node root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String[] lines = text.split("\n", -1);
            int line = m == null ? 1 : m.getLine() + 1;
            diags.add(new Diagnostic(DiagnosticCode.POLICY_SYNTAX.severity(), DiagnosticCode.POLICY_SYNTAX,
                    "YAML syntax error: " + e.getProblem(), file, line, m == null ? 1 : m.getColumn() + 1, 1,
                    line - 1 < lines.length ? lines[line - 1] : "", null));
            return new SectionReader(null, diags, lines);
        }
        if (root instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(section)) {
                    return of(t.getValueNode(), diags, text);
                }
            }
        }
        return of(null, diags, text);
    }

    /** Whether the section holds {@code key}. */
    public boolean has(String key) {
        return entries.containsKey(key);
    }

    /** The raw node of {@code key} (marked as read), or null. */
    public Node node(String key) {
        read.add(key);
        NodeTuple t = entries.get(key);
        return t == null ? null : t.getValueNode();
    }

    /** The nested section {@code key} (a map), read by its own reader. */
    public SectionReader section(String key) {
        NodeTuple t = entries.get(key);
        SectionReader r = new SectionReader(null, diags, lines).reattach(node(key));
        r.anchor = t == null ? null : t.getKeyNode();
        return r;
    }

    private SectionReader reattach(Node n) {
        if (n == null || n instanceof ScalarNode s && isNull(s)) {
            return this;
        }
        if (n instanceof MappingNode m) {
            return new SectionReader(m, diags, lines);
        }
        report(DiagnosticCode.WRONG_TYPE, n, "expected a map of settings, found " + kind(n), null);
        return this;
    }

    /** The string value of {@code key}, or {@code dflt}. */
    public String string(String key, String dflt) {
        Node n = node(key);
        if (n == null || n instanceof ScalarNode s && isNull(s)) {
            return dflt;
        }
        if (n instanceof ScalarNode s) {
            return s.getValue();
        }
        report(DiagnosticCode.WRONG_TYPE, n, "'" + key + "' must be a single value, found " + kind(n), null);
        return dflt;
    }

    /** The value of {@code key}, which must be one of {@code choices}, or {@code dflt}. */
    public String choice(String key, String dflt, List<String> choices) {
        String v = string(key, null);
        if (v == null) {
            return dflt;
        }
        if (!choices.contains(v)) {
            report(DiagnosticCode.INVALID_VALUE, node(key), "'" + key + "' must be one of " + String.join(", ", choices)
                    + ", not '" + v + "'", Suggest.didYouMean(v, choices));
            return dflt;
        }
        return v;
    }

    /** The boolean value of {@code key} ({@code true}/{@code false}, {@code yes}/{@code no}, {@code on}/{@code off}). */
    public boolean bool(String key, boolean dflt) {
        String v = string(key, null);
        if (v == null) {
            return dflt;
        }
        switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on" -> {
                return true;
            }
            case "false", "no", "off" -> {
                return false;
            }
            default -> {
                report(DiagnosticCode.WRONG_TYPE, node(key), "'" + key + "' must be true or false, not '" + v + "'", null);
                return dflt;
            }
        }
    }

    /** The integer value of {@code key} within {@code [min, max]}, or {@code dflt}. */
    public long integer(String key, long dflt, long min, long max) {
        String v = string(key, null);
        if (v == null) {
            return dflt;
        }
        long n;
        try {
            n = Long.parseLong(v.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            report(DiagnosticCode.WRONG_TYPE, node(key), "'" + key + "' must be a whole number, not '" + v + "'", null);
            return dflt;
        }
        if (n < min || n > max) {
            report(DiagnosticCode.INVALID_VALUE, node(key), "'" + key + "' must be between " + min + " and " + max
                    + ", not " + n, null);
            return dflt;
        }
        return n;
    }

    /** The duration value of {@code key} ({@code 30s}, {@code 5m}, ...) within {@code [min, max]}, or {@code dflt}. */
    public Duration duration(String key, Duration dflt, Duration min, Duration max) {
        String v = string(key, null);
        if (v == null) {
            return dflt;
        }
        Duration d = parseDuration(v);
        if (d == null) {
            report(DiagnosticCode.WRONG_TYPE, node(key), "'" + key + "' must be a duration such as 30s, 5m, 2h, not '"
                    + v + "'", "write numbers followed by ms, s, m, h, d or w (90s, 1h30m)");
            return dflt;
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            report(DiagnosticCode.INVALID_VALUE, node(key), "'" + key + "' must be between " + Durations.text(min)
                    + " and " + Durations.text(max) + ", not " + v, null);
            return dflt;
        }
        return d;
    }

    /**
     * {@code 30s}, {@code 5m}, {@code 500ms}, {@code 1h30m}, {@code 2w}... as a duration (a bare number is
     * seconds; units {@code ms s m h d w} in a row, as in the rest of {@code monitor.yaml}), or null when
     * malformed.
     */
    public static Duration parseDuration(String text) {
        String t = text.strip().toLowerCase(java.util.Locale.ROOT);
        if (t.matches("\\d{1,18}")) {
            return Duration.ofSeconds(Long.parseLong(t));
        }
        Matcher m = DURATION.matcher(t);
        Duration d = Duration.ZERO;
        int pos = 0;
        try {
            while (m.find() && m.start() == pos) {
                long n = Long.parseLong(m.group(1));
                d = d.plus(switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    case "d" -> Duration.ofDays(n);
                    default -> Duration.ofDays(7 * n);
                });
                pos = m.end();
            }
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
        return pos == t.length() && pos > 0 ? d : null;
    }

    /** The list of strings of {@code key} (a single scalar counts as a list of one), or {@code dflt}. */
    public List<String> strings(String key, List<String> dflt) {
        Node n = node(key);
        if (n == null || n instanceof ScalarNode s && isNull(s)) {
            return dflt;
        }
        if (n instanceof ScalarNode s) {
            return List.of(s.getValue());
        }
        if (n instanceof SequenceNode seq) {
            List<String> out = new ArrayList<>();
            for (Node item : seq.getValue()) {
                if (item instanceof ScalarNode s && !isNull(s)) {
                    out.add(s.getValue());
                } else {
                    report(DiagnosticCode.WRONG_TYPE, item, "items of '" + key + "' must be single values, found "
                            + kind(item), null);
                }
            }
            return List.copyOf(out);
        }
        report(DiagnosticCode.WRONG_TYPE, n, "'" + key + "' must be a list, found " + kind(n), null);
        return dflt;
    }

    /** The map of string to string of {@code key} (e.g. HTTP headers), in file order; empty when absent. */
    public Map<String, String> stringMap(String key) {
        Node n = node(key);
        Map<String, String> out = new LinkedHashMap<>();
        if (n == null || n instanceof ScalarNode s && isNull(s)) {
            return out;
        }
        if (!(n instanceof MappingNode m)) {
            report(DiagnosticCode.WRONG_TYPE, n, "'" + key + "' must be a map, found " + kind(n), null);
            return out;
        }
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && t.getValueNode() instanceof ScalarNode v) {
                out.put(k.getValue(), v.getValue());
            } else {
                report(DiagnosticCode.WRONG_TYPE, t.getValueNode(), "entries of '" + key
                        + "' must be 'name: value'", null);
            }
        }
        return out;
    }

    /**
     * Reports a problem with the value of {@code key} (e.g. a check across keys); when the key is absent
     * (a required key missing) the problem points at the section's own key.
     */
    public void problem(String key, String message, String suggestion) {
        NodeTuple t = entries.get(key);
        report(DiagnosticCode.INVALID_VALUE, t != null ? t.getValueNode() : anchor != null ? anchor : node, message,
                suggestion);
    }

    /** Reports every key that no getter asked for as unknown, suggesting the closest known key. */
    public void finish() {
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            if (!read.contains(e.getKey())) {
                report(DiagnosticCode.UNKNOWN_KEY, e.getValue().getKeyNode(), "unknown key '" + e.getKey() + "'",
                        Suggest.didYouMean(e.getKey(), read));
            }
        }
    }

    private void report(DiagnosticCode code, Node at, String message, String suggestion) {
        int line = 1;
        int col = 1;
        int width = 1;
        if (at != null && at.getStartMark() != null) {
            line = at.getStartMark().getLine() + 1;
            col = at.getStartMark().getColumn() + 1;
            if (at.getEndMark() != null && at.getEndMark().getLine() == at.getStartMark().getLine()) {
                width = Math.max(1, at.getEndMark().getColumn() - at.getStartMark().getColumn());
            }
        }
        String src = line - 1 < lines.length ? lines[line - 1] : "";
        diags.add(new Diagnostic(code.severity(), code, message, diags.file(), line, col, width, src, suggestion));
    }

    private static boolean isNull(ScalarNode s) {
        return s.getTag().getValue().endsWith(":null") || s.getValue().isEmpty() && s.getScalarStyle() == org.yaml.snakeyaml.DumperOptions.ScalarStyle.PLAIN;
    }

    private static String kind(Node n) {
        if (n instanceof MappingNode) {
            return "a map";
        }
        if (n instanceof SequenceNode) {
            return "a list";
        }
        return "a single value";
    }
}
