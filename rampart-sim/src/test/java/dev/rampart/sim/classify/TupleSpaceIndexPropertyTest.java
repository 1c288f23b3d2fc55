package dev.rampart.sim.classify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.Family;
import dev.rampart.model.Rule;
import dev.rampart.sim.engine.PacketState;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The index's contract against the reference predicate: for random chains and packets at the rules'
 * boundaries, the index proposes every rule {@link HeaderReference} accepts, in ascending order, each
 * once, and nothing outside the chain.
 */
class TupleSpaceIndexPropertyTest {

    @Property(tries = 400)
    void ipv4CursorCoversEveryRuleTheReferenceAccepts(@ForAll long seed) {
        check(seed, Family.IPV4);
    }

    @Property(tries = 200)
    void ipv6CursorCoversEveryRuleTheReferenceAccepts(@ForAll long seed) {
        check(seed, Family.IPV6);
    }

    @Property(tries = 100)
    void factoryIndexCoversEveryRuleTheReferenceAccepts(@ForAll long seed) {
        RandomChains gen = new RandomChains(seed, Family.IPV4);
        List<Rule> rules = gen.chain(300);
        RuleIndex index = RuleIndex.of(rules, Family.IPV4);
        for (int i = 0; i < 50; i++) {
            PacketState p = gen.packet(rules);
            assertCovers(rules, Family.IPV4, index, p, "seed " + seed);
        }
    }

    private static void check(long seed, Family family) {
        RandomChains gen = new RandomChains(seed, family);
        List<Rule> rules = gen.chain(120);
        TupleSpaceIndex index = TupleSpaceIndex.build(rules, family);
        for (int i = 0; i < 60; i++) {
            assertCovers(rules, family, index, gen.packet(rules), "seed " + seed + ", " + index);
        }
    }

    static void assertCovers(List<Rule> rules, Family family, RuleIndex index, PacketState p, String context) {
        List<Integer> yielded = new ArrayList<>();
        Candidates c = new Candidates();
        c.add(-7); // a caller's candidate below: the index appends above it and leaves it alone
        index.candidates(p, c);
        assertThat(c.at(0)).isEqualTo(-7);
        for (int i = 1; i < c.size(); i++) {
            yielded.add(c.at(i));
        }
        for (int i = 1; i < yielded.size(); i++) {
            assertThat(yielded.get(i)).as("ascending, no duplicates: %s (%s)", yielded, context)
                    .isGreaterThan(yielded.get(i - 1));
        }
        assertThat(yielded).allMatch(pos -> pos < rules.size(), "within the chain");
        for (int i = 0; i < rules.size(); i++) {
            if (HeaderReference.accepts(rules.get(i), p, family)) {
                assertThat(yielded).as("rule %d (%s) accepts packet %s; %s", i, rules.get(i), p.original(), context)
                        .contains(i);
            }
        }
    }
}
