package dev.rampart.monitor.settings;

import dev.rampart.model.diag.Diagnostic;
import dev.rampart.model.diag.DiagnosticCode;
import dev.rampart.model.diag.Diagnostics;
import dev.rampart.model.diag.Suggest;
import java.io.StringReader;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The one reader of {@code /etc/rampart/monitor.yaml}: turns SnakeYAML nodes into typed values and reports
 * every problem into a {@link Diagnostics} as {@code FILE:LINE:COL: error[CODE]} with the source line, a
 * caret as wide as the offending node and, where one helps, a suggestion: unknown keys ({@code E602}, "did
 * you mean"), wrong kinds of value ({@code E603}), bad values ({@code E302}). A getter returns its default
 * after reporting a problem, so all problems of a file are reported at once.
 *
 * <p>Design: this class owns everything both ways of reading the file share — composing the YAML,
 * positions and source lines of diagnostics, what counts as a YAML null, and the value syntaxes
 * ({@link #parseDuration durations}, whole numbers with {@code _} or {@code ,} separators, the boolean
 * words). Its own getters read a node labelled by a dotted path ({@code scan.window}), with a
 * {@link #map} that checks keys against a known list; the daemon's core settings are read that way
 * ({@code ConfigLoader}). {@link SectionReader} is a thin view over a reader for the parts that own a
 * section ({@code alerts}, {@code drift}, {@code counters}): it tracks which keys were read, reports the
 * rest as unknown, and words its messages by key ({@code 'window' must be ...}).
 */
public final class YamlReader {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,18})(ms|s|m|h|d|w)");

    private final Diagnostics diags;
    private final String[] lines;

    /** A reader of {@code text} (the whole file, for the source lines) reporting into {@code diags}. */
    public YamlReader(Diagnostics diags, String text) {
        this.diags = diags;
        this.lines = text == null ? new String[0] : text.split("\n", -1);
    }

    /**
     * The node tree of {@code text}, or null after reporting a syntax error ({@code E601}, the message
     * after {@code syntaxWording}) at the problem's position in {@code file}. Duplicate keys are kept, so
     * that the readers can report them with their position.
     */
    public static Node compose(String text, String file, Diagnostics diags, String syntaxWording) {
        LoaderOptions opts = new LoaderOptions();
        opts.setAllowDuplicateKeys(true);
        try {
            return new Yaml(opts).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String[] lines = text.split("\n", -1);
            int line = m == null ? 1 : m.getLine() + 1;
            diags.add(new Diagnostic(DiagnosticCode.POLICY_SYNTAX.severity(), DiagnosticCode.POLICY_SYNTAX,
                    syntaxWording + e.getProblem(), file, line, m == null ? 1 : m.getColumn() + 1, 1,
                    line - 1 < lines.length ? lines[line - 1] : "", null));
            return null;
        }
    }

    /** Where the problems go. */
    public Diagnostics diagnostics() {
        return diags;
    }

    /** Reports {@code message} at {@code node} (null: the top of the file). */
    public void error(Node node, DiagnosticCode code, String message, String suggestion) {
        int line = 1;
        int col = 1;
        int width = 1;
        if (node != null && node.getStartMark() != null) {
            line = node.getStartMark().getLine() + 1;
            col = node.getStartMark().getColumn() + 1;
            if (node.getEndMark() != null && node.getEndMark().getLine() == node.getStartMark().getLine()) {
                width = Math.max(1, node.getEndMark().getColumn() - node.getStartMark().getColumn());
            }
        }
        String src = line - 1 < lines.length ? lines[line - 1] : "";
        diags.add(new Diagnostic(code.severity(), code, message, diags.file(), line, col, width, src, suggestion));
    }

    /**
     * The entries of a map node, keys in order; unknown keys (not in {@code known}) are reported. An empty
     * map (and a report) when {@code node} is not a map; an empty map for a YAML null or an absent node.
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
            } else if (!known.contains(key)) {
                error(k, DiagnosticCode.UNKNOWN_KEY, "unknown key '" + key + "' in " + what,
                        Suggest.didYouMean(key, known));
            } else if (out.containsKey(key)) {
                error(k, DiagnosticCode.UNKNOWN_KEY, "key '" + key + "' given twice in " + what, null);
            } else {
                out.put(key, t.getValueNode());
            }
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

    /** A scalar's text; {@code dflt} when absent, and after a report when it is a YAML null or not a scalar. */
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
        return v == null ? dflt : oneOf(node, what, v, choices, dflt);
    }

    /** {@code value} (the text of {@code node}) when it is one of {@code choices}, else {@code dflt} after a report. */
    String oneOf(Node node, String what, String value, List<String> choices, String dflt) {
        if (choices.contains(value)) {
            return value;
        }
        error(node, DiagnosticCode.INVALID_VALUE, what + " must be one of " + String.join(", ", choices)
                + ", not '" + value + "'", Suggest.didYouMean(value, choices));
        return dflt;
    }

    /** An integer within {@code min..max} ({@code _} and {@code ,} may group digits). */
    public int integer(Node node, String what, int min, int max, int dflt) {
        String v = string(node, what, null);
        if (v == null) {
            return dflt;
        }
        Long n = parseWhole(v);
        if (n != null && n >= min && n <= max) {
            return n.intValue();
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
        return v == null ? dflt : truth(node, what, v, DiagnosticCode.INVALID_VALUE, dflt);
    }

    /** {@code value} (the text of {@code node}) as a boolean word, else {@code dflt} after a report with {@code code}. */
    boolean truth(Node node, String what, String value, DiagnosticCode code, boolean dflt) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> {
                return true;
            }
            case "false", "no", "off" -> {
                return false;
            }
            default -> {
                error(node, code, what + " must be true or false, not '" + value + "'", null);
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

    /** A whole number with optional {@code _} or {@code ,} between digits, or null when malformed. */
    static Long parseWhole(String text) {
        try {
            return Long.parseLong(text.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * A duration: a bare number of seconds, or numbers with units {@code ms s m h d w} in a row
     * ({@code 500ms}, {@code 30s}, {@code 1h30m}, {@code 2w}); null when malformed or too large.
     */
    public static Duration parseDuration(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
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
                    default -> Duration.ofDays(n).multipliedBy(7);
                });
                pos = m.end();
            }
        } catch (ArithmeticException e) {
            return null;
        }
        return pos == t.length() && pos > 0 ? d : null;
    }

    /** A duration in the shortest of the forms {@link #parseDuration} reads ({@code 90m}, {@code 1w}, {@code 250ms}). */
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

    /** Whether {@code node} is a YAML null: {@code ~}, {@code null}, or nothing after the key. */
    public static boolean isNull(Node node) {
        return node instanceof ScalarNode s && (s.getTag().getValue().endsWith(":null")
                || s.getValue().isEmpty() && s.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN);
    }

    /** What kind of node {@code n} is, in the words of messages: "a map", "a list", "a single value". */
    static String kind(Node n) {
        if (n instanceof MappingNode) {
            return "a map";
        }
        if (n instanceof SequenceNode) {
            return "a list";
        }
        return "a single value";
    }
}
