package dev.rampart.sim.engine;

import dev.rampart.model.Rule;
import dev.rampart.model.target.Target;
import dev.rampart.sim.match.HeaderTest;

/**
 * One rule ready to evaluate: its 1-based position, the source rule, the tests of its header and matches
 * in the order the kernel runs them, its target, and for jumps and gotos the compiled chain they go to.
 *
 * @param number    1-based position in its chain, as {@code iptables -L --line-numbers} counts
 * @param header    the test of the rule header ({@code -s -d -i -o -p -f}), null when it tests nothing
 * @param tests     one test per match in rule order, after the header, leaving out those that always hold
 *                  ({@code -m comment}); empty when the matches test nothing
 * @param target    the target, or null for a rule that only counts
 * @param chainTarget the chain of a {@code -j CHAIN} / {@code -g CHAIN}, else null
 * @param goTo      whether {@code chainTarget} was reached with {@code -g}
 * @param counter   the rule's counter (table, chain, number), made once
 */
public record CompiledRule(int number, Rule rule, HeaderTest header, PacketTest[] tests, Target target, CompiledChain chainTarget,
                           boolean goTo, CounterRef counter) {

    /** Whether every test holds for {@code packet}. Stops at the first test that fails, as the kernel does. */
    public boolean matches(PacketState packet, MatchEnv env) {
        if (header != null && !header.test(packet, env)) {
            return false;
        }
        for (PacketTest t : tests) {
            if (!t.test(packet, env)) {
                return false;
            }
        }
        return true;
    }
}
