package dev.rampart.monitor.settings;

import dev.rampart.model.diag.DiagnosticCode;
import dev.rampart.model.diag.Diagnostics;
import dev.rampart.model.diag.Suggest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * One section of {@code /etc/rampart/monitor.yaml} ({@code alerts:}, {@code drift:}, {@code counters:}) read
 * key by key: a view over a {@link YamlReader}, which does the value syntaxes and the positioned
 * diagnostics; this view adds what a part that owns a section needs — it remembers which keys were read,
 * words its messages by key ({@code 'window' must be ...}), and {@link #finish()} reports the keys nobody
 * read as unknown, suggesting the closest read key. A bad value yields the default.
 *
 * <p>Usage: {@code SectionReader r = SectionReader.of(node, yamlReader)}; read each known key with the typed
 * getters, then call {@link #finish()}. A null node (section absent) reads as empty: every getter returns
 * its default.
 */
public final class SectionReader {
    private final YamlReader yaml;
    private final MappingNode node;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final Set<String> read = new HashSet<>();
    /** Where problems about missing keys point: the section's own key when known, else the map. */
    private Node anchor;

    private SectionReader(YamlReader yaml, MappingNode node) {
        this.yaml = yaml;
        this.node = node;
        if (node != null) {
            for (NodeTuple t : node.getValue()) {
                String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : String.valueOf(t.getKeyNode());
                if (entries.putIfAbsent(key, t) != null) {
                    yaml.error(t.getKeyNode(), DiagnosticCode.UNKNOWN_KEY, "duplicate key '" + key + "'", null);
                }
            }
        }
    }

    /**
     * A view of {@code section} (null: absent) read through {@code yaml}. When {@code section} is not a map
     * a {@code WRONG_TYPE} diagnostic is reported and the section reads as empty.
     */
    public static SectionReader of(Node section, YamlReader yaml) {
        if (section instanceof MappingNode m) {
            return new SectionReader(yaml, m);
        }
        if (section != null && !YamlReader.isNull(section)) {
            yaml.error(section, DiagnosticCode.WRONG_TYPE, "expected a map of settings, found "
                    + YamlReader.kind(section), null);
        }
        return new SectionReader(yaml, null);
    }

    /**
     * Parses a whole YAML document (e.g. a test's or a one-shot command's config) and returns the view of
     * its top-level key {@code section}; a syntax error is reported at its position in {@code file} and
     * yields an empty view.
     */
    public static SectionReader parse(String text, String file, String section, Diagnostics diags) {
        YamlReader yaml = new YamlReader(diags, text);
        Node root = YamlReader.compose(text, file, diags, "YAML syntax error: ");
        if (root instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(section)) {
                    return of(t.getValueNode(), yaml);
                }
            }
        }
        return of(null, yaml);
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

    /** The nested section {@code key} (a map), read by its own view. */
    public SectionReader section(String key) {
        NodeTuple t = entries.get(key);
        SectionReader r = of(node(key), yaml);
        r.anchor = t == null ? null : t.getKeyNode();
        return r;
    }

    /** The string value of {@code key}, or {@code dflt}. */
    public String string(String key, String dflt) {
        Node n = node(key);
        if (n == null || YamlReader.isNull(n)) {
            return dflt;
        }
        if (n instanceof ScalarNode s) {
            return s.getValue();
        }
        yaml.error(n, DiagnosticCode.WRONG_TYPE, quoted(key) + " must be a single value, found " + YamlReader.kind(n),
                null);
        return dflt;
    }

    /** The value of {@code key}, which must be one of {@code choices}, or {@code dflt}. */
    public String choice(String key, String dflt, List<String> choices) {
        String v = string(key, null);
        return v == null ? dflt : yaml.oneOf(node(key), quoted(key), v, choices, dflt);
    }

    /** The boolean value of {@code key} ({@code true}/{@code false}, {@code yes}/{@code no}, {@code on}/{@code off}). */
    public boolean bool(String key, boolean dflt) {
        String v = string(key, null);
        return v == null ? dflt : yaml.truth(node(key), quoted(key), v, DiagnosticCode.WRONG_TYPE, dflt);
    }

    /** The integer value of {@code key} within {@code [min, max]}, or {@code dflt}. */
    public long integer(String key, long dflt, long min, long max) {
        String v = string(key, null);
        if (v == null) {
            return dflt;
        }
        Long n = YamlReader.parseWhole(v);
        if (n == null) {
            yaml.error(node(key), DiagnosticCode.WRONG_TYPE, quoted(key) + " must be a whole number, not '" + v + "'",
                    null);
            return dflt;
        }
        if (n < min || n > max) {
            yaml.error(node(key), DiagnosticCode.INVALID_VALUE, quoted(key) + " must be between " + min + " and " + max
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
        Duration d = YamlReader.parseDuration(v);
        if (d == null) {
            yaml.error(node(key), DiagnosticCode.WRONG_TYPE, quoted(key) + " must be a duration such as 30s, 5m, 2h, not '"
                    + v + "'", "write numbers followed by ms, s, m, h, d or w (90s, 1h30m)");
            return dflt;
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            yaml.error(node(key), DiagnosticCode.INVALID_VALUE, quoted(key) + " must be between "
                    + YamlReader.format(min) + " and " + YamlReader.format(max) + ", not " + v, null);
            return dflt;
        }
        return d;
    }

    /** The list of strings of {@code key} (a single scalar counts as a list of one), or {@code dflt}. */
    public List<String> strings(String key, List<String> dflt) {
        Node n = node(key);
        if (n == null || YamlReader.isNull(n)) {
            return dflt;
        }
        if (n instanceof ScalarNode s) {
            return List.of(s.getValue());
        }
        if (n instanceof SequenceNode seq) {
            List<String> out = new ArrayList<>();
            for (Node item : seq.getValue()) {
                if (item instanceof ScalarNode s && !YamlReader.isNull(s)) {
                    out.add(s.getValue());
                } else {
                    yaml.error(item, DiagnosticCode.WRONG_TYPE, "items of " + quoted(key)
                            + " must be single values, found " + YamlReader.kind(item), null);
                }
            }
            return List.copyOf(out);
        }
        yaml.error(n, DiagnosticCode.WRONG_TYPE, quoted(key) + " must be a list, found " + YamlReader.kind(n), null);
        return dflt;
    }

    /** The map of string to string of {@code key} (e.g. HTTP headers), in file order; empty when absent. */
    public Map<String, String> stringMap(String key) {
        Node n = node(key);
        Map<String, String> out = new LinkedHashMap<>();
        if (n == null || YamlReader.isNull(n)) {
            return out;
        }
        if (!(n instanceof MappingNode m)) {
            yaml.error(n, DiagnosticCode.WRONG_TYPE, quoted(key) + " must be a map, found " + YamlReader.kind(n), null);
            return out;
        }
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && t.getValueNode() instanceof ScalarNode v) {
                out.put(k.getValue(), v.getValue());
            } else {
                yaml.error(t.getValueNode(), DiagnosticCode.WRONG_TYPE, "entries of " + quoted(key)
                        + " must be 'name: value'", null);
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
        yaml.error(t != null ? t.getValueNode() : anchor != null ? anchor : node, DiagnosticCode.INVALID_VALUE,
                message, suggestion);
    }

    /** Reports every key that no getter asked for as unknown, suggesting the closest known key. */
    public void finish() {
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            if (!read.contains(e.getKey())) {
                yaml.error(e.getValue().getKeyNode(), DiagnosticCode.UNKNOWN_KEY, "unknown key '" + e.getKey() + "'",
                        Suggest.didYouMean(e.getKey(), read));
            }
        }
    }

    private static String quoted(String key) {
        return "'" + key + "'";
    }
}
