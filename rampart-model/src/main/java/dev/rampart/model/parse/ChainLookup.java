package dev.rampart.model.parse;

import java.util.Collection;

/** What the rule parser needs to know about the chains of the table a rule goes into. */
public interface ChainLookup {
    /** Whether a chain {@code name} exists (built-in or user) in the rule's table. */
    boolean exists(String name);

    /** Names of the table's user chains, for suggestions. */
    Collection<String> userChains();
}
