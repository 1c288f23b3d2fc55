package dev.rampart.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.host.ProcessResult;
import dev.rampart.host.RootRequirement;
import dev.rampart.model.Family;
import dev.rampart.model.TableName;
import dev.rampart.model.net.IpAddress;
import dev.rampart.sim.engine.CounterRef;
import dev.rampart.sim.engine.Simulator;
import dev.rampart.sim.engine.TraceResult;
import dev.rampart.sim.kernel.CounterSnapshot;
import dev.rampart.sim.kernel.KernelLab;
import dev.rampart.sim.packet.Packet;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The egress allow-list in the kernel: packets the firewall itself sends (hping3 in the lab's firewall
 * namespace) are decided in OUTPUT by the same rule under rules.v4 and ruleset.nft, the kernel's OUTPUT
 * counters equal the simulator's, and only the allowed destinations and ports leave.
 */
class EgressKernelIT {
    static final IpAddress FW = IpAddress.parse(KernelLab.FW_ADDRESS_V4);
    static final IpAddress SINK = IpAddress.parse(KernelLab.SINK_V4);
    static final IpAddress PEER = IpAddress.parse(KernelLab.PEER_ADDRESS_V4);

    static List<Packet> packets() {
        return List.of(
                Packet.builder(FW, SINK, 17).out("eth0").sport(33001).dport(53).build(),
                Packet.builder(FW, PEER, 17).out("eth0").sport(33002).dport(53).build(),
                Packet.builder(FW, SINK, 6).out("eth0").sport(33003).dport(443).tcpFlags(Packet.SYN).build(),
                Packet.builder(FW, SINK, 6).out("eth0").sport(33004).dport(25).tcpFlags(Packet.SYN).build(),
                Packet.builder(FW, SINK, 6).out("eth0").sport(33005).dport(5432).tcpFlags(Packet.SYN).build(),
                Packet.builder(FW, PEER, 6).out("eth0").sport(33006).dport(5432).tcpFlags(Packet.SYN).build());
    }

    @Test
    void onlyTheAllowListLeavesAndNftAgrees() throws IOException {
        RootRequirement.requireRoot();
        Path policy = Paths.get("src/test/resources/lab/lab-egress.yaml").toAbsolutePath();
        PolicyCompiler.Result r = new PolicyCompiler(ServiceTable.builtinOnly()).compile(policy, "lab-egress.yaml");
        assertThat(r.diagnostics()).isEmpty();
        PolicyCompiler.Output o = r.output();
        List<String> iptables = new ArrayList<>();
        try (KernelLab lab = KernelLab.start()) {
            lab.reset();
            lab.loadRules(Family.IPV4, o.rulesV4Text());
            Simulator sim = Simulator.builder(o.rulesV4()).build();
            List<String> mismatches = new ArrayList<>();
            for (Packet p : packets()) {
                CounterSnapshot before = lab.counters(Family.IPV4);
                lab.send(p);
                GatewayNatKernelIT.pause(40);
                Set<CounterRef> moved = new LinkedHashSet<>(lab.counters(Family.IPV4).movedSince(before));
                moved.removeIf(ref -> !ref.chain().equals("OUTPUT"));
                TraceResult t = sim.process(p);
                Set<CounterRef> simulated = new LinkedHashSet<>(t.matched());
                simulated.removeIf(ref -> !ref.chain().equals("OUTPUT"));
                if (!moved.equals(simulated)) {
                    mismatches.add(p + "\n    kernel:    " + moved + "\n    simulator: " + simulated);
                }
                Set<CounterRef> verdictsOnly = new LinkedHashSet<>(moved);
                verdictsOnly.removeIf(CounterRef::isPolicy);
                iptables.add(GatewayNatKernelIT.movedComments(o.rulesV4(), verdictsOnly, TableName.FILTER, "OUTPUT", true)
                        + (moved.contains(CounterRef.policy(TableName.FILTER, "OUTPUT")) ? " policy" : ""));
            }
            assertThat(mismatches).as("kernel OUTPUT counters vs simulator").isEmpty();
        }
        List<String> nft = new ArrayList<>();
        try (KernelLab lab = KernelLab.start()) {
            lab.reset();
            ProcessResult load = lab.firewall().exec(o.nft(), List.of("nft", "-f", "-"));
            assertThat(load.succeeded()).as("nft -f: " + load.stderr()).isTrue();
            for (Packet p : packets()) {
                Map<String, Long> before = GatewayNatKernelIT.nftCounters(lab);
                lab.send(p);
                GatewayNatKernelIT.pause(40);
                Map<String, Long> after = GatewayNatKernelIT.nftCounters(lab);
                String decided = GatewayNatKernelIT.nftMoved(lab, before, after, "output", true);
                nft.add(decided + (decided.equals("[]") ? " policy" : ""));
            }
        }
        assertThat(iptables).containsExactly(
                "[#4 lab-egress.yaml:11 egress.dns]",
                "[] policy",
                "[#6 lab-egress.yaml:12 egress.https]",
                "[] policy",
                "[#7 lab-egress.yaml:14 egress.allow.5432/tcp]",
                "[] policy");
        assertThat(nft).as("nft decides like iptables").isEqualTo(iptables);
    }
}
