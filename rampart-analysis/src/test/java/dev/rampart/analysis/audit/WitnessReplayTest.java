package dev.rampart.analysis.audit;

import static dev.rampart.analysis.audit.AuditFixtures.context;
import static dev.rampart.analysis.audit.AuditFixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.analysis.audit.checks.AcceptAll;
import dev.rampart.analysis.audit.checks.ForwardOpenNonRouter;
import dev.rampart.analysis.audit.checks.LoopbackSpoofAccepted;
import dev.rampart.analysis.audit.checks.UnreachableAfterTerminal;
import dev.rampart.model.TableName;
import dev.rampart.sim.engine.CounterRef;
import dev.rampart.sim.engine.Simulator;
import dev.rampart.sim.engine.TraceResult;
import dev.rampart.sim.engine.Verdict;
import dev.rampart.sim.packet.Packet;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * Every witness a check attaches is replayed through the simulator and behaves as the finding says:
 * the packet an unreachable rule would match is decided by the blocking rule, the packet of an
 * accept-all rule is accepted by it, the forged loopback packet is accepted by the rule that trusts the
 * address, the forwarded packet of an open FORWARD is accepted by the policy.
 */
class WitnessReplayTest {

    private static TraceResult replay(AuditedRuleset r, Packet p) {
        return Simulator.builder(r.ruleset()).build().process(p);
    }

    private static CounterRef counter(RuleRef ref) {
        return new CounterRef(ref.table(), ref.chain(), ref.rule());
    }

    @Test
    void seedsDropBeforeAcceptWitnessIsDroppedByTheDropRule() {
        AuditedRuleset r = parse("*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n"
                + "-A INPUT -i lo -j ACCEPT\n-A INPUT -j DROP\n-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\nCOMMIT\n");
        Finding f = new UnreachableAfterTerminal().run(context(r)).get(0);
        TraceResult t = replay(r, f.witness());
        assertThat(f.witness().dport()).isEqualTo(22);
        assertThat(t.verdict()).isEqualTo(Verdict.DROP);
        assertThat(t.decidedBy()).isEqualTo(counter(f.rules().get(1)));
        assertThat(t.matched()).doesNotContain(counter(f.rules().get(0)));
    }

    @Test
    void acceptAllWitnessIsAcceptedByThatRule() {
        AuditedRuleset r = parse("*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n"
                + "-A INPUT -i lo -j ACCEPT\n-A INPUT -p tcp -m tcp --dport 80 -j DROP\n-A INPUT -p tcp -j ACCEPT\nCOMMIT\n");
        Finding f = new AcceptAll().run(context(r)).get(0);
        TraceResult t = replay(r, f.witness());
        assertThat(t.verdict()).isEqualTo(Verdict.ACCEPT);
        assertThat(t.decidedBy()).isEqualTo(new CounterRef(TableName.FILTER, "INPUT", 3));
        assertThat(f.witness().dport()).isNotEqualTo(80);
    }

    @Test
    void forgedLoopbackWitnessArrivesOnANetworkDeviceAndIsAccepted() {
        AuditedRuleset r = parse("*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n"
                + "-A INPUT -i lo -j ACCEPT\n-A INPUT -s 127.0.0.0/8 -j ACCEPT\nCOMMIT\n");
        Finding f = new LoopbackSpoofAccepted().run(context(r)).get(0);
        assertThat(f.witness().in()).isNotNull().isNotEqualTo("lo");
        assertThat(f.witness().src().toString()).startsWith("127.");
        TraceResult t = replay(r, f.witness());
        assertThat(t.verdict()).isEqualTo(Verdict.ACCEPT);
        assertThat(t.decidedBy()).isEqualTo(new CounterRef(TableName.FILTER, "INPUT", 2));
    }

    @Test
    void openForwardWitnessIsForwardedByThePolicy() {
        AuditedRuleset r = parse("*filter\n:INPUT DROP [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
                + "-A INPUT -i lo -j ACCEPT\nCOMMIT\n");
        Finding f = new ForwardOpenNonRouter().run(context(r)).get(0);
        TraceResult t = replay(r, f.witness());
        assertThat(t.verdict()).isEqualTo(Verdict.ACCEPT);
        assertThat(t.decidedBy()).isEqualTo(CounterRef.policy(TableName.FILTER, "FORWARD"));
    }

    private static final List<String> MATCHES = List.of("", "-p tcp -m tcp --dport 22", "-p udp -m udp --dport 53",
            "-s 192.0.2.0/24", "-d 198.18.0.1/32 -p tcp -m tcp --dport 80", "-i eth0", "-i eth1 -p tcp",
            "-p icmp -m icmp --icmp-type 8", "-m conntrack --ctstate RELATED,ESTABLISHED",
            "-p tcp -m multiport --dports 80,443", "-s 203.0.113.7/32 -p tcp", "! -i lo -p udp");
    private static final List<String> TARGETS = List.of("ACCEPT", "DROP", "REJECT", "LOG", "SUB");

    /** A random INPUT chain with an unconditional terminal rule somewhere in it. */
    private static String randomRuleset(long seed) {
        Random rnd = new Random(seed);
        StringBuilder sb = new StringBuilder("*filter\n:INPUT " + (rnd.nextBoolean() ? "ACCEPT" : "DROP")
                + " [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n:SUB - [0:0]\n");
        int n = 3 + rnd.nextInt(8);
        int block = rnd.nextInt(n);
        for (int i = 0; i < n; i++) {
            if (i == block) {
                sb.append("-A INPUT -j ").append(List.of("DROP", "ACCEPT", "REJECT").get(rnd.nextInt(3))).append('\n');
                continue;
            }
            String m = MATCHES.get(rnd.nextInt(MATCHES.size()));
            sb.append("-A INPUT ").append(m).append(m.isEmpty() ? "" : " ").append("-j ")
                    .append(TARGETS.get(rnd.nextInt(TARGETS.size()))).append('\n');
        }
        sb.append("-A SUB -p tcp -m tcp --dport 22 -j ACCEPT\n-A SUB -s 192.0.2.0/25 -j DROP\nCOMMIT\n");
        return sb.toString();
    }

    @Property(tries = 200)
    void unreachableAndAcceptAllWitnessesReplayOnRandomChains(@ForAll long seed) {
        String text = randomRuleset(seed);
        AuditedRuleset r = parse(text);
        for (Finding f : new UnreachableAfterTerminal().run(context(r))) {
            if (f.witness() == null) {
                continue;
            }
            TraceResult t = replay(r, f.witness());
            assertThat(t.decidedBy()).as("%s in%n%s", f.witness(), text).isEqualTo(counter(f.rules().get(1)));
        }
        for (Finding f : new AcceptAll().run(context(r))) {
            if (f.witness() == null) {
                continue; // earlier rules decide every packet it would accept
            }
            TraceResult t = replay(r, f.witness());
            assertThat(t.verdict()).isEqualTo(Verdict.ACCEPT);
            assertThat(t.decidedBy()).as("%s in%n%s", f.witness(), text).isEqualTo(counter(f.rules().get(0)));
        }
    }
}
