package dev.rampart.policy.yaml;

import java.util.List;

/**
 * A YAML value with its position, after includes and variables were resolved. Only the three YAML
 * kinds a policy uses exist: maps (keys in file order), lists and scalars (kept as text; the reader
 * decides what a scalar means). A null scalar ({@code ~}, empty value) has {@link YScalar#isNull()}.
 */
public sealed interface YNode permits YNode.YMap, YNode.YList, YNode.YScalar {

    /** Where the value starts. */
    Pos pos();

    /** What kind of value this is, in words for messages: "a map", "a list", "a scalar". */
    String kind();

    /** One {@code key: value} of a map, with the key's own position. */
    record Entry(String key, Pos keyPos, YNode value) {
    }

    /** A map; keys are unique (the loader reports duplicates). */
    record YMap(Pos pos, List<Entry> entries) implements YNode {
        public YMap {
            entries = List.copyOf(entries);
        }

        @Override
        public String kind() {
            return "a map";
        }
    }

    /** A list. */
    record YList(Pos pos, List<YNode> items) implements YNode {
        public YList {
            items = List.copyOf(items);
        }

        @Override
        public String kind() {
            return "a list";
        }
    }

    /** A scalar as written (quotes removed); {@code isNull} for YAML's null. */
    record YScalar(Pos pos, String text, boolean isNull) implements YNode {
        @Override
        public String kind() {
            return isNull ? "an empty value" : "a scalar";
        }
    }
}
