package dev.rampart.monitor.drift;

import dev.rampart.model.Family;
import dev.rampart.model.TableName;

/**
 * One structural difference between the approved and the live ruleset of a family, after the
 * expected parts were removed from both.
 *
 * @param family the address family
 * @param table  the table
 * @param chain  the chain
 * @param kind   what changed
 * @param detail for rules: the rule as {@code iptables-save} prints it ({@code -A CHAIN ...}); for a
 *               policy: {@code OLD -> NEW}; for chains and reorderings: the chain name
 */
public record RuleDifference(Family family, TableName table, String chain, Kind kind, String detail) {

    /** What kind of difference. */
    public enum Kind {
        /** A rule in the live chain that the approved chain does not have. */
        RULE_ADDED("rule added"),
        /** A rule of the approved chain missing from the live chain. */
        RULE_REMOVED("rule removed"),
        /** The chain holds the same rules in another order. */
        RULES_REORDERED("rules reordered"),
        /** A user chain only the live ruleset has. */
        CHAIN_ADDED("chain added"),
        /** A user chain only the approved ruleset has. */
        CHAIN_REMOVED("chain removed"),
        /** A built-in chain's policy differs. */
        POLICY_CHANGED("policy changed");

        private final String words;

        Kind(String words) {
            this.words = words;
        }

        /** The kind in words, as the text report prints it. */
        public String words() {
            return words;
        }

        /** The kind as the JSON report names it: {@code rule_added}, ... */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
