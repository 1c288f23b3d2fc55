package dev.rampart.bench;

import dev.rampart.model.Chain;
import dev.rampart.model.Family;
import dev.rampart.model.Rule;
import dev.rampart.model.RuleHeader;
import dev.rampart.model.Ruleset;
import dev.rampart.model.TableName;
import dev.rampart.model.match.IcmpMatch;
import dev.rampart.model.match.Match;
import dev.rampart.model.match.MultiportMatch;
import dev.rampart.model.match.TcpMatch;
import dev.rampart.model.match.UdpMatch;
import dev.rampart.model.net.IpAddress;
import dev.rampart.model.net.IpPrefix;
import dev.rampart.model.parse.RestoreParser;
import dev.rampart.sim.classify.Candidates;
import dev.rampart.sim.classify.RuleIndex;
import dev.rampart.sim.classify.TupleSpaceIndex;
import dev.rampart.sim.conntrack.ConnectionTable;
import dev.rampart.sim.engine.HostModel;
import dev.rampart.sim.engine.HostView;
import dev.rampart.sim.engine.Hook;
import dev.rampart.sim.engine.MatchEnv;
import dev.rampart.sim.engine.PacketState;
import dev.rampart.sim.engine.PacketTest;
import dev.rampart.sim.engine.StateStore;
import dev.rampart.sim.match.CompileContext;
import dev.rampart.sim.match.IpSetStore;
import dev.rampart.sim.match.MatchCompiler;
import dev.rampart.sim.packet.Packet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-packet cost of finding the first rule of one chain whose header fields match, through the plain
 * linear walk ({@link RuleIndex#linear}) and through {@link TupleSpaceIndex}, side by side: for each of
 * {@value #PACKETS} packets, take the index's candidates in order and run the header check
 * ({@link HeaderCheck}: the simulator's compiled tests of the header, ports, multiport and ICMP type) on
 * each until one accepts. Throughput is in <b>packets per second</b> ({@link OperationsPerInvocation}).
 *
 * <p>Chains ({@code chain} parameter): TUM's 4,140-rule ruleset ({@code shared/rulesets/real/}, the
 * 25.07.2014 dump; found through the {@code rampart.shared} property, default {@code ../shared}): its four
 * longest chains; and {@code KUBE-SERVICES} of two kube-proxy-shaped rulesets of about 32,000 rules from
 * {@link KubeProxyRulesetGenerator}: 1,000 services x 10 endpoints (a 1,001-rule chain) and 6,400
 * services x 1 endpoint (6,401 rules).
 *
 * <p>Packets, {@value #PACKETS} per chain, seeded: 80% aimed at a random rule (its source and
 * destination address, protocol, first port or ICMP type, interfaces), 20% from the same address space
 * at random, so many of them match no rule but the catch-all and the linear walk reads the whole chain.
 *
 * <p>{@link #build} times the construction of the index for the 32,001-rule {@code KUBE-SERVICES} of a
 * 32,000 x 1 kube-proxy ruleset.
 *
 * <p>Run: {@code mvn -o -q -pl rampart-bench -am package -DskipTests &&
 * java -jar rampart-bench/target/benchmarks.jar ChainIndex}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseParallelGC"})
public class ChainIndexBenchmark {
    static final int PACKETS = 1024;
    private static final String TUM =
            "rulesets/real/configs_chair_for_Network_Architectures_and_Services__iptables_25.07.2014";

    /** One chain, its index and the packets sent through it. */
    @State(Scope.Benchmark)
    public static class ChainState {
        @Param({"tum:mac_1019", "tum:mac_97", "tum:mac_109", "tum:filter_109", "kube:1000x10", "kube:6400x1"})
        public String chain;

        @Param({"linear", "tuple"})
        public String index;

        List<Rule> rules;
        HeaderCheck check;
        RuleIndex ruleIndex;
        final Candidates candidates = new Candidates();
        PacketState[] packets;

        @Setup(Level.Trial)
        public void setup() throws IOException {
            rules = loadChain(chain);
            check = new HeaderCheck(rules);
            ruleIndex = switch (index) {
                case "linear" -> RuleIndex.linear(rules.size());
                case "tuple" -> TupleSpaceIndex.build(rules, Family.IPV4);
                default -> throw new IllegalArgumentException("index " + index);
            };
            packets = packets(rules, new SplittableRandom(chain.hashCode()));
        }
    }

    /** The 32,001-rule KUBE-SERVICES chain the index is built from in {@link #build}. */
    @State(Scope.Benchmark)
    public static class BuildState {
        List<Rule> rules;

        @Setup(Level.Trial)
        public void setup() {
            rules = kubeServices(new KubeProxyRulesetGenerator.Spec(32_000, 1, 20240601L));
        }
    }

    /** First matching rule of each packet (or -1), summed so that nothing is optimised away. */
    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public long firstMatch(ChainState s) {
        long sum = 0;
        List<Rule> rules = s.rules;
        HeaderCheck check = s.check;
        Candidates c = s.candidates;
        boolean linear = s.ruleIndex instanceof RuleIndex.Linear;
        for (PacketState p : s.packets) {
            int hit = -1;
            if (linear) { // as the walker does: the positions themselves, not appended to the buffer
                for (int pos = 0; pos < rules.size(); pos++) {
                    if (check.accepts(pos, p)) {
                        hit = pos;
                        break;
                    }
                }
            } else {
                c.truncate(0);
                s.ruleIndex.candidates(p, c);
                for (int k = 0; k < c.size(); k++) {
                    int pos = c.at(k);
                    if (check.accepts(pos, p)) {
                        hit = pos;
                        break;
                    }
                }
            }
            sum += hit;
        }
        return sum;
    }

    /** Building the index of a 32,001-rule chain (average time per build). */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public TupleSpaceIndex build(BuildState s) {
        return TupleSpaceIndex.build(s.rules, Family.IPV4);
    }

    static List<Rule> loadChain(String id) throws IOException {
        String[] parts = id.split(":", 2);
        if (parts[0].equals("tum")) {
            Path file = Path.of(System.getProperty("rampart.shared", "../shared")).resolve(TUM);
            Ruleset rs = new RestoreParser(Family.IPV4).parse(Files.readString(file), file.toString()).ruleset();
            return rs.table(TableName.FILTER).flatMap(t -> t.chain(parts[1])).map(Chain::rules)
                    .orElseThrow(() -> new IllegalArgumentException("no filter chain " + parts[1] + " in " + file));
        }
        String[] size = parts[1].split("x");
        return kubeServices(new KubeProxyRulesetGenerator.Spec(Integer.parseInt(size[0]), Integer.parseInt(size[1]),
                20240601L));
    }

    static List<Rule> kubeServices(KubeProxyRulesetGenerator.Spec spec) {
        RestoreParser.Result r = new RestoreParser(Family.IPV4).parse(KubeProxyRulesetGenerator.generate(spec), "kube");
        if (r.diagnostics().hasErrors()) {
            throw new IllegalStateException("generated kube-proxy ruleset does not parse");
        }
        return r.ruleset().table(TableName.NAT).flatMap(t -> t.chain("KUBE-SERVICES")).orElseThrow().rules();
    }

    /** Packets aimed at the rules of {@code rules} (80%) or at random in their address space. */
    static PacketState[] packets(List<Rule> rules, SplittableRandom rnd) {
        PacketState[] out = new PacketState[PACKETS];
        for (int i = 0; i < PACKETS; i++) {
            Rule r = rules.get(rnd.nextInt(rules.size()));
            boolean aimed = rnd.nextInt(10) < 8;
            RuleHeader h = r.header();
            IpAddress src = address(aimed ? h.source() : null, rules, rnd, true);
            IpAddress dst = address(aimed ? h.destination() : null, rules, rnd, false);
            int proto = aimed && h.protocol() != null && !h.protocol().isAll() && !h.protocolInverted()
                    ? h.protocol().number() : rnd.nextInt(3) == 0 ? 17 : 6;
            Packet.Builder b = Packet.builder(src, dst, proto)
                    .in(aimed && h.inInterface() != null ? h.inInterface().replace("+", "0") : "eth1.96")
                    .out(aimed && h.outInterface() != null ? h.outInterface().replace("+", "0") : null);
            if (proto == 6 || proto == 17) {
                b.sport(1024 + rnd.nextInt(60000)).dport(aimed ? firstPort(r, rnd) : rnd.nextInt(65536));
            } else if (proto == 1) {
                b.icmpType(8).icmpCode(0);
            }
            out[i] = new PacketState(b.build());
        }
        return out;
    }

    private static int firstPort(Rule r, SplittableRandom rnd) {
        for (Match m : r.matches()) {
            if (m instanceof TcpMatch t && !t.dport().isAll()) {
                return t.dport().from();
            } else if (m instanceof UdpMatch u && !u.dport().isAll()) {
                return u.dport().from();
            } else if (m instanceof MultiportMatch mp) {
                return mp.ports().get(rnd.nextInt(mp.ports().size())).from();
            }
        }
        return rnd.nextInt(65536);
    }

    /** An address in {@code p}, or one in the /16 of a random rule's address when {@code p} is null. */
    private static IpAddress address(IpPrefix p, List<Rule> rules, SplittableRandom rnd, boolean source) {
        if (p == null) {
            for (int tries = 0; tries < 8 && p == null; tries++) {
                RuleHeader h = rules.get(rnd.nextInt(rules.size())).header();
                p = source ? h.source() : h.destination();
            }
            if (p == null) {
                return IpAddress.ipv4(0x0A000000 | rnd.nextInt(1 << 24));
            }
            return IpAddress.ipv4((int) ((p.lo() & 0xFFFF0000L) | rnd.nextInt(1 << 16)));
        }
        long host = ~p.maskLo() & 0xFFFFFFFFL;
        return IpAddress.ipv4((int) (p.lo() | (rnd.nextLong() & host)));
    }

    /**
     * The header part of each rule as the simulator checks it: the engine's compiled tests of the rule
     * header and of its {@code tcp}, {@code udp}, {@code multiport} and {@code icmp} matches; other
     * matches count as accepting (TUM's {@code mac} matches would otherwise fail on every packet). The
     * work a simulator does for each candidate at least, so that the benchmark weighs candidates
     * realistically.
     */
    static final class HeaderCheck {
        private static final MatchEnv ENV = new StatelessEnv();
        private final PacketTest[][] tests;

        HeaderCheck(List<Rule> rules) {
            CompileContext ctx = new CompileContext(Family.IPV4, TableName.FILTER, "bench");
            tests = new PacketTest[rules.size()][];
            for (int i = 0; i < tests.length; i++) {
                Rule r = rules.get(i);
                List<PacketTest> t = new java.util.ArrayList<>();
                t.add(MatchCompiler.header(r.header(), ctx));
                for (Match m : r.matches()) {
                    if (m instanceof TcpMatch || m instanceof UdpMatch || m instanceof MultiportMatch
                            || m instanceof IcmpMatch) {
                        t.add(MatchCompiler.compile(m, ctx));
                    }
                }
                tests[i] = t.toArray(new PacketTest[0]);
            }
        }

        boolean accepts(int rule, PacketState p) {
            for (PacketTest t : tests[rule]) {
                if (!t.test(p, ENV)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** What the header and port tests may ask of a run: nothing stateful, so fixed answers. */
    private static final class StatelessEnv implements MatchEnv {
        private final StateStore state = new StateStore();
        private final IpSetStore sets = IpSetStore.empty();
        private final SplittableRandom random = new SplittableRandom(0);

        @Override
        public long nowNanos() {
            return 0;
        }

        @Override
        public Hook hook() {
            return Hook.FORWARD;
        }

        @Override
        public HostView host() {
            return HostModel.NONE;
        }

        @Override
        public IpSetStore ipsets() {
            return sets;
        }

        @Override
        public StateStore state() {
            return state;
        }

        @Override
        public ConnectionTable connections() {
            return (key, bits, byDst, proto, now) -> 0;
        }

        @Override
        public java.util.random.RandomGenerator random() {
            return random;
        }

        @Override
        public void approximate(String reason) {
        }
    }
}
