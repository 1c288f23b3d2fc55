package dev.rampart.analysis.audit;

import dev.rampart.analysis.flat.Flattener;
import dev.rampart.analysis.space.PacketSpace;
import dev.rampart.model.Chain;
import dev.rampart.model.Family;
import dev.rampart.model.Rule;
import dev.rampart.model.Ruleset;
import dev.rampart.model.Table;
import dev.rampart.model.TableName;
import dev.rampart.model.ipset.IpSets;
import dev.rampart.model.write.CanonicalWriter;
import java.util.Optional;

/**
 * One ruleset under audit and the input it was read from ({@code source}: the file name as given, or a
 * name such as {@code <live iptables-save>}), with the structural facts about its chains
 * ({@link ChainFacts}) computed once. Builds the {@link RuleRef}s and rule descriptions checks put in
 * their findings.
 */
public final class AuditedRuleset {
    private final Ruleset ruleset;
    private final String source;
    private final ChainFacts facts;
    private final IpSets ipsets;
    private PacketSpace space;

    public AuditedRuleset(Ruleset ruleset, String source) {
        this(ruleset, source, null);
    }

    /**
     * A ruleset whose {@code -m set} matches are analysed with the contents of {@code ipsets} (null: the
     * contents are not known, and those matches are approximated).
     */
    public AuditedRuleset(Ruleset ruleset, String source, IpSets ipsets) {
        this.ruleset = ruleset;
        this.source = source;
        this.ipsets = ipsets;
        this.facts = new ChainFacts(ruleset);
    }

    public Ruleset ruleset() {
        return ruleset;
    }

    public String source() {
        return source;
    }

    public Family family() {
        return ruleset.family();
    }

    /** Facts about chains and references, computed once. */
    public ChainFacts facts() {
        return facts;
    }

    /** The packet space of this ruleset (family and the interface names its rules use), built on first use. */
    public synchronized PacketSpace space() {
        if (space == null) {
            space = Flattener.spaceOf(ruleset, ipsets);
        }
        return space;
    }

    /** The table, if present. */
    public Optional<Table> table(TableName name) {
        return ruleset.table(name);
    }

    /** The chain {@code chain} of {@code table}, if present. */
    public Optional<Chain> chain(TableName table, String chain) {
        return facts.chain(table, chain);
    }

    /** The filter table's chain {@code chain}, if present. */
    public Optional<Chain> filter(String chain) {
        return chain(TableName.FILTER, chain);
    }

    /** A reference to rule {@code number} (1-based) of {@code chain}. */
    public RuleRef ref(TableName table, Chain chain, int number) {
        Rule r = chain.rules().get(number - 1);
        return new RuleRef(source, family(), table, chain.name(), number, r.line());
    }

    /** A reference to the policy of built-in {@code chain} (its declaration line, 0 when none). */
    public RuleRef policyRef(TableName table, Chain chain) {
        return new RuleRef(source, family(), table, chain.name(), 0, chain.pos().line());
    }

    /**
     * A reference for a finding about a whole table or ruleset: the filter INPUT policy when present,
     * else the first chain of the first table.
     */
    public RuleRef anchor() {
        Optional<Chain> input = filter("INPUT");
        if (input.isPresent()) {
            return policyRef(TableName.FILTER, input.get());
        }
        for (Table t : ruleset.tables()) {
            for (Chain c : t.chains()) {
                return new RuleRef(source, family(), t.name(), c.name(), 0, c.pos().line());
            }
        }
        return new RuleRef(source, family(), TableName.FILTER, "INPUT", 0, 0);
    }

    /** {@code rule 3 of filter INPUT (-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT)}. */
    public static String describe(TableName table, Chain chain, int number) {
        return "rule " + number + " of " + table.id() + " " + chain.name() + " ("
                + CanonicalWriter.ruleText(chain.name(), chain.rules().get(number - 1)) + ")";
    }

    /** The rule text as {@code iptables-save} prints it, without counters. */
    public static String text(Chain chain, int number) {
        return CanonicalWriter.ruleText(chain.name(), chain.rules().get(number - 1));
    }

    /** {@code iptables} or {@code ip6tables}. */
    public String command() {
        return family() == Family.IPV4 ? "iptables" : "ip6tables";
    }
}
