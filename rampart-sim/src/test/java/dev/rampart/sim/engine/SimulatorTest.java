package dev.rampart.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.model.Family;
import dev.rampart.model.Ruleset;
import dev.rampart.model.TableName;
import dev.rampart.model.match.CtState;
import dev.rampart.model.parse.RestoreParser;
import dev.rampart.sim.packet.Packet;
import dev.rampart.sim.packet.PacketSyntaxException;
import dev.rampart.sim.packet.PacketText;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Traversal semantics: counters, jumps, gotos, RETURN, policies, tables per hook, and both evaluators. */
class SimulatorTest {

    static Ruleset parse(String text) {
        RestoreParser.Result r = new RestoreParser(Family.IPV4).parse(text, "test.rules");
        assertThat(r.diagnostics().all()).as("parse diagnostics").isEmpty();
        return r.ruleset();
    }

    static Packet packet(String text) {
        try {
            return PacketText.parse(text);
        } catch (PacketSyntaxException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    static Simulator sim(String rules, CompiledRuleset.Indexing indexing) {
        return Simulator.builder(CompiledRuleset.compile(parse(rules), indexing)).build();
    }

    static CounterRef rule(String chain, int n) {
        return new CounterRef(TableName.FILTER, chain, n);
    }

    static final String CHAINS = String.join("\n",
            "*filter",
            ":INPUT DROP [0:0]",
            ":FORWARD DROP [0:0]",
            ":OUTPUT ACCEPT [0:0]",
            ":SSH - [0:0]",
            ":WEB - [0:0]",
            "-A INPUT -i lo -j ACCEPT",
            "-A INPUT -p tcp -m tcp --dport 22 -j SSH",
            "-A INPUT -p tcp -m tcp --dport 80 -g WEB",
            "-A INPUT -p tcp",
            "-A INPUT -p tcp -m tcp --dport 443 -j ACCEPT",
            "-A SSH -s 192.0.2.0/24 -j ACCEPT",
            "-A SSH -s 198.51.100.7/32 -j RETURN",
            "-A SSH -j DROP",
            "-A WEB -s 203.0.113.0/24 -j RETURN",
            "-A WEB -j ACCEPT",
            "COMMIT",
            "");

    @ParameterizedTest
    @EnumSource(CompiledRuleset.Indexing.class)
    void jumpAcceptsInsideUserChain(CompiledRuleset.Indexing indexing) {
        TraceResult r = sim(CHAINS, indexing).process(packet("tcp 192.0.2.9:40000 > 198.18.0.1:22 in eth0 syn"));
        assertThat(r.verdict()).isEqualTo(Verdict.ACCEPT);
        assertThat(r.matched()).containsExactly(rule("INPUT", 2), rule("SSH", 1));
        assertThat(r.decidedBy()).isEqualTo(rule("SSH", 1));
        assertThat(r.ctState()).isEqualTo(CtState.NEW);
    }

    @ParameterizedTest
    @EnumSource(CompiledRuleset.Indexing.class)
    void returnResumesAfterTheJump(CompiledRuleset.Indexing indexing) {
        TraceResult r = sim(CHAINS, indexing).process(packet("tcp 198.51.100.7:40000 > 198.18.0.1:22 in eth0 syn"));
        // RETURN goes back to INPUT after rule 2: rule 4 (no target) counts, rule 5 does not match, policy drops
        assertThat(r.matched()).containsExactly(rule("INPUT", 2), rule("SSH", 2), rule("INPUT", 4),
                CounterRef.policy(TableName.FILTER, "INPUT"));
        assertThat(r.verdict()).isEqualTo(Verdict.DROP);
        assertThat(r.decidedBy()).isEqualTo(CounterRef.policy(TableName.FILTER, "INPUT"));
    }

    @ParameterizedTest
    @EnumSource(CompiledRuleset.Indexing.class)
    void returnFromGotoSkipsTheRestOfTheCaller(CompiledRuleset.Indexing indexing) {
        TraceResult r = sim(CHAINS, indexing).process(packet("tcp 203.0.113.4:40000 > 198.18.0.1:80 in eth0 syn"));
        // -g WEB then RETURN: back to INPUT's caller, i.e. the end of INPUT: policy
        assertThat(r.matched()).containsExactly(rule("INPUT", 3), rule("WEB", 1),
                CounterRef.policy(TableName.FILTER, "INPUT"));
        assertThat(r.verdict()).isEqualTo(Verdict.DROP);
    }

    @ParameterizedTest
    @EnumSource(CompiledRuleset.Indexing.class)
    void ruleWithoutTargetCountsAndContinues(CompiledRuleset.Indexing indexing) {
        TraceResult r = sim(CHAINS, indexing).process(packet("tcp 203.0.113.4:40000 > 198.18.0.1:443 in eth0 syn"));
        assertThat(r.matched()).containsExactly(rule("INPUT", 4), rule("INPUT", 5));
        assertThat(r.verdict()).isEqualTo(Verdict.ACCEPT);
        assertThat(r.steps()).extracting(TraceStep::action).containsExactly("continue", "ACCEPT");
    }

    /** INPUT and SSH long enough to be indexed; SSH returns to INPUT, whose candidates must survive. */
    static String indexedChains() {
        StringBuilder sb = new StringBuilder("*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n"
                + ":SSH - [0:0]\n");
        for (int n = 1; n <= 20; n++) {
            sb.append("-A INPUT -s 192.0.2.").append(n).append("/32 -j DROP\n");
        }
        sb.append("-A INPUT -p tcp -m tcp --dport 22 -j SSH\n"); // rule 21
        for (int n = 1; n <= 10; n++) {
            sb.append("-A INPUT -d 198.18.0.").append(n).append("/32 -j ACCEPT\n"); // rules 22-31
        }
        for (int n = 1; n <= 12; n++) {
            sb.append("-A SSH -s 198.51.100.").append(n).append("/32 -j ACCEPT\n");
        }
        sb.append("-A SSH -s 203.0.113.0/24 -j RETURN\n"); // rule 13
        sb.append("-A SSH -j DROP\n");
        return sb.append("COMMIT\n").toString();
    }

    @Test
    void indexedWalkReturnsIntoItsCallerAndEvaluatesOnlyCandidates() {
        Packet p = packet("tcp 203.0.113.5:40000 > 198.18.0.4:22 in eth0 syn");
        Simulator linear = sim(indexedChains(), CompiledRuleset.Indexing.LINEAR);
        Simulator indexed = sim(indexedChains(), CompiledRuleset.Indexing.INDEXED);
        TraceResult a = linear.process(p);
        TraceResult b = indexed.process(p);
        assertThat(b.matched()).containsExactly(rule("INPUT", 21), rule("SSH", 13), rule("INPUT", 25));
        assertThat(b.verdict()).isEqualTo(Verdict.ACCEPT);
        assertThat(a.matched()).isEqualTo(b.matched());
        // linear: INPUT 1-21, SSH 1-13, INPUT 22-25; indexed: the rules keyed on this packet's fields
        assertThat(linear.rulesEvaluated()).isEqualTo(21 + 13 + 4);
        assertThat(indexed.rulesEvaluated()).isLessThanOrEqualTo(4);
    }

    @Test
    void everyTableOfEveryHookIsVisitedInPriorityOrder() {
        String rules = String.join("\n",
                "*mangle", ":PREROUTING ACCEPT [0:0]", ":INPUT ACCEPT [0:0]", ":FORWARD ACCEPT [0:0]",
                ":OUTPUT ACCEPT [0:0]", ":POSTROUTING ACCEPT [0:0]", "COMMIT",
                "*raw", ":PREROUTING ACCEPT [0:0]", ":OUTPUT ACCEPT [0:0]", "COMMIT",
                "*filter", ":INPUT ACCEPT [0:0]", ":FORWARD ACCEPT [0:0]", ":OUTPUT ACCEPT [0:0]", "COMMIT",
                "*nat", ":PREROUTING ACCEPT [0:0]", ":INPUT ACCEPT [0:0]", ":OUTPUT ACCEPT [0:0]",
                ":POSTROUTING ACCEPT [0:0]", "COMMIT", "");
        Simulator s = sim(rules, CompiledRuleset.Indexing.INDEXED);
        TraceResult in = s.process(packet("udp 192.0.2.1:5000 > 198.18.0.1:53 in eth0"));
        assertThat(in.matched()).containsExactly(
                CounterRef.policy(TableName.RAW, "PREROUTING"), CounterRef.policy(TableName.MANGLE, "PREROUTING"),
                CounterRef.policy(TableName.NAT, "PREROUTING"), CounterRef.policy(TableName.MANGLE, "INPUT"),
                CounterRef.policy(TableName.FILTER, "INPUT"), CounterRef.policy(TableName.NAT, "INPUT"));
        TraceResult fwd = s.process(packet("udp 192.0.2.1:5001 > 198.51.100.1:53 in eth0 out eth1"));
        assertThat(fwd.matched()).containsExactly(
                CounterRef.policy(TableName.RAW, "PREROUTING"), CounterRef.policy(TableName.MANGLE, "PREROUTING"),
                CounterRef.policy(TableName.NAT, "PREROUTING"), CounterRef.policy(TableName.MANGLE, "FORWARD"),
                CounterRef.policy(TableName.FILTER, "FORWARD"), CounterRef.policy(TableName.MANGLE, "POSTROUTING"),
                CounterRef.policy(TableName.NAT, "POSTROUTING"));
        TraceResult out = s.process(packet("udp 198.18.0.1:5002 > 198.51.100.1:53 out eth1"));
        assertThat(out.matched()).containsExactly(
                CounterRef.policy(TableName.RAW, "OUTPUT"), CounterRef.policy(TableName.MANGLE, "OUTPUT"),
                CounterRef.policy(TableName.NAT, "OUTPUT"), CounterRef.policy(TableName.FILTER, "OUTPUT"),
                CounterRef.policy(TableName.MANGLE, "POSTROUTING"), CounterRef.policy(TableName.NAT, "POSTROUTING"));
    }

    @Test
    void natChainsSeeOnlyTheFirstPacketOfAConnection() {
        String rules = String.join("\n", "*nat", ":PREROUTING ACCEPT [0:0]", ":INPUT ACCEPT [0:0]",
                ":OUTPUT ACCEPT [0:0]", ":POSTROUTING ACCEPT [0:0]", "COMMIT", "");
        Simulator s = sim(rules, CompiledRuleset.Indexing.INDEXED);
        s.process(packet("udp 192.0.2.1:5000 > 198.18.0.1:53 in eth0"));
        TraceResult second = s.process(packet("udp 192.0.2.1:5000 > 198.18.0.1:53 in eth0"));
        assertThat(second.matched()).isEmpty();
    }

    @Test
    void notrackInRawMakesThePacketUntracked() {
        String rules = String.join("\n", "*raw", ":PREROUTING ACCEPT [0:0]", ":OUTPUT ACCEPT [0:0]",
                "-A PREROUTING -p udp -j NOTRACK", "COMMIT",
                "*filter", ":INPUT DROP [0:0]", ":FORWARD DROP [0:0]", ":OUTPUT ACCEPT [0:0]",
                "-A INPUT -m state --state UNTRACKED -j ACCEPT", "COMMIT", "");
        TraceResult r = sim(rules, CompiledRuleset.Indexing.INDEXED).process(packet("udp 192.0.2.1:5000 > 198.18.0.1:53 in eth0"));
        assertThat(r.ctState()).isEqualTo(CtState.UNTRACKED);
        assertThat(r.verdict()).isEqualTo(Verdict.ACCEPT);
        assertThat(r.decidedBy()).isEqualTo(rule("INPUT", 1));
    }

    @Test
    void packetOfTheWrongFamilyIsRefused() {
        Simulator s = sim(CHAINS, CompiledRuleset.Indexing.INDEXED);
        assertThatThrownBy(() -> s.process(packet("tcp [2001:db8::1]:1 > [2001:db8::2]:22 in eth0 syn")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("IPv6");
    }

    @Test
    void packetWithoutDirectionIsRefused() {
        Simulator s = sim(CHAINS, CompiledRuleset.Indexing.INDEXED);
        assertThatThrownBy(() -> s.process(packet("tcp 192.0.2.1:1 > 198.18.0.1:22 syn")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"in\"");
    }

    @Test
    void statelessRunUsesTheGivenState() {
        Simulator s = Simulator.builder(parse(CHAINS)).stateless(true).steps(false).build();
        TraceResult r = s.process(packet("tcp 192.0.2.9:40000 > 198.18.0.1:22 in eth0 ack state ESTABLISHED"));
        assertThat(r.ctState()).isEqualTo(CtState.ESTABLISHED);
        assertThat(r.steps()).isEmpty();
        assertThat(r.matched()).isEqualTo(List.of(rule("INPUT", 2), rule("SSH", 1)));
    }
}
