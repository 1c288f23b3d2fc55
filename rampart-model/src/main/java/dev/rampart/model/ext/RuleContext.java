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
 *
 * <p>Not a record, for speed: the rule parser moves one context from rule to rule ({@link #moveTo}) instead
 * of making one per rule, as it reuses {@link Options}. A context is valid only while its extension
 * builds; extensions must not keep it.
 */
public final class RuleContext {
    private final Family family;
    private TableName table;
    private String chain;
    private Protocol protocol;
    private boolean protocolInverted;
    private final List<Match> matches;
    private final java.util.Set<String> knownIpSets;

    /** The context of a rule of {@code chain} in {@code table}; {@code matches} is read, not copied. */
    public RuleContext(Family family, TableName table, String chain, Protocol protocol, boolean protocolInverted,
                       List<Match> matches, java.util.Set<String> knownIpSets) {
        this.family = family;
        this.table = table;
        this.chain = chain;
        this.protocol = protocol;
        this.protocolInverted = protocolInverted;
        this.matches = matches;
        this.knownIpSets = knownIpSets;
    }

    /** Makes this the context of a rule of {@code newChain} in {@code newTable} (same family, matches view and ipsets). */
    public RuleContext moveTo(TableName newTable, String newChain, Protocol newProtocol, boolean newProtocolInverted) {
        table = newTable;
        chain = newChain;
        protocol = newProtocol;
        protocolInverted = newProtocolInverted;
        return this;
    }

    public Family family() {
        return family;
    }

    public TableName table() {
        return table;
    }

    public String chain() {
        return chain;
    }

    /** The {@code -p} protocol, or null when none. */
    public Protocol protocol() {
        return protocol;
    }

    public boolean protocolInverted() {
        return protocolInverted;
    }

    /** The matches built before the extension (for targets: all of the rule's matches). */
    public List<Match> matches() {
        return matches;
    }

    /** The names of the existing ipsets, or null when not known. */
    public java.util.Set<String> knownIpSets() {
        return knownIpSets;
    }

    @Override
    public String toString() {
        return "RuleContext[family=" + family + ", table=" + table + ", chain=" + chain + ", protocol=" + protocol
                + ", protocolInverted=" + protocolInverted + ", matches=" + matches + "]";
    }

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
