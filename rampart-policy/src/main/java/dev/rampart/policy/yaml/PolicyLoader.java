package dev.rampart.policy.yaml;

import dev.rampart.model.diag.DiagnosticCode;
import dev.rampart.model.diag.Suggest;
import dev.rampart.policy.PolicyProblems;
import dev.rampart.policy.yaml.YNode.Entry;
import dev.rampart.policy.yaml.YNode.YList;
import dev.rampart.policy.yaml.YNode.YMap;
import dev.rampart.policy.yaml.YNode.YScalar;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a policy file into a {@link YNode} tree with positions, resolving {@code include:} and
 * {@code vars:}.
 *
 * <p>Includes: the top-level {@code include} list names files relative to the including file. Each
 * fragment is read (recursively) and merged under the including file: maps merge key by key, lists are
 * concatenated (fragment first), and a scalar set differently in two files is a contradiction (E608).
 * An include cycle or unreadable file is E609.
 *
 * <p>Variables: the top-level {@code vars} map (after merging) defines names. {@code ${name}} inside a
 * scalar is replaced by the variable's text; a list item that is exactly {@code ${name}} of a list
 * variable is replaced by that list's items; a value that is exactly {@code ${name}} of a list or map
 * variable becomes that value. Unknown names are E607 with a suggestion.
 *
 * <p>YAML anchors and aliases are SnakeYAML's; the loader refuses more than 1000 aliases (billion
 * laughs) through SnakeYAML's own limit.
 */
public final class PolicyLoader {
    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private final PolicyProblems problems;
    private final Deque<Path> including = new ArrayDeque<>();

    public PolicyLoader(PolicyProblems problems) {
        this.problems = problems;
    }

    /** Reads {@code file} (named {@code displayName} in diagnostics); null when it is not usable YAML. */
    public YMap load(Path file, String displayName) throws IOException {
        String text = Files.readString(file);
        YMap root = loadText(text, displayName, file.toAbsolutePath().normalize());
        if (root == null) {
            return null;
        }
        return resolveVariables(root);
    }

    /** Reads policy text directly (no includes relative to a directory other than the working one). */
    public YMap loadString(String text, String displayName) {
        YMap root = loadText(text, displayName, Path.of(displayName).toAbsolutePath().normalize());
        return root == null ? null : resolveVariables(root);
    }

