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
import dev.rampart.model.net.IpPrefix;
import dev.rampart.model.net.PortRange;
import dev.rampart.policy.HostPolicy.AddressSet;
import dev.rampart.policy.ir.FwRule;
import dev.rampart.policy.ir.ProgramChain;
import dev.rampart.policy.ir.RuleProgram;
import dev.rampart.sim.engine.CounterRef;
import dev.rampart.sim.engine.Simulator;
import dev.rampart.sim.engine.TraceResult;
import dev.rampart.sim.kernel.CounterSnapshot;
import dev.rampart.sim.kernel.KernelLab;
import dev.rampart.sim.packet.Packet;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The compiled outputs mean the same thing, shown in the kernel. For every example policy, packets are
 * generated (seeded) at the policy's rule boundaries — each opened port and its neighbours, from each
 * listed source in the documentation ranges and from others, blocklisted sources, scan flag shapes,
 * four SSH attempts in a row, pings — and sent into a {@link KernelLab} firewall:
 * <ol>
 *   <li>with {@code ipsets} + {@code rules.v4} loaded: the rule counters each packet moves in the kernel
 *       equal the simulator's {@code matched} list on the same rules.v4 (so the simulator, and the tests
 *       built on it, describe what the kernel does with the compiled rules);</li>
 *   <li>with {@code ruleset.nft} loaded instead: the rule that decides each packet (by its policy comment,
 *       or the chain policy) is the same as in the iptables run.</li>
 * </ol>
 * Both families; IPv6 sources are drawn from 2001:db8::/32 outside the lab's own 2001:db8:18::/48. The
 * lab's namespaces are {@code rampart-c-*} (the shared kernel lab of rampart-sim).
 */
class PolicyEquivalenceKernelIT {
    static final long SEED = 20261122L;
    static final List<IpPrefix> DOC = List.of(prefix("192.0.2.0/24"), prefix("198.51.100.0/24"), prefix("203.0.113.0/24"));
    static final IpPrefix DOC6 = dev.rampart.model.net.IpText.parsePrefix(Family.IPV6, "2001:db8::/32");
    /** The lab firewall's own /64: not spoofed from (the lab routes it on-link). */
    static final IpPrefix LAB6 = dev.rampart.model.net.IpText.parsePrefix(Family.IPV6, "2001:db8:18::/48");
    static final ObjectMapper JSON = new ObjectMapper();

    static IpPrefix prefix(String s) {
        return dev.rampart.model.net.IpText.parsePrefix(Family.IPV4, s);
    }

    @TestFactory
    Stream<DynamicTest> iptablesNftAndSimulatorAgreeOnGeneratedPackets() throws IOException {
        RootRequirement.requireRoot();
        // the large blocklist is checked for IPv4 only: its IPv6 rules are the webserver's shape, and loading
        // its 50,000 entries into two more labs costs ~40 s
        return Examples.all().stream().flatMap(p -> Stream.of(Family.IPV4, Family.IPV6)
                .filter(f -> f == Family.IPV4 || !Examples.name(p).startsWith("large"))
                .map(f -> DynamicTest.dynamicTest(Examples.name(p) + " " + f, () -> check(p, f))));
    }

