package dev.rampart.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.model.Family;
import dev.rampart.model.Ruleset;
import dev.rampart.model.TableName;
import dev.rampart.model.parse.RestoreParser;
import org.junit.jupiter.api.Test;

/**
 * Compiling checks the whole jump graph at once (loops and missing chains are refused before any packet),
 * while each chain's rules are compiled when first needed and then shared.
 */
class CompiledRulesetTest {

    private static Ruleset parse(String text) {
        return new RestoreParser(Family.IPV4).parse(text, "t").ruleset();
    }

    @Test
    void aLoopBetweenChainsIsRefusedAtCompileTime() {
        Ruleset r = parse("""
                *filter
                :INPUT ACCEPT [0:0]
                :A - [0:0]
                :B - [0:0]
                :C - [0:0]
                -A INPUT -p tcp -j A
                -A A -j B
                -A B -j C
                -A C -p udp -j A
                COMMIT
                """);
        assertThatThrownBy(() -> CompiledRuleset.compile(r, CompiledRuleset.Indexing.INDEXED))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loop");
    }

    @Test
    void chainsReachedTwiceAreNotALoopAndCompileOnce() {
        Ruleset r = parse("""
                *filter
                :INPUT DROP [0:0]
                :A - [0:0]
                :SHARED - [0:0]
                -A INPUT -p tcp -j A
                -A INPUT -p tcp -j SHARED
                -A A -j SHARED
                -A SHARED -p tcp -m tcp --dport 22 -j ACCEPT
                COMMIT
                """);
        CompiledRuleset c = CompiledRuleset.compile(r, CompiledRuleset.Indexing.INDEXED);
        CompiledChain shared = c.chain(TableName.FILTER, "SHARED");
        assertThat(c.chain(TableName.FILTER, "A").rules().get(0).chainTarget()).isSameAs(shared);
        assertThat(shared.rules()).isSameAs(shared.rules());
        assertThat(shared.rules()).hasSize(1);
    }
}