    private YMap loadText(String text, String displayName, Path absolute) {
        String[] lines = text.split("\r?\n", -1);
        Node node;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(true); // reported by us, with both positions
            options.setMaxAliasesForCollections(1000);
            node = new Yaml(new SafeConstructor(options)).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            Pos pos = m == null ? new Pos(displayName, 1, 1, lines.length > 0 ? lines[0] : "")
                    : pos(displayName, lines, m);
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            problems.error(DiagnosticCode.POLICY_SYNTAX, pos, 1, "not valid YAML: " + problem.replace('\n', ' '),
                    e.getContext() != null ? e.getContext() : null);
            return null;
        } catch (YAMLException e) {
            problems.error(DiagnosticCode.POLICY_SYNTAX, new Pos(displayName, 1, 1, lines.length > 0 ? lines[0] : ""),
                    1, "not valid YAML: " + e.getMessage(), null);
            return null;
        }
        if (node == null) {
            return new YMap(new Pos(displayName, 1, 1, lines.length > 0 ? lines[0] : ""), List.of());
        }
        YNode tree = convert(node, displayName, lines);
        if (!(tree instanceof YMap map)) {
            problems.error(DiagnosticCode.WRONG_TYPE, tree.pos(), 1,
                    "a policy is a map of sections, not " + tree.kind(), "start with e.g. 'services:'");
            return null;
        }
        including.push(absolute);
        try {
            return applyIncludes(map, absolute);
        } finally {
            including.pop();
        }
    }

    private static Pos pos(String file, String[] lines, Mark m) {
        int line = m.getLine();
        return new Pos(file, line + 1, m.getColumn() + 1, line < lines.length ? lines[line] : "");
    }

    private YNode convert(Node node, String file, String[] lines) {
        Pos pos = pos(file, lines, node.getStartMark());
        if (node instanceof MappingNode mn) {
            List<Entry> entries = new ArrayList<>();
            Map<String, Pos> seen = new LinkedHashMap<>();
            for (NodeTuple t : mn.getValue()) {
                YNode key = convert(t.getKeyNode(), file, lines);
                if (!(key instanceof YScalar ks) || ks.isNull()) {
                    problems.error(DiagnosticCode.WRONG_TYPE, key.pos(), 1, "a key must be a plain word", null);
                    continue;
                }
                Pos first = seen.putIfAbsent(ks.text(), ks.pos());
                if (first != null) {
                    problems.error(DiagnosticCode.CONTRADICTION, ks.pos(), ks.text().length(),
                            "key '" + ks.text() + "' given twice in the same map (first at line " + first.line() + ")",
                            "merge the two into one");
                    continue;
                }
                entries.add(new Entry(ks.text(), ks.pos(), convert(t.getValueNode(), file, lines)));
            }
            return new YMap(pos, entries);
        }
        if (node instanceof SequenceNode sn) {
            List<YNode> items = new ArrayList<>();
            for (Node n : sn.getValue()) {
                items.add(convert(n, file, lines));
            }
            return new YList(pos, items);
        }
        ScalarNode sc = (ScalarNode) node;
        boolean isNull = Tag.NULL.equals(sc.getTag());
        return new YScalar(pos, isNull ? "" : sc.getValue(), isNull);
    }

    private YMap applyIncludes(YMap map, Path absolute) {
        YNode inc = get(map, "include");
        if (inc == null) {
            return map;
        }
        List<YNode> files = inc instanceof YList l ? l.items() : List.of(inc);
        YMap merged = new YMap(map.pos(), List.of());
        for (YNode f : files) {
            if (!(f instanceof YScalar s) || s.isNull()) {
                problems.error(DiagnosticCode.WRONG_TYPE, f.pos(), 1, "an include is a file name, not " + f.kind(), null);
                continue;
            }
            Path target = absolute.getParent().resolve(s.text()).normalize();
            if (including.contains(target)) {
                problems.error(DiagnosticCode.INCLUDE_FAILED, s.pos(), s.text().length(),
                        "'" + s.text() + "' includes itself (through " + including.size() + " file(s))",
                        "remove the circular include");
                continue;
            }
            String text;
            try {
                text = Files.readString(target);
            } catch (IOException e) {
                problems.error(DiagnosticCode.INCLUDE_FAILED, s.pos(), s.text().length(),
                        "cannot read include '" + s.text() + "': " + e.getClass().getSimpleName()
                                .replace("NoSuchFileException", "no such file"),
                        "paths are relative to the including file");
                continue;
            }
            String display = Path.of(s.pos().file()).resolveSibling(s.text()).normalize().toString();
            YMap fragment = loadText(text, display, target);
            if (fragment != null) {
                merged = merge(merged, fragment, "");
            }
        }
        List<Entry> own = new ArrayList<>();
        for (Entry e : map.entries()) {
            if (!e.key().equals("include")) {
                own.add(e);
            }
        }
        return merge(merged, new YMap(map.pos(), own), "");
    }

    /** {@code over} merged on {@code base}: maps by key, lists concatenated, equal scalars kept. */
    private YNode mergeValue(YNode base, YNode over, String path) {
        if (base instanceof YMap bm && over instanceof YMap om) {
            return merge(bm, om, path);
        }
        if (base instanceof YList bl && over instanceof YList ol) {
            List<YNode> all = new ArrayList<>(bl.items());
            all.addAll(ol.items());
            return new YList(over.pos(), all);
        }
        if (base instanceof YScalar bs && over instanceof YScalar os && bs.text().equals(os.text())) {
            return over;
        }
        problems.error(DiagnosticCode.CONTRADICTION, over.pos(), 1,
                "'" + path + "' is set here and differently in " + base.pos().cite(),
                "set it in one file only");
        return over;
    }

    private YMap merge(YMap base, YMap over, String path) {
        Map<String, Entry> out = new LinkedHashMap<>();
        for (Entry e : base.entries()) {
            out.put(e.key(), e);
        }
        for (Entry e : over.entries()) {
            Entry old = out.get(e.key());
            String p = path.isEmpty() ? e.key() : path + "." + e.key();
            out.put(e.key(), old == null ? e : new Entry(e.key(), e.keyPos(), mergeValue(old.value(), e.value(), p)));
        }
        return new YMap(over.entries().isEmpty() ? base.pos() : over.pos(), new ArrayList<>(out.values()));
    }

    /** The value of {@code key} in {@code map}, or null. */
    public static YNode get(YMap map, String key) {
        for (Entry e : map.entries()) {
            if (e.key().equals(key)) {
                return e.value();
            }
        }
        return null;
    }

    private YMap resolveVariables(YMap root) {
        YNode vars = get(root, "vars");
        Map<String, YNode> defs = new LinkedHashMap<>();
        if (vars instanceof YMap vm) {
            for (Entry e : vm.entries()) {
                defs.put(e.key(), e.value());
            }
        } else if (vars != null && !(vars instanceof YScalar s && s.isNull())) {
            problems.error(DiagnosticCode.WRONG_TYPE, vars.pos(), 1, "'vars' is a map of names to values, not " + vars.kind(),
                    null);
        }
        List<Entry> out = new ArrayList<>();
        for (Entry e : root.entries()) {
            out.add(e.key().equals("vars") ? e : new Entry(e.key(), e.keyPos(), substitute(e.value(), defs, 0)));
        }
        return new YMap(root.pos(), out);
    }

    private YNode substitute(YNode node, Map<String, YNode> defs, int depth) {
        if (depth > 20) {
            return node;
        }
        if (node instanceof YMap m) {
            List<Entry> out = new ArrayList<>();
            for (Entry e : m.entries()) {
                out.add(new Entry(e.key(), e.keyPos(), substitute(e.value(), defs, depth)));
            }
            return new YMap(m.pos(), out);
        }
        if (node instanceof YList l) {
            List<YNode> out = new ArrayList<>();
            for (YNode item : l.items()) {
                YNode v = substitute(item, defs, depth);
                if (item instanceof YScalar && v instanceof YList spliced) {
                    out.addAll(spliced.items());
                } else {
                    out.add(v);
                }
            }
            return new YList(l.pos(), out);
        }
        return substituteScalar((YScalar) node, defs, depth);
    }

    private YNode substituteScalar(YScalar s, Map<String, YNode> defs, int depth) {
        if (s.isNull() || s.text().indexOf("${") < 0) {
            return s;
        }
        Matcher whole = VAR.matcher(s.text());
        if (whole.matches()) {
            YNode def = lookup(whole.group(1), s, defs, whole.start());
            if (def == null) {
                return s;
            }
            YNode v = substitute(def, defs, depth + 1);
            return v instanceof YScalar vs ? new YScalar(s.pos(), vs.text(), vs.isNull()) : withPos(v, s.pos());
        }
        Matcher m = VAR.matcher(s.text());
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            YNode def = lookup(m.group(1), s, defs, m.start());
            String text = m.group();
            if (def instanceof YScalar ds) {
                text = ds.text();
            } else if (def != null) {
                problems.error(DiagnosticCode.WRONG_TYPE, s.pos(), 1, "variable '" + m.group(1) + "' is "
                        + def.kind() + " and cannot be part of a text", "use '${" + m.group(1) + "}' as the whole value");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(text));
        }
        m.appendTail(sb);
        return new YScalar(s.pos(), sb.toString(), false);
    }

    private YNode lookup(String name, YScalar use, Map<String, YNode> defs, int offset) {
        YNode def = defs.get(name);
        if (def == null) {
            String hint = Suggest.didYouMean(name, defs.keySet());
            problems.error(DiagnosticCode.UNKNOWN_NAME, use.pos(), name.length() + 3, "unknown variable '" + name + "'",
                    hint != null ? hint : "define it under 'vars:'");
        }
        return def;
    }

    private static YNode withPos(YNode v, Pos pos) {
        if (v instanceof YMap m) {
            return new YMap(pos, m.entries());
        }
        if (v instanceof YList l) {
            return new YList(pos, l.items());
        }
        YScalar s = (YScalar) v;
        return new YScalar(pos, s.text(), s.isNull());
    }
}
