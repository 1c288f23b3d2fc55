package dev.rampart.sim.engine;

import dev.rampart.model.Rule;
import dev.rampart.model.target.Target;
import dev.rampart.sim.classify.RuleIndex;
import dev.rampart.sim.conntrack.NatRequest;
import dev.rampart.sim.match.HeaderTest;
import java.util.Arrays;

/**
 * One rule ready to evaluate: its 1-based position, the source rule, the tests of its header and matches
 * in the order the kernel runs them, its target, and for jumps and gotos the compiled chain they go to.
 * Immutable, except for a cache of the jump target's compiled rules (see {@link #calleeRules()}).
 *
 * <p>The tests are laid out for the walker: the header test in a field of its own type (one call site,
 * inlined), the first match test in a field (most rules have at most one that is not always true:
 * kube-proxy's statistic rules, a port match), the rest in an array — so evaluating a typical rule reads
 * this object and its tests, without an array between them.
 */
public final class CompiledRule {
    private static final PacketTest[] NONE = {};

    private final int number;
    private final Rule rule;
    private final HeaderTest header;
    private final PacketTest first;
    private final PacketTest[] rest;
    private final Target target;
    private final CompiledChain chainTarget;
    private final boolean goTo;
    private final CounterRef counter;
    /** The NAT request of a DNAT or SNAT target, made once; null for other targets. */
    private final NatRequest natRequest;
    /**
     * The jump target's rules and index, cached on the first jump (the target compiles when first
     * entered), so a jump reads this rule and not also the target's chain object. The index is written
     * before the volatile rules, so whoever reads the rules non-null sees the index.
     */
    private RuleIndex calleeIndex;
    private volatile CompiledRule[] calleeRules;

    /**
     * @param number      1-based position in its chain, as {@code iptables -L --line-numbers} counts
     * @param rule        the source rule
     * @param header      the test of the rule header ({@code -s -d -i -o -p -f}), null when it tests nothing
     * @param tests       one test per match in rule order, leaving out those that always hold
     *                    ({@code -m comment}); empty when the matches test nothing
     * @param target      the target, or null for a rule that only counts
     * @param chainTarget the chain of a {@code -j CHAIN} / {@code -g CHAIN}, else null
     * @param goTo        whether {@code chainTarget} was reached with {@code -g}
     * @param counter     the rule's counter (table, chain, number), made once
     */
    CompiledRule(int number, Rule rule, HeaderTest header, PacketTest[] tests, Target target,
                 CompiledChain chainTarget, boolean goTo, CounterRef counter) {
        this.number = number;
        this.rule = rule;
        this.header = header;
        this.first = tests.length == 0 ? null : tests[0];
        this.rest = tests.length <= 1 ? NONE : Arrays.copyOfRange(tests, 1, tests.length);
        this.target = target;
        this.chainTarget = chainTarget;
        this.goTo = goTo;
        this.counter = counter;
        this.natRequest = TargetEffects.natRequestOf(target);
    }

    /** Whether every test holds for {@code packet}. Stops at the first test that fails, as the kernel does. */
    public boolean matches(PacketState packet, MatchEnv env) {
        if (header != null && !header.test(packet, env)) {
            return false;
        }
        if (first == null) {
            return true;
        }
        if (!first.test(packet, env)) {
            return false;
        }
        for (PacketTest t : rest) {
            if (!t.test(packet, env)) {
                return false;
            }
        }
        return true;
    }

    /** 1-based position in its chain. */
    public int number() {
        return number;
    }

    /** The source rule. */
    public Rule rule() {
        return rule;
    }

    /** The target, or null for a rule that only counts. */
    public Target target() {
        return target;
    }

    /** The chain of a {@code -j CHAIN} / {@code -g CHAIN}, else null. */
    public CompiledChain chainTarget() {
        return chainTarget;
    }

    /** Whether {@link #chainTarget()} is reached with {@code -g}. */
    public boolean goTo() {
        return goTo;
    }

    /** The rules of {@link #chainTarget()} (compiling it on first use); only for a jump or goto. */
    CompiledRule[] calleeRules() {
        CompiledRule[] a = calleeRules;
        if (a == null) {
            a = chainTarget.ruleArray();
            calleeIndex = chainTarget.indexAfterRules();
            calleeRules = a; // a race only repeats the same writes
        }
        return a;
    }

    /** The index of {@link #chainTarget()}; only after {@link #calleeRules()} on the same thread. */
    RuleIndex calleeIndexAfterRules() {
        return calleeIndex;
    }

    /** The NAT request of a DNAT or SNAT target, null for other targets. */
    NatRequest natRequest() {
        return natRequest;
    }

    /** The rule's counter. */
    public CounterRef counter() {
        return counter;
    }
}
