package dev.rampart.analysis.decision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.analysis.flat.FlatChain;
import dev.rampart.analysis.flat.FlatRule;
import dev.rampart.analysis.flat.Flattener;
import dev.rampart.analysis.flat.FlattenerSimulatorTest;
import dev.rampart.analysis.flat.RandomFilterRulesets;
import dev.rampart.analysis.space.PacketSet;
import dev.rampart.analysis.space.PacketSpace;
import dev.rampart.model.Family;
import dev.rampart.model.Ruleset;
import dev.rampart.model.TableName;
import dev.rampart.model.parse.RestoreParser;
import dev.rampart.sim.engine.CounterRef;
import dev.rampart.sim.engine.Simulator;
import dev.rampart.sim.engine.TraceResult;
import dev.rampart.sim.packet.Packet;
import dev.rampart.sim.packet.PacketText;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The first-match unfolding decides as the simulator: on random rulesets with user chains, jumps, gotos
 * and RETURN, the first terminal entry holding a packet is the rule the simulator says decided it, with
 * its verdict, and the LOG entries before it that hold the packet are the LOG rules the simulator passes.
 * Every entry that some packet reaches is hit by a witness of what is left of its guard.
 */
class FirstMatchFlattenerTest {
    private static final int PACKETS_PER_RULESET = 200;

    @Property(tries = 300)
    void decidesAsTheSimulator(@ForAll long seed) {
        RandomFilterRulesets g = new RandomFilterRulesets(seed);
        RestoreParser.Result parsed = new RestoreParser(Family.IPV4).parse(g.text(), "generated");
        assertThat(parsed.diagnostics().hasErrors()).as("%s", g.text()).isFalse();
        Ruleset ruleset = parsed.ruleset();
        PacketSpace space = Flattener.spaceOf(ruleset);
        FlatChain flat = FirstMatchFlattener.flatten(ruleset.table(TableName.FILTER).orElseThrow(), "INPUT", space);
        assertThat(flat.isApproximate()).as("only exact matches are generated:%n%s", g.text()).isFalse();
        Simulator sim = Simulator.builder(ruleset).stateless(true).build();
        for (int i = 0; i < PACKETS_PER_RULESET; i++) {
            FlattenerSimulatorTest.checkPacket(g.packet(), flat, sim, ruleset, g.text());
        }
        PacketSet decided = space.none();
        for (FlatRule entry : flat.rules()) {
            PacketSet reached = entry.guard().minus(decided);
            if (!reached.isEmpty()) {
                Packet w = reached.witness();
                TraceResult r = sim.process(w);
                if (entry.isTerminal()) {
                    assertThat(r.decidedBy()).as("witness %s of %s in%n%s", w, entry, g.text()).isEqualTo(entry.origin());
                } else {
                    assertThat(r.matched()).as("witness %s of %s in%n%s", w, entry, g.text()).contains(entry.origin());
                }
            }
            if (entry.isTerminal()) {
                decided = decided.union(entry.guard());
            }
        }
        assertThat(decided.sameAs(space.all())).as("every packet is decided in%n%s", g.text()).isTrue();
    }

    @Test
    void returnsBecomeNegatedConditionsOnTheRulesTheySkip() throws Exception {
        String text = String.join("\n", "*filter", ":INPUT DROP [0:0]", ":svc - [0:0]",
                "-A INPUT -p tcp -j svc", "-A svc -s 192.0.2.0/24 -j RETURN", "-A svc -p tcp -m tcp --dport 22 -j ACCEPT",
                "COMMIT", "");
        RestoreParser.Result parsed = new RestoreParser(Family.IPV4).parse(text, "t");
        assertThat(parsed.diagnostics().hasErrors()).isFalse();
        Ruleset rs = parsed.ruleset();
        PacketSpace space = Flattener.spaceOf(rs);
        FlatChain flat = FirstMatchFlattener.flatten(rs.table(TableName.FILTER).orElseThrow(), "INPUT", space);
        assertThat(flat.rules()).hasSize(2);
        FlatRule ssh = flat.rules().get(0);
        assertThat(ssh.origin()).isEqualTo(new CounterRef(TableName.FILTER, "svc", 2));
        assertThat(ssh.guard().contains(PacketText.parse("tcp 192.0.2.9:4000 > 198.18.0.1:22 in eth0"))).isFalse();
        assertThat(ssh.guard().contains(PacketText.parse("tcp 203.0.113.9:4000 > 198.18.0.1:22 in eth0"))).isTrue();
        assertThat(flat.rules().get(1).origin().isPolicy()).isTrue();
    }
}
