package dev.rampart.monitor.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reader of fail2ban's annotated sample logs ({@code ../shared/logs/fail2ban/FORMAT-failJSON.md}):
 * the {@code # failJSON:} expectation of each log line, the {@code # filterOptions:} option sets in force
 * (merged with {@code # fileOptions:}), and {@code # addFILE:} continuations.
 */
final class FailJsonSamples {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One sample log line with the expectation annotated before it (null = implicit no match). */
    record Sample(String file, int lineNo, String line, JsonNode expect, List<Map<String, String>> optionSets) {
    }

    private FailJsonSamples() {
    }

    static Path dir() {
        return Paths.get(System.getProperty("rampart.shared", "../../shared")).toAbsolutePath().normalize()
                .resolve("logs/fail2ban");
    }

    /** The samples of {@code file} and of the files it adds, in order. */
    static List<Sample> read(String file) throws IOException {
        List<Sample> out = new ArrayList<>();
        read(file, out);
        return out;
    }

    private static void read(String file, List<Sample> out) throws IOException {
        List<String> lines = Files.readAllLines(dir().resolve(file));
        Map<String, String> fileOptions = new LinkedHashMap<>();
        List<Map<String, String>> sets = List.of(Map.of());
        JsonNode pending = null;
        List<String> added = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            String directive = directive(l);
            if (directive != null) {
                int colon = directive.indexOf(':');
                String name = directive.substring(0, colon);
                JsonNode v = JSON.readTree(directive.substring(colon + 1));
                switch (name) {
                    case "failJSON" -> pending = v;
                    case "fileOptions" -> {
                        fileOptions = options(v);
                        sets = List.of(fileOptions);
                    }
                    case "filterOptions" -> {
                        List<Map<String, String>> s = new ArrayList<>();
                        if (v.isArray()) {
                            for (JsonNode o : v) {
                                s.add(merged(fileOptions, options(o)));
                            }
                        } else {
                            s.add(merged(fileOptions, options(v)));
                        }
                        sets = s;
                    }
                    case "addFILE" -> added.add(v.asText());
                    default -> {
                    }
                }
                continue;
            }
            if (l.startsWith("#") || l.isBlank()) {
                continue;
            }
            out.add(new Sample(file, i + 1, l, pending, sets));
            pending = null;
        }
        for (String f : added) {
            read(f, out);
        }
    }

    private static Map<String, String> merged(Map<String, String> a, Map<String, String> b) {
        Map<String, String> m = new LinkedHashMap<>(a);
        m.putAll(b);
        return m;
    }

    private static Map<String, String> options(JsonNode v) {
        Map<String, String> m = new LinkedHashMap<>();
        v.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    /** {@code failJSON:{...}} etc. for a directive line, else null. */
    private static String directive(String l) {
        if (!l.startsWith("#")) {
            return null;
        }
        int i = 0;
        while (i < l.length() && l.charAt(i) == '#') {
            i++;
        }
        if (i < l.length() && l.charAt(i) == ' ') {
            i++;
        }
        for (String d : new String[] {"failJSON:", "fileOptions:", "filterOptions:", "addFILE:"}) {
            if (l.startsWith(d, i)) {
                return l.substring(i);
            }
        }
        return null;
    }

    /**
     * Evaluates the small Python conditions the samples use ({@code name == 'sshd'},
     * {@code opts.get('mode') != 'aggressive'}, joined by {@code and}). Unknown forms throw.
     */
    static boolean condition(String expr, String name, Map<String, String> opts) {
        for (String part : expr.split(" and ")) {
            String p = part.trim();
            boolean eq = p.contains("==");
            String[] sides = p.split(eq ? "==" : "!=");
            if (sides.length != 2) {
                throw new IllegalArgumentException("unsupported condition: " + expr);
            }
            String left = sides[0].trim();
            String right = sides[1].trim().replace("'", "").replace("\"", "");
            String value;
            if (left.equals("name")) {
                value = name;
            } else if (left.startsWith("opts.get(")) {
                value = opts.get(left.substring(10, left.length() - 2));
            } else {
                throw new IllegalArgumentException("unsupported condition: " + expr);
            }
            boolean same = right.equals(value);
            if (same != eq) {
                return false;
            }
        }
        return true;
    }
}
