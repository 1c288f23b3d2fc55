package dev.rampart.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rampart.host.ProcessResult;
import dev.rampart.host.RootRequirement;
import dev.rampart.model.Family;
import dev.rampart.model.Rule;
import dev.rampart.model.Ruleset;
import dev.rampart.model.TableName;
import dev.rampart.model.match.CommentMatch;
import dev.rampart.model.match.Match;
import dev.rampart.model.net.IpAddress;
import dev.rampart.sim.engine.CounterRef;
import dev.rampart.sim.kernel.CounterSnapshot;
import dev.rampart.sim.kernel.KernelLab;
import dev.rampart.sim.packet.Packet;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * NAT and forwarding of a compiled gateway policy behave the same in the kernel with rules.v4 and with
 * ruleset.nft: for each packet from the peer, the nat PREROUTING rule that translated it (if any) and
 * the FORWARD rule that decided it (or the policy) are the same, by policy comment. And they do what the
 * policy says: the forwarded port reaches the backend through DNAT and is accepted as DNATed, the load
 * balancer alternates its backends, a packet addressed straight to the backend is not forwarded.
 */
class GatewayNatKernelIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final IpAddress FW = IpAddress.parse(KernelLab.FW_ADDRESS_V4);
    static final IpAddress BACKEND = IpAddress.parse(KernelLab.BACKEND_ADDRESS_V4);

    static List<Packet> packets() {
        List<Packet> out = new ArrayList<>();
        int sport = 31000;
        out.add(syn("203.0.113.20", FW, 8080, sport++));
        out.add(syn("203.0.113.21", BACKEND, 80, sport++));
        for (int i = 0; i < 4; i++) {
            out.add(syn("198.51.100.30", FW, 8081, sport++));
        }
        out.add(syn("192.0.2.40", FW, 9999, sport++));
        out.add(syn("192.0.2.41", FW, 8080, sport++));
        return out;
    }

    static Packet syn(String src, IpAddress dst, int dport, int sport) {
        return Packet.builder(IpAddress.parse(src), dst, 6).in("eth0").sport(sport).dport(dport).tcpFlags(Packet.SYN)
                .build();
    }

    @Test
    void iptablesAndNftTranslateAndForwardAlike() throws IOException {
        RootRequirement.requireRoot();
        Path policy = Paths.get("src/test/resources/lab/lab-gateway.yaml").toAbsolutePath();
        PolicyCompiler.Result r = new PolicyCompiler(ServiceTable.builtinOnly()).compile(policy, "lab-gateway.yaml");
        assertThat(r.diagnostics()).isEmpty();
        PolicyCompiler.Output o = r.output();
        List<String> iptables = new ArrayList<>();
        List<String> iptablesWithPolicies = new ArrayList<>();
        try (KernelLab lab = KernelLab.start(KernelLab.Options.standard().withBackend())) {
            lab.reset();
            lab.loadRules(Family.IPV4, o.rulesV4Text());
            for (Packet p : packets()) {
                CounterSnapshot before = lab.counters(Family.IPV4);
                lab.send(p);
                pause(40);
                Set<CounterRef> moved = lab.counters(Family.IPV4).movedSince(before);
                iptablesWithPolicies.add("nat " + movedComments(o.rulesV4(), moved, TableName.NAT, "PREROUTING", false)
                        + " | forward " + movedComments(o.rulesV4(), moved, TableName.FILTER, "FORWARD", true));
                // nft chain policies have no counters: compared without them
                moved.removeIf(CounterRef::isPolicy);
                iptables.add("nat " + movedComments(o.rulesV4(), moved, TableName.NAT, "PREROUTING", false)
                        + " | forward " + movedComments(o.rulesV4(), moved, TableName.FILTER, "FORWARD", true));
            }
        }
        List<String> nft = new ArrayList<>();
        try (KernelLab lab = KernelLab.start(KernelLab.Options.standard().withBackend())) {
            lab.reset();
            ProcessResult load = lab.firewall().exec(o.nft(), List.of("nft", "-f", "-"));
            assertThat(load.succeeded()).as("nft -f: " + load.stderr()).isTrue();
            for (Packet p : packets()) {
                Map<String, Long> before = nftCounters(lab);
                lab.send(p);
                pause(40);
                Map<String, Long> after = nftCounters(lab);
                nft.add("nat " + nftMoved(lab, before, after, "prerouting", false)
                        + " | forward " + nftMoved(lab, before, after, "forward", true));
            }
        }
        assertThat(nft).as("nft vs iptables, packet by packet").isEqualTo(iptables);
        List<String> w = iptablesWithPolicies;
        assertThat(w.get(0)).as("port forward 8080").isEqualTo("nat [#1 lab-gateway.yaml:16 nat.port_forward.8080/tcp]"
                + " | forward [#4 lab-gateway.yaml:16 nat.port_forward.8080/tcp]");
        assertThat(w.get(1)).as("straight to the backend: not translated, dropped by the FORWARD policy")
                .isEqualTo("nat [policy] | forward [policy]");
        assertThat(w.subList(2, 6)).as("load balancer: backends alternate, every packet DNATed and forwarded")
                .containsExactly(
                        "nat [#2 lab-gateway.yaml:18 nat.load_balance.8081/tcp] | forward [#5 lab-gateway.yaml:18 nat.load_balance.8081/tcp]",
                        "nat [#3 lab-gateway.yaml:18 nat.load_balance.8081/tcp] | forward [#6 lab-gateway.yaml:18 nat.load_balance.8081/tcp]",
                        "nat [#2 lab-gateway.yaml:18 nat.load_balance.8081/tcp] | forward [#5 lab-gateway.yaml:18 nat.load_balance.8081/tcp]",
                        "nat [#3 lab-gateway.yaml:18 nat.load_balance.8081/tcp] | forward [#6 lab-gateway.yaml:18 nat.load_balance.8081/tcp]");
        assertThat(w.get(6)).as("for the firewall itself: not forwarded").isEqualTo("nat [policy] | forward []");
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Comments of the moved rules of a chain ("policy" when only its policy moved), rule order. */
    static String movedComments(Ruleset r, Set<CounterRef> moved, TableName table, String chain, boolean verdictsOnly) {
        List<String> out = new ArrayList<>();
        List<Rule> rules = r.table(table).orElseThrow().chain(chain).orElseThrow().rules();
        boolean policy = false;
        for (CounterRef ref : new TreeSet<>(moved.stream().filter(m -> m.table() == table && m.chain().equals(chain))
                .map(m -> m.rule()).toList()).stream().map(n -> new CounterRef(table, chain, n)).toList()) {
            if (ref.isPolicy()) {
                policy = true;
                continue;
            }
            Rule rule = rules.get(ref.rule() - 1);
            if (verdictsOnly && !(rule.target() instanceof dev.rampart.model.target.Verdict)) {
                continue;
            }
            for (Match m : rule.matches()) {
                if (m instanceof CommentMatch c) {
                    out.add("#" + ref.rule() + " " + c.comment());
                }
            }
        }
        if (policy) {
            out.add("policy");
        }
        return out.toString();
    }

    /** Packets per "chain#handle" of table ip rampart. */
    static Map<String, Long> nftCounters(KernelLab lab) {
        Map<String, Long> out = new HashMap<>();
        for (JsonNode rule : nftRules(lab)) {
            out.put(rule.get("chain").asText() + "#" + rule.get("handle").asLong(), packetsOf(rule));
        }
        return out;
    }

    static List<JsonNode> nftRules(KernelLab lab) {
        String json = lab.firewall().check("nft", "-j", "list", "table", "ip", "rampart").stdout();
        List<JsonNode> rules = new ArrayList<>();
        try {
            for (JsonNode item : JSON.readTree(json).get("nftables")) {
                if (item.has("rule")) {
                    rules.add(item.get("rule"));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return rules;
    }

    static long packetsOf(JsonNode rule) {
        for (JsonNode e : rule.get("expr")) {
            if (e.has("counter")) {
                return e.get("counter").get("packets").asLong();
            }
        }
        return 0;
    }

    static boolean hasVerdict(JsonNode rule) {
        for (JsonNode e : rule.get("expr")) {
            if (e.has("accept") || e.has("drop") || e.has("reject")) {
                return true;
            }
        }
        return false;
    }

    /** Positions and comments of the moved rules of an nft chain (verdict rules only, if asked), rule order. */
    static String nftMoved(KernelLab lab, Map<String, Long> before, Map<String, Long> after, String chain,
                           boolean verdictsOnly) {
        List<String> out = new ArrayList<>();
        int position = 0;
        for (JsonNode rule : nftRules(lab)) {
            if (!rule.get("chain").asText().equals(chain)) {
                continue;
            }
            position++;
            String key = chain + "#" + rule.get("handle").asLong();
            if (after.getOrDefault(key, 0L) > before.getOrDefault(key, 0L) && (!verdictsOnly || hasVerdict(rule))) {
                out.add("#" + position + " " + rule.get("comment").asText());
            }
        }
        return out.toString();
    }
}
