package dev.rampart.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A table with its chains in canonical order: built-in chains in hook order, then user chains sorted by
 * name (byte order), as {@code iptables-save} prints them. Immutable; equal when name and chains are.
 *
 * <p>A class rather than a record only to keep a lookup index: {@link #chain(String)} is called once
 * per jump by the analyses, and kube-proxy tables hold over 100,000 chains, so a linear search made
 * unfolding such a table quadratic. The index is built on the first lookup (parsing and writing never
 * need it) and is safe to build from several threads at once.
 */
public final class Table {
    private final TableName name;
    private final List<Chain> chains;
    /** Chains by name, built on first use (a benign race: every thread builds the same map). */
    private volatile Map<String, Chain> byName;

    public Table(TableName name, List<Chain> chains) {
        this.name = Objects.requireNonNull(name, "name");
        this.chains = List.copyOf(chains);
    }

    /** The table's name. */
    public TableName name() {
        return name;
    }

    /** The chains in canonical order. */
    public List<Chain> chains() {
        return chains;
    }

    /** The chain called {@code chain}, if present. */
    public Optional<Chain> chain(String chain) {
        if (chains.size() <= 8) {
            for (Chain c : chains) {
                if (c.name().equals(chain)) {
                    return Optional.of(c);
                }
            }
            return Optional.empty();
        }
        Map<String, Chain> index = byName;
        if (index == null) {
            index = new HashMap<>(chains.size() * 2);
            for (Chain c : chains) {
                index.putIfAbsent(c.name(), c);
            }
            byName = index;
        }
        return Optional.ofNullable(index.get(chain));
    }

    /** Total number of rules in all chains. */
    public int ruleCount() {
        int n = 0;
        for (Chain c : chains) {
            n += c.rules().size();
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Table t && name == t.name && chains.equals(t.chains);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + chains.hashCode();
    }

    @Override
    public String toString() {
        return "Table[name=" + name + ", chains=" + chains.size() + "]";
    }
}
