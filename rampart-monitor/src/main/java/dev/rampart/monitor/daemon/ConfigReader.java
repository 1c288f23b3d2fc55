package dev.rampart.monitor.daemon;

import dev.rampart.model.diag.Diagnostic;
import dev.rampart.model.diag.DiagnosticCode;
import dev.rampart.model.diag.Severity;
import dev.rampart.model.diag.Suggest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads values out of a YAML node tree of one configuration file, collecting
 * {@code FILE:LINE:COL: error[CODE]} diagnostics (with the source line and a suggestion) instead of
 * throwing: unknown keys ({@code E602}, "did you mean"), wrong kinds of value ({@code E603}), bad values
 * ({@code E302}). Each getter returns the default after reporting a problem, so all problems of a file are
 * reported at once. Used by {@link ConfigLoader} and by the parts of the daemon that read their own
 * section ({@link ConfigSection}).
 */
public final class ConfigReader {
    private final String file;
    private final String[] lines;
    private final List<Diagnostic> diagnostics = new ArrayList<>();

    public ConfigReader(String file, String text) {
        this.file = file;
        this.lines = text.split("\n", -1);
    }

    public List<Diagnostic> diagnostics() {
        return List.copyOf(diagnostics);
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }

    /** Reports {@code message} at {@code node}. */
    public void error(Node node, DiagnosticCode code, String message, String suggestion) {
        int line = node == null ? 1 : node.getStartMark().getLine() + 1;
        int col = node == null ? 1 : node.getStartMark().getColumn() + 1;
        int width = node instanceof ScalarNode s ? Math.max(1, s.getValue().length()) : 1;
        String src = line - 1 < lines.length ? lines[line - 1] : "";
        diagnostics.add(new Diagnostic(Severity.ERROR, code, message, file, line, col, width, src, suggestion));
    }

    /**
     * The entries of a map node, keys in order; unknown keys (not in {@code known}) are reported. Null
     * (and a report) when {@code node} is not a map; an empty map for a YAML null.
     */
    public Map<String, Node> map(Node node, String what, Collection<String> known) {
        Map<String, Node> out = new LinkedHashMap<>();
        if (node == null || isNull(node)) {
            return out;
        }
        if (!(node instanceof MappingNode m)) {
            error(node, DiagnosticCode.WRONG_TYPE, what + " must be a map of keys", null);
            return out;
        }
        for (NodeTuple t : m.getValue()) {
            Node k = t.getKeyNode();
            String key = k instanceof ScalarNode s ? s.getValue() : null;
            if (key == null) {
                error(k, DiagnosticCode.WRONG_TYPE, "keys of " + what + " must be words", null);
                continue;
            }
            if (known != null && !known.contains(key)) {
                error(k, DiagnosticCode.UNKNOWN_KEY, "unknown key '" + key + "' in " + what,
                        Suggest.didYouMean(key, known));
                continue;
            }
            if (out.containsKey(key)) {
                error(k, DiagnosticCode.UNKNOWN_KEY, "key '" + key + "' given twice in " + what, null);
                continue;
            }
            out.put(key, t.getValueNode());
        }
        return out;
    }

    /** The items of a list node (a single scalar counts as a list of one); empty after a report. */
    public List<Node> list(Node node, String what) {
        if (node == null || isNull(node)) {
            return List.of();
        }
        if (node instanceof SequenceNode s) {
            return s.getValue();
        }
        if (node instanceof ScalarNode) {
            return List.of(node);
        }
        error(node, DiagnosticCode.WRONG_TYPE, what + " must be a list", null);
        return List.of();
    }

    public static boolean isNull(Node node) {
        return node instanceof ScalarNode s && s.getTag().getValue().endsWith(":null");
    }

    /** A scalar's text, or {@code dflt} (and a report when {@code node} is not a scalar). */
    public String string(Node node, String what, String dflt) {
        if (node == null) {
            return dflt;
        }
        if (node instanceof ScalarNode s && !isNull(node)) {
            return s.getValue();
        }
        error(node, DiagnosticCode.WRONG_TYPE, what + " must be a single value", null);
        return dflt;
    }

    /** One of {@code choices}. */
    public String choice(Node node, String what, List<String> choices, String dflt) {
        String v = string(node, what, null);
        if (v == null) {
            return dflt;
        }
        if (!choices.contains(v)) {
            error(node, DiagnosticCode.INVALID_VALUE, what + " must be one of " + String.join(", ", choices)
                    + ", not '" + v + "'", Suggest.didYouMean(v, choices));
            return dflt;
        }
        return v;
    }

    /** An integer within {@code min..max}. */
    public int integer(Node node, String what, int min, int max, int dflt) {
        String v = string(node, what, null);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.replace("_", "").replace(",", ""));
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        error(node, DiagnosticCode.INVALID_VALUE, what + " must be a whole number from " + min + " to " + max
                + ", not '" + v + "'", null);
        return dflt;
    }

    /** A positive decimal number. */
    public double number(Node node, String what, double dflt) {
        String v = string(node, what, null);
        if (v == null) {
            return dflt;
        }
        try {
            double d = Double.parseDouble(v);
            if (d > 0 && Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        error(node, DiagnosticCode.INVALID_VALUE, what + " must be a positive number, not '" + v + "'", null);
        return dflt;
    }

    /** {@code true/false}, {@code yes/no}, {@code on/off}. */
    public boolean bool(Node node, String what, boolean dflt) {
        String v = string(node, what, null);
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
                error(node, DiagnosticCode.INVALID_VALUE, what + " must be true or false, not '" + v + "'", null);
                return dflt;
            }
        }
    }

    /** A duration, see {@link #parseDuration}; at least {@code min}. */
    public Duration duration(Node node, String what, Duration min, Duration dflt) {
        String v = string(node, what, null);
        if (v == null) {
            return dflt;
        }
        Duration d = parseDuration(v);
        if (d == null || d.compareTo(min) < 0) {
            error(node, DiagnosticCode.INVALID_VALUE, what + " must be a duration of at least " + format(min)
                    + " such as 100ms, 30s, 10m, 1h, 7d or 1h30m (a bare number is seconds), not '" + v + "'", null);
            return dflt;
        }
        return d;
    }

    /**
     * A duration: a bare number of seconds, or numbers with units {@code ms s m h d w} in a row
     * ({@code 1h30m}); null when malformed.
     */
    public static Duration parseDuration(String text) {
        String t = text.strip().toLowerCase(java.util.Locale.ROOT);
        if (t.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(t));
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h|d|w)").matcher(t);
        Duration d = Duration.ZERO;
        int pos = 0;
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
        return pos == t.length() && pos > 0 ? d : null;
    }

    /** A duration in the shortest of the forms {@link #parseDuration} reads. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 != 0) {
            return ms + "ms";
        }
        long s = ms / 1000;
        if (s == 0) {
            return "0s";
        }
        for (long[] u : new long[][] {{604_800, 'w'}, {86_400, 'd'}, {3600, 'h'}, {60, 'm'}}) {
            if (s % u[0] == 0) {
                return s / u[0] + String.valueOf((char) u[1]);
            }
        }
        return s + "s";
    }
}
