package dev.rampart.model.parse;

import java.util.Collection;

/** What the rule parser needs to know about the chains of the table a rule goes into. */
public interface ChainLookup {
    /** Whether a chain {@code name} exists (built-in or user) in the rule's table. */
    boolean exists(String name);

    /**
     * The stored name of chain {@code name} when it exists (one lookup for "exists?" and "which string"),
     * else null.
     */
    default String find(String name) {
        return exists(name) ? name : null;
    }

    /** {@link #find(String)} of the name {@code text[from, to)}, without copying it when the lookup can. */
    default String find(String text, int from, int to) {
        return find(text.substring(from, to));
    }

    /** Names of the table's user chains, for suggestions. */
    Collection<String> userChains();

    /** A table that has only its built-in chains (for parsing a single rule on its own). */
    static ChainLookup builtinsOf(dev.rampart.model.TableName table) {
        return new ChainLookup() {
            @Override
            public boolean exists(String name) {
                return table.isBuiltin(name);
            }

            @Override
            public Collection<String> userChains() {
                return java.util.List.of();
            }
        };
    }
}
