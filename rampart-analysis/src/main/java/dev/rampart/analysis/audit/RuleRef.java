package dev.rampart.analysis.audit;

import dev.rampart.model.Family;
import dev.rampart.model.TableName;

/**
 * A rule (or, with {@code rule == 0}, a built-in chain's policy or a user chain as a whole) that a finding is about: the input it was
 * read from ({@code source}, a file name as given on the command line), its family, table, chain, its
 * 1-based position in the chain (as {@code iptables -L --line-numbers} numbers it) and the 1-based line
 * of the input it was read at ({@code line}; for a policy the line of the chain's declaration; 0 when
 * the input did not say, e.g. a policy of a chain a script never declared).
 */
public record RuleRef(String source, Family family, TableName table, String chain, int rule, int line) {

    /** Whether this names the chain's policy rather than a rule. */
    public boolean isPolicy() {
        return rule == 0;
    }

    /** {@code filter INPUT rule 3} or {@code filter INPUT policy}. */
    public String describe() {
        if (isPolicy()) {
            return table.id() + " " + chain + (table.isBuiltin(chain) ? " policy" : " chain");
        }
        return table.id() + " " + chain + " rule " + rule;
    }

    @Override
    public String toString() {
        return describe();
    }
}
