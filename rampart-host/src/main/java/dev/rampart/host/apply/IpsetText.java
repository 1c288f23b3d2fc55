package dev.rampart.host.apply;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ipset save} / {@code ipset restore} text split into sets: each set's {@code create} line and
 * its {@code add} lines, in input order, with the input line number of each. Blank lines and
 * {@code #} comments are skipped; any other command is rejected (the policy compiler and
 * {@code ipset save} only write {@code create} and {@code add}).
 */
final class IpsetText {

    /** One input line: its 1-based number and text. */
    record Line(int number, String text) {
    }

    /**
     * One set: its name, type and family (from the {@code create} line; family {@code inet} unless
     * given), the create line and the add lines.
     */
    record SetBlock(String name, String type, String family, Line create, List<Line> adds) {
        /** The create line with the set renamed to {@code newName}. */
        String createAs(String newName) {
            return renamed(create.text(), newName);
        }

        /** The add lines with the set renamed to {@code newName}. */
        List<String> addsAs(String newName) {
            return adds.stream().map(l -> renamed(l.text(), newName)).toList();
        }
    }

    private IpsetText() {
    }

    /**
     * Splits {@code text} by set, in the order the sets are created.
     *
     * @throws IllegalArgumentException for a line that is not {@code create}/{@code add}, or an
     *                                  {@code add} before its {@code create}; the message names the line
     */
    static Map<String, SetBlock> parse(String text, String sourceName) {
        Map<String, SetBlock> sets = new LinkedHashMap<>();
        int n = 0;
        for (String raw : text.split("\n", -1)) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] w = line.split("\\s+");
            String cmd = w[0];
            if (w.length < 2) {
                throw new IllegalArgumentException(sourceName + ":" + n + ": expected 'create NAME TYPE ...' or "
                        + "'add NAME ENTRY', got '" + line + "'");
            }
            String name = w[1];
            switch (cmd) {
                case "create", "-N", "new" -> {
                    if (w.length < 3) {
                        throw new IllegalArgumentException(sourceName + ":" + n + ": 'create " + name + "' has no type");
                    }
                    String family = "inet";
                    for (int i = 3; i + 1 < w.length; i++) {
                        if (w[i].equals("family")) {
                            family = w[i + 1];
                        }
                    }
                    sets.put(name, new SetBlock(name, w[2], family, new Line(n, line), new ArrayList<>()));
                }
                case "add", "-A" -> {
                    SetBlock b = sets.get(name);
                    if (b == null) {
                        throw new IllegalArgumentException(sourceName + ":" + n + ": 'add " + name
                                + "' before 'create " + name + "'");
                    }
                    b.adds().add(new Line(n, line));
                }
                default -> throw new IllegalArgumentException(sourceName + ":" + n + ": unsupported ipset command '"
                        + cmd + "' (safe apply takes 'create' and 'add' lines only)");
            }
        }
        return sets;
    }

    /** The header of each live set from {@code ipset list -t} output: name to {@code TYPE FAMILY}. */
    static Map<String, String> liveHeaders(String listTerse) {
        Map<String, String> out = new LinkedHashMap<>();
        String name = null;
        String type = null;
        for (String line : listTerse.split("\n")) {
            if (line.startsWith("Name: ")) {
                name = line.substring(6).strip();
                type = null;
            } else if (line.startsWith("Type: ")) {
                type = line.substring(6).strip();
            } else if (line.startsWith("Header: ") && name != null) {
                String family = "inet";
                String[] w = line.substring(8).strip().split("\\s+");
                for (int i = 0; i + 1 < w.length; i++) {
                    if (w[i].equals("family")) {
                        family = w[i + 1];
                    }
                }
                out.put(name, type + " " + family);
                name = null;
            }
        }
        return out;
    }

    private static String renamed(String line, String newName) {
        String[] w = line.split("\\s+", 3);
        return w[0] + " " + newName + (w.length > 2 ? " " + w[2] : "");
    }
}
