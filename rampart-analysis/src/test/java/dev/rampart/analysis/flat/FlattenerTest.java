package dev.rampart.analysis.flat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.model.Family;
import dev.rampart.model.Ruleset;
import dev.rampart.model.TableName;
import dev.rampart.model.match.CtState;
import dev.rampart.model.net.IpAddress;
import dev.rampart.model.parse.RestoreParser;
import dev.rampart.sim.engine.CounterRef;
import dev.rampart.sim.packet.Packet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-written cases of the unfolding: goto, RETURN in a built-in chain, approximations, errors. */
class FlattenerTest {

    private static Ruleset parse(String text) {
        RestoreParser.Result r = new RestoreParser(Family.IPV4).parse(text, "test");
        assertThat(r.diagnostics().hasErrors()).isFalse();
        return r.ruleset();
    }

    private static FlatChain input(String rules) {
        return Flattener.flatten(parse(rules), TableName.FILTER, "INPUT");
    }

    private static Packet tcp(String src, int dport) {
        return Packet.builder(IpAddress.parse(src), IpAddress.parse("198.18.2.1"), 6).in("eth0").sport(40000)
                .dport(dport).tcpFlags(Packet.SYN).ctState(CtState.NEW).build();
    }

    private static CounterRef rule(String chain, int n) {
        return new CounterRef(TableName.FILTER, chain, n);
    }

    @Test
    void gotoFromTheBuiltInChainThatFallsOffEndsInThePolicyNotAfterTheGoto() {
        FlatChain flat = input("""
                *filter
                :INPUT DROP [0:0]
                :U - [0:0]
                -A INPUT -s 192.0.2.0/24 -g U
                -A INPUT -p tcp -j ACCEPT
                -A U -p tcp --dport 22 -j ACCEPT
                COMMIT
                """);
        assertThat(flat.decide(tcp("192.0.2.7", 22)).orElseThrow().path())
                .containsExactly(rule("INPUT", 1), rule("U", 1));
        // port 80 from 192.0.2.0/24 falls off U: back to INPUT's caller, i.e. the DROP policy, not rule 2
        FlatRule fell = flat.decide(tcp("192.0.2.7", 80)).orElseThrow();
        assertThat(fell.origin()).isEqualTo(CounterRef.policy(TableName.FILTER, "INPUT"));
        assertThat(fell.target().name()).isEqualTo("DROP");
        assertThat(flat.decide(tcp("203.0.113.1", 80)).orElseThrow().origin()).isEqualTo(rule("INPUT", 2));
        assertThat(flat.rules()).extracting(FlatRule::origin).containsExactly(rule("U", 1), rule("INPUT", 2),
                CounterRef.policy(TableName.FILTER, "INPUT"));
    }

    @Test
    void returnInTheBuiltInChainGoesToThePolicyAndJumpsComeBack() {
        FlatChain flat = input("""
                *filter
                :INPUT ACCEPT [0:0]
                :U - [0:0]
                -A INPUT -p tcp --dport 22 -j U
                -A INPUT -s 10.0.0.0/8 -j RETURN
                -A INPUT -j DROP
                -A U -s 192.0.2.0/24 -j RETURN
                -A U -j ACCEPT
                COMMIT
                """);
        assertThat(flat.decide(tcp("198.51.100.1", 22)).orElseThrow().origin()).isEqualTo(rule("U", 2));
        assertThat(flat.decide(tcp("192.0.2.1", 22)).orElseThrow().origin()).isEqualTo(rule("INPUT", 3));
        FlatRule returned = flat.decide(tcp("10.1.2.3", 80)).orElseThrow();
        assertThat(returned.origin()).isEqualTo(CounterRef.policy(TableName.FILTER, "INPUT"));
        assertThat(returned.target().name()).isEqualTo("ACCEPT");
        assertThat(flat.isApproximate()).isFalse();
    }

    @Test
    void approximatedMatchUsesTheOverApproximationAndMarksEveryEntryItReaches() {
        FlatChain flat = input("""
                *filter
                :INPUT DROP [0:0]
                -A INPUT -p tcp -m limit --limit 5/min -j ACCEPT
                -A INPUT -p udp -j ACCEPT
                -A INPUT -p tcp --dport 22 -j ACCEPT
                COMMIT
                """);
        List<FlatRule> rules = flat.rules();
        assertThat(rules).extracting(FlatRule::origin).containsExactly(rule("INPUT", 1), rule("INPUT", 2),
                rule("INPUT", 3), CounterRef.policy(TableName.FILTER, "INPUT"));
        // may match: every tcp packet; the udp entry does not meet the uncertain packets, so stays exact
        assertThat(rules.get(0).guard().contains(tcp("192.0.2.1", 80))).isTrue();
        assertThat(rules.get(0).isApproximate()).isTrue();
        assertThat(rules.get(0).approximations().get(0)).startsWith("filter:INPUT:rule:1: ").contains("limit");
        assertThat(rules.get(1).isApproximate()).isFalse();
        // tcp packets may pass the limit, so rule 3 and the policy still see them, approximately
        assertThat(rules.get(2).guard().contains(tcp("192.0.2.1", 22))).isTrue();
        assertThat(rules.get(2).isApproximate()).isTrue();
        assertThat(rules.get(3).isApproximate()).isTrue();
        assertThat(rules.get(3).guard().contains(tcp("192.0.2.1", 80))).isTrue();
    }

    @Test
    void markRewritingMakesLaterEntriesThatMeetTheMarkedPacketsApproximate() {
        FlatChain flat = Flattener.flatten(parse("""
                *mangle
                :PREROUTING ACCEPT [0:0]
                :INPUT ACCEPT [0:0]
                :FORWARD ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                :POSTROUTING ACCEPT [0:0]
                -A PREROUTING -p tcp -j MARK --set-mark 1
                -A PREROUTING -m mark --mark 1 -j DROP
                COMMIT
                """), TableName.MANGLE, "PREROUTING");
        assertThat(flat.rules().get(0).isApproximate()).isFalse();
        assertThat(flat.rules().get(0).isTerminal()).isFalse();
        assertThat(flat.rules().get(1).isApproximate()).isTrue();
        assertThat(flat.rules().get(1).approximations().get(0)).contains("MARK");
    }

    @Test
    void flattenAllUnfoldsEveryBuiltInChainAndUnreachableRulesLeaveNoEntry() {
        List<FlatChain> all = Flattener.flattenAll(parse("""
                *filter
                :INPUT ACCEPT [0:0]
                :FORWARD DROP [0:0]
                :OUTPUT ACCEPT [0:0]
                -A INPUT -j ACCEPT
                -A INPUT -p tcp -j DROP
                COMMIT
                """));
        assertThat(all).extracting(FlatChain::chain).containsExactly("INPUT", "FORWARD", "OUTPUT");
        assertThat(all.get(0).rules()).extracting(FlatRule::origin).containsExactly(rule("INPUT", 1));
        assertThat(all.get(1).rules()).singleElement()
                .satisfies(r -> assertThat(r.target().name()).isEqualTo("DROP"));
    }

    @Test
    void jumpToAMissingChainOrAUserChainAsStartIsRefused() {
        Ruleset rs = parse("""
                *filter
                :INPUT ACCEPT [0:0]
                :U - [0:0]
                -A INPUT -j U
                COMMIT
                """);
        assertThatThrownBy(() -> Flattener.flatten(rs, TableName.FILTER, "U")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("user chain");
        assertThatThrownBy(() -> Flattener.flatten(rs, TableName.NAT, "PREROUTING"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no nat table");
    }
}
