package dev.rampart.model;

import java.util.List;
import java.util.Optional;

/**
 * A table with its chains in canonical order: built-in chains in hook order, then user chains sorted by
 * name (byte order), as {@code iptables-save} prints them.
 */
public record Table(TableName name, List<Chain> chains) {

    public Table {
        chains = List.copyOf(chains);
    }

    /** The chain called {@code chain}, if present. */
    public Optional<Chain> chain(String chain) {
        for (Chain c : chains) {
            if (c.name().equals(chain)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** Total number of rules in all chains. */
    public int ruleCount() {
        int n = 0;
        for (Chain c : chains) {
            n += c.rules().size();
        }
        return n;
    }
}
