package dev.rampart.model.ext;

import dev.rampart.model.Family;
import dev.rampart.model.TableName;
import dev.rampart.model.match.Match;
import dev.rampart.model.net.Protocol;
import java.util.List;

/**
 * What an extension may look at when it checks its options: the family, table and chain of the rule,
 * the {@code -p} protocol (null when none) and whether it is inverted, and the matches built before it
 * (for targets: all of the rule's matches), and the names of the ipsets that exist ({@code knownIpSets};
 * null when not known, e.g. a ruleset file read on its own, so that references cannot be checked).
 */
public record RuleContext(Family family, TableName table, String chain, Protocol protocol, boolean protocolInverted,
                          List<Match> matches, java.util.Set<String> knownIpSets) {

    /** A context in which the existing ipsets are not known. */
    public RuleContext(Family family, TableName table, String chain, Protocol protocol, boolean protocolInverted,
                       List<Match> matches) {
        this(family, table, chain, protocol, protocolInverted, matches, null);
    }

    /**
     * Checks that ipset {@code name} exists when the existing sets are known, as iptables does when it
     * loads a rule that refers to a set.
     */
    public void requireIpSet(OptionUse use, String name) throws ExtensionException {
        if (knownIpSets != null && !knownIpSets.contains(name)) {
            String close = dev.rampart.model.diag.Suggest.closest(name, knownIpSets);
            throw ExtensionException.constraint(use, "ipset '" + name + "' does not exist",
                    close != null ? "did you mean '" + close + "'?"
                            : "create it first (ipset create " + name + " hash:ip), or give the ipset definitions");
        }
    }

    /** Whether the rule says {@code -p PROTO} (not inverted) for exactly this protocol. */
    public boolean hasProtocol(Protocol p) {
        return protocol != null && !protocolInverted && protocol.equals(p);
    }

    /** Whether the chain is built in and is one of {@code chains}; user chains return {@code userChainResult}. */
    public boolean inChains(boolean userChainResult, String... chains) {
        if (!table.isBuiltin(chain)) {
            return userChainResult;
        }
        for (String c : chains) {
            if (c.equals(chain)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the rule is in a built-in chain. */
    public boolean builtinChain() {
        return table.isBuiltin(chain);
    }
}