    private static void check(java.nio.file.Path policy, Family family) throws IOException {
        PolicyCompiler.Output o = Examples.compile(policy);
        RuleProgram program = new RuleCompiler(o.policy()).compile(family);
        Ruleset rules = family == Family.IPV4 ? o.rulesV4() : o.rulesV6();
        String text = family == Family.IPV4 ? o.rulesV4Text() : o.rulesV6Text();
        String inIf = firstInterface(program);
        List<Packet> packets = packets(program, new Random(SEED), inIf);
        List<String> iptablesDecisions = new ArrayList<>();
        try (KernelLab lab = KernelLab.start(KernelLab.Options.standard().withFwInterface(inIf))) {
            lab.reset();
            lab.loadIpSets(o.ipsetsText());
            lab.loadRules(family, text);
            Simulator sim = Simulator.builder(rules).ipsets(o.ipsets()).seed(SEED).build();
            List<String> mismatches = new ArrayList<>();
            for (Packet generated : packets) {
                Packet p = generated.toBuilder().time(Instant.now()).build();
                CounterSnapshot before = lab.counters(family);
                lab.send(p);
                Set<CounterRef> moved = moved(lab, before, family);
                TraceResult t = sim.process(p);
                // every generated packet is addressed to the firewall: only its INPUT path is compared, not
                // the firewall's own traffic in OUTPUT (IPv6 neighbour discovery and MLD of the lab's link)
                Set<CounterRef> simulated = new LinkedHashSet<>(t.matched());
                moved.removeIf(ref -> !ref.chain().equals("INPUT"));
                simulated.removeIf(ref -> !ref.chain().equals("INPUT"));
                if (!moved.equals(simulated)) {
                    mismatches.add(p.id() + " " + p + "\n    kernel:    " + moved + "\n    simulator: " + t.matched());
                }
                iptablesDecisions.add(t.verdict() + " " + comment(rules, t.decidedBy()));
            }
            assertThat(mismatches).as("kernel counters vs simulator on " + family + " rules of " + policy.getFileName())
                    .isEmpty();
        }
        List<String> nftDecisions = new ArrayList<>();
        try (KernelLab lab = KernelLab.start(KernelLab.Options.standard().withFwInterface(inIf))) {
            lab.reset();
            ProcessResult load = lab.firewall().exec(o.nft(), List.of("nft", "-f", "-"));
            assertThat(load.succeeded()).as("nft -f: " + load.stderr()).isTrue();
            for (Packet generated : packets) {
                Map<Long, Long> before = nftCounters(lab, family);
                lab.send(generated);
                nftDecisions.add(nftDecision(lab, before, o.policy().defaults().input(), family));
            }
        }
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < packets.size(); i++) {
            if (!iptablesDecisions.get(i).equals(nftDecisions.get(i))) {
                differences.add(packets.get(i).id() + " " + packets.get(i) + "\n    iptables: " + iptablesDecisions.get(i)
                        + "\n    nft:      " + nftDecisions.get(i));
            }
        }
        assertThat(differences).as("deciding rule, iptables vs nft, " + policy.getFileName() + " (seed " + SEED + ")")
                .isEmpty();
        assertThat(packets).hasSizeGreaterThan(10);
        // the sample reaches both sides of the policy, and more than the policy alone decides
        assertThat(iptablesDecisions).anyMatch(d -> d.startsWith("ACCEPT ")).anyMatch(d -> !d.startsWith("ACCEPT "))
                .anyMatch(d -> !d.endsWith(" policy"));
    }

    /** Counters that moved; re-read briefly when none did yet (delivery to the namespace is asynchronous). */
    private static Set<CounterRef> moved(KernelLab lab, CounterSnapshot before, Family family) {
        Set<CounterRef> moved = Set.of();
        for (int i = 0; i < 4 && moved.isEmpty(); i++) {
            if (i > 0) {
                pause(15);
            }
            moved = new LinkedHashSet<>(lab.counters(family).movedSince(before));
        }
        return moved;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** "ACCEPT webserver.yaml:21 services.http", or "DROP policy". */
    private static String comment(Ruleset r, CounterRef ref) {
        if (ref == null || ref.isPolicy()) {
            return "policy";
        }
        Rule rule = r.table(ref.table()).orElseThrow().chain(ref.chain()).orElseThrow().rules().get(ref.rule() - 1);
        for (Match m : rule.matches()) {
            if (m instanceof CommentMatch c) {
                return c.comment();
            }
        }
        return "?";
    }

    /** Packets per handle of the nft input chain. */
    private static Map<Long, Long> nftCounters(KernelLab lab, Family family) {
        Map<Long, Long> out = new HashMap<>();
        for (JsonNode rule : nftRules(lab, family)) {
            out.put(rule.get("handle").asLong(), packetsOf(rule));
        }
        return out;
    }

    private static List<JsonNode> nftRules(KernelLab lab, Family family) {
        String json = lab.firewall().check("nft", "-j", "list", "chain", family == Family.IPV4 ? "ip" : "ip6", "rampart",
                "input").stdout();
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

    private static long packetsOf(JsonNode rule) {
        for (JsonNode e : rule.get("expr")) {
            if (e.has("counter")) {
                return e.get("counter").get("packets").asLong();
            }
        }
        return 0;
    }

    private static String verdictOf(JsonNode rule) {
        for (JsonNode e : rule.get("expr")) {
            for (String v : List.of("accept", "drop", "reject")) {
                if (e.has(v)) {
                    return v.toUpperCase(java.util.Locale.ROOT);
                }
            }
        }
        return null;
    }

    /** The first rule of the input chain whose counter moved and that has a verdict; else the policy. */
    private static String nftDecision(KernelLab lab, Map<Long, Long> before, HostPolicy.Verdict policy, Family family) {
        for (int attempt = 0; attempt < 4; attempt++) {
            if (attempt > 0) {
                pause(15);
            }
            for (JsonNode rule : nftRules(lab, family)) {
                long was = before.getOrDefault(rule.get("handle").asLong(), 0L);
                String verdict = verdictOf(rule);
                if (packetsOf(rule) > was && verdict != null) {
                    // nft's "reject" is the iptables REJECT; the simulator reports it as REJECT too
                    return verdict + " " + rule.get("comment").asText();
                }
            }
        }
        return (policy == HostPolicy.Verdict.ACCEPT ? "ACCEPT" : "DROP") + " policy";
    }

    private static String firstInterface(RuleProgram p) {
        for (ProgramChain c : p.chains()) {
            for (FwRule r : c.rules()) {
                if (c.name().equals("INPUT") && r.in() != null && !r.inNegated() && !r.in().equals("lo")) {
                    return r.in();
                }
            }
        }
        return "eth0";
    }

    // ---- packet generation -----------------------------------------------------------------------

    /** A source inside the documentation ranges and inside {@code p}, or null when they do not meet. */
    private static IpAddress docAddressIn(IpPrefix p, Random rnd) {
        if (p.family() == Family.IPV6) {
            if (p.length() < 32 || !DOC6.contains(p.hi(), p.lo()) || LAB6.contains(p.hi(), p.lo())) {
                return null;
            }
            long hostLo = p.length() >= 128 ? 0 : (rnd.nextLong() & ~p.maskLo());
            long hostHi = p.length() >= 64 ? 0 : (rnd.nextLong() & ~p.maskHi());
            return new IpAddress(Family.IPV6, p.hi() | hostHi, p.lo() | hostLo | (p.length() >= 128 ? 0 : 1));
        }
        for (IpPrefix doc : DOC) {
            long docLo = doc.lo();
            if (p.length() >= 24 && (p.lo() & 0xFFFFFF00L) == docLo) {
                int hostBits = 32 - p.length();
                long a = p.lo() | (hostBits == 0 ? 0 : (rnd.nextInt(1 << hostBits) & ((1 << hostBits) - 1)));
                return IpAddress.ipv4((int) a);
            }
            if (p.length() < 24 && (docLo & (p.maskLo())) == p.lo()) {
                return IpAddress.ipv4((int) (docLo | (1 + rnd.nextInt(250))));
            }
        }
        return null;
    }

    private static IpAddress randomDoc(Random rnd, Family family) {
        if (family == Family.IPV6) {
            // 2001:db8:<random 16 bits, not 0x18>::<random host>
            long word = 0x20010db800000000L | ((long) (0x100 + rnd.nextInt(0xfe00)) << 16);
            return new IpAddress(Family.IPV6, word, 1 + rnd.nextInt(60000));
        }
        IpPrefix doc = DOC.get(rnd.nextInt(DOC.size()));
        return IpAddress.ipv4((int) (doc.lo() | (1 + rnd.nextInt(250))));
    }

    static List<Packet> packets(RuleProgram program, Random rnd, String inIf) {
        Family family = program.family();
        IpAddress fw = IpAddress.parse(family == Family.IPV4 ? KernelLab.FW_ADDRESS_V4 : KernelLab.FW_ADDRESS_V6);
        int icmp = family == Family.IPV4 ? 1 : 58;
        List<IpAddress> sources = new ArrayList<>();
        List<int[]> ports = new ArrayList<>(); // {proto, port}
        for (ProgramChain c : program.chains()) {
            if (!c.name().equals("INPUT")) {
                continue;
            }
            for (FwRule r : c.rules()) {
                if (r.srcPrefix() != null && !r.inNegated()) {
                    IpAddress a = docAddressIn(r.srcPrefix(), rnd);
                    if (a != null && !sources.contains(a)) {
                        sources.add(a);
                    }
                }
                int proto = r.proto() == FwRule.Proto.UDP ? 17 : 6;
                for (PortRange pr : r.dports()) {
                    for (int port : new int[] {pr.from() - 1, pr.from(), pr.to(), pr.to() + 1}) {
                        if (port >= 1 && port <= 65535 && ports.stream().noneMatch(x -> x[0] == proto && x[1] == port)) {
                            ports.add(new int[] {proto, port});
                        }
                    }
                }
            }
        }
        for (AddressSet s : program.sets()) {
            for (IpPrefix e : s.entries()) {
                if (e.family() == family) {
                    IpAddress a = docAddressIn(e, rnd);
                    if (a != null && !sources.contains(a)) {
                        sources.add(a);
                    }
                }
                if (sources.size() > 12) {
                    break;
                }
            }
        }
        sources.add(randomDoc(rnd, family));
        sources.add(randomDoc(rnd, family));
        ports.add(new int[] {6, 1 + rnd.nextInt(65535)});
        List<Packet> out = new ArrayList<>();
        int sport = 20000 + rnd.nextInt(1000);
        for (IpAddress src : sources) {
            for (int[] port : ports) {
                Packet.Builder b = Packet.builder(src, fw, port[0]).in(inIf).sport(sport++).dport(port[1]);
                if (port[0] == 6) {
                    b.tcpFlags(Packet.SYN);
                }
                out.add(b.build());
            }
        }
        java.util.Collections.shuffle(out, rnd);
        IpAddress scanner = randomDoc(rnd, family);
        out.add(Packet.builder(scanner, fw, 6).in(inIf).sport(sport++).dport(80).tcpFlags(0).build());
        out.add(Packet.builder(scanner, fw, 6).in(inIf).sport(sport++).dport(80)
                .tcpFlags(Packet.FIN | Packet.PSH | Packet.URG).build());
        out.add(Packet.builder(scanner, fw, 6).in(inIf).sport(sport++).dport(443).tcpFlags(Packet.ACK).build());
        for (int i = 0; i < 3; i++) {
            out.add(Packet.builder(randomDoc(rnd, family), fw, icmp).in(inIf).icmpType(family == Family.IPV4 ? 8 : 128)
                    .icmpCode(0).build());
        }
        out.add(Packet.builder(randomDoc(rnd, family), fw, icmp).in(inIf).icmpType(family == Family.IPV4 ? 13 : 139)
                .icmpCode(0).build());
        // four new SSH connections in a row from one allowed source: the fourth meets the brute-force rule
        IpAddress sshSource = sources.get(0);
        for (int i = 0; i < 4; i++) {
            out.add(Packet.builder(sshSource, fw, 6).in(inIf).sport(sport++).dport(22).tcpFlags(Packet.SYN).build());
        }
        List<Packet> named = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            named.add(out.get(i).withId("g" + (i + 1)));
        }
        return named;
    }
}
