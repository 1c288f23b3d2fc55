package dev.rampart.model;

import java.util.List;
import java.util.Optional;

/**
 * A family's whole netfilter configuration: its tables in {@code iptables-save} order. Immutable;
 * build one with {@link RulesetBuilder} or a parser.
 */
public record Ruleset(Family family, List<Table> tables) {

    public Ruleset {
        tables = List.copyOf(tables);
    }

    /** The table {@code name}, if the ruleset has it. */
    public Optional<Table> table(TableName name) {
        for (Table t : tables) {
            if (t.name() == name) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** Total number of rules in all tables. */
    public int ruleCount() {
        int n = 0;
        for (Table t : tables) {
            n += t.ruleCount();
        }
        return n;
    }
}
