package dev.rampart.sim.engine;

import dev.rampart.model.Policy;
import dev.rampart.model.TableName;
import dev.rampart.sim.classify.RuleIndex;
import java.util.List;
import java.util.function.Supplier;

/**
 * A chain ready to evaluate: its rules and the index that picks the rules a packet can match. Built-in
 * chains have a policy; user chains return to their caller at the end. Immutable in what it shows, and
 * thread-safe.
 *
 * <p>The rules and index are compiled on first use: a simulation visits a few chains of a big ruleset
 * (a kube-proxy node has over 100,000, most reached only by packets to one service), so compiling all of
 * them up front cost more than the run. The jump graph is still checked whole when the ruleset is
 * compiled ({@link CompiledRuleset#compile}), so a missing chain or a loop is reported at once.
 */
public final class CompiledChain {
    private final TableName table;
    private final String name;
    private final Policy policy;
    /** The policy counter of a built-in chain, made once; null for a user chain. */
    private final CounterRef policyCounter;
    /** Compiles the body; null once it is compiled. */
    private Supplier<Body> compiler;
    /** The body, unpacked into fields the walker reads without a detour; set before {@link #array}. */
    private List<CompiledRule> rules;
    private RuleIndex index;
    /** The rules as an array; written last, so whoever reads it non-null sees the fields above. */
    private volatile CompiledRule[] array;

    /** The compiled rules and their index, as the compiler makes them. */
    record Body(List<CompiledRule> rules, RuleIndex index) {
    }

    CompiledChain(TableName table, String name, Policy policy, Supplier<Body> compiler) {
        this.table = table;
        this.name = name;
        this.policy = policy;
        this.policyCounter = policy == null ? null : CounterRef.policy(table, name);
        this.compiler = compiler;
    }

    public TableName table() {
        return table;
    }

    public String name() {
        return name;
    }

    /** The policy of a built-in chain, null for a user chain. */
    public Policy policy() {
        return policy;
    }

    /** The policy counter of a built-in chain, null for a user chain. */
    CounterRef policyCounter() {
        return policyCounter;
    }

    public boolean isBuiltin() {
        return policy != null;
    }

    /** The rules, position i holding rule number i + 1. */
    public List<CompiledRule> rules() {
        ruleArray();
        return rules;
    }

    /** The index over {@link #rules()}. */
    public RuleIndex index() {
        ruleArray();
        return index;
    }

    /** The index, read without a check: only after {@link #ruleArray()} on the same thread. */
    RuleIndex indexAfterRules() {
        return index;
    }

    /** The rules as an array (the walker's hot loop), compiling the chain on the first call. */
    CompiledRule[] ruleArray() {
        CompiledRule[] a = array;
        return a != null ? a : compile();
    }

    /** The first call's slow path, kept out of {@link #ruleArray()} so the walker's loop stays small. */
    private synchronized CompiledRule[] compile() {
        CompiledRule[] a = array;
        if (a == null) {
            Body b = compiler.get();
            rules = List.copyOf(b.rules());
            index = b.index();
            a = rules.toArray(new CompiledRule[0]);
            array = a;
            compiler = null;
        }
        return a;
    }
}
