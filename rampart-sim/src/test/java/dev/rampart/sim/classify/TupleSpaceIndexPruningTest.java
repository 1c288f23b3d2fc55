package dev.rampart.sim.classify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.Chain;
import dev.rampart.model.Family;
import dev.rampart.model.Rule;
import dev.rampart.model.Ruleset;
import dev.rampart.model.Table;
import dev.rampart.model.TableName;
import dev.rampart.model.parse.RestoreParser;
import dev.rampart.sim.engine.PacketState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The index prunes on the real shapes it is built for: TUM's big per-host chains (4,140 rules, chains of
 * hundreds of {@code -s host/32} and {@code -d host/32 -p --dport} rules) and kube-proxy's
 * {@code KUBE-SERVICES} (one {@code -d clusterIP/32 -p tcp --dport N} rule per service). For packets
 * aimed at the rules (and around them) the average number of candidates stays a small constant while
 * the chains are hundreds to thousands of rules long, and every rule the reference accepts is among them.
 */
class TupleSpaceIndexPruningTest {
    private static final String TUM = "rulesets/real/configs_chair_for_Network_Architectures_and_Services__iptables_25.07.2014";

    @Test
    void prunesTheBigChainsOfTheTumRuleset() throws IOException {
        // the file has one rule iptables 1.8 rejects (a reversed port range): the parser drops it
        Ruleset rs = new RestoreParser(Family.IPV4).parse(Files.readString(shared().resolve(TUM)), TUM).ruleset();
        assertThat(rs.ruleCount()).isGreaterThan(4_100);
        Table filter = rs.table(TableName.FILTER).orElseThrow();
        int checkedChains = 0;
        for (Chain chain : filter.chains()) {
            if (chain.rules().size() < 200) {
                continue;
            }
            double avg = averageCandidates(chain.rules(), Family.IPV4, 3_000, chain.name().hashCode());
            System.out.printf("%s: %d rules, %.2f candidates/packet, %s%n", chain.name(), chain.rules().size(), avg,
                    TupleSpaceIndex.build(chain.rules(), Family.IPV4));
            // a linear walk visits every rule; the index must visit a handful
            assertThat(avg).as("average candidates in %s (%d rules)", chain.name(), chain.rules().size())
                    .isLessThan(8.0);
            checkedChains++;
        }
        assertThat(checkedChains).as("chains of 200+ rules in TUM's filter table").isGreaterThanOrEqualTo(6);
    }

    @Test
    void prunesKubeServices() {
        List<Rule> chain = kubeServices(6_400);
        double avg = averageCandidates(chain, Family.IPV4, 5_000, 42);
        // every packet also visits the final catch-all nodeports rule
        assertThat(avg).as("average candidates in KUBE-SERVICES (%d rules)", chain.size()).isLessThan(3.0);
    }

    @Test
    void buildsTheKubeIndexQuickly() {
        List<Rule> chain = kubeServices(32_000);
        TupleSpaceIndex index = TupleSpaceIndex.build(chain, Family.IPV4);
        assertThat(index.tupleCount()).as(index.toString()).isLessThanOrEqualTo(3);
        assertThat(averageCandidates(chain, Family.IPV4, 2_000, 7)).isLessThan(3.0);
    }

    /** The average number of candidates over {@code packets} boundary packets, checking coverage on the way. */
    private static double averageCandidates(List<Rule> rules, Family family, int packets, long seed) {
        RuleIndex index = TupleSpaceIndex.build(rules, family);
        RandomChains gen = new RandomChains(seed, family);
        long total = 0;
        for (int i = 0; i < packets; i++) {
            PacketState p = gen.packet(rules);
            TupleSpaceIndexPropertyTest.assertCovers(rules, family, index, p, "packet " + i);
            Candidates c = new Candidates();
            index.candidates(p, c);
            total += c.size();
        }
        return (double) total / packets;
    }

    /**
     * A kube-proxy {@code KUBE-SERVICES} chain as kube-proxy writes it (see rampart-bench's
     * {@code KubeProxyRulesetGenerator}): per service {@code -d <clusterIP>/32 -p tcp -m tcp --dport P
     * -j KUBE-SVC-...} (every tenth one udp 53), then the nodeports rule.
     */
    static List<Rule> kubeServices(int services) {
        Random rnd = new Random(services);
        int[] ports = {80, 443, 9090, 9100, 8080};
        StringBuilder sb = new StringBuilder("*nat\n:PREROUTING ACCEPT [0:0]\n:KUBE-SERVICES - [0:0]\n");
        java.util.Set<Integer> used = new java.util.HashSet<>();
        for (int s = 0; s < services; s++) {
            sb.append(":KUBE-SVC-").append(s).append(" - [0:0]\n");
        }
        sb.append(":KUBE-NODEPORTS - [0:0]\n");
        for (int s = 0; s < services; s++) {
            int ip;
            do {
                ip = (10 << 24) | (96 << 16) | rnd.nextInt(1 << 20);
            } while ((ip & 0xff) == 0 || !used.add(ip));
            boolean udp = s % 10 == 9;
            String proto = udp ? "udp" : "tcp";
            sb.append("-A KUBE-SERVICES -d ").append(ip >>> 24).append('.').append((ip >>> 16) & 0xff).append('.')
                    .append((ip >>> 8) & 0xff).append('.').append(ip & 0xff).append("/32 -p ").append(proto)
                    .append(" -m comment --comment \"ns/svc-").append(s).append(" cluster IP\" -m ").append(proto)
                    .append(" --dport ").append(udp ? 53 : ports[rnd.nextInt(ports.length)])
                    .append(" -j KUBE-SVC-").append(s).append('\n');
        }
        sb.append("-A KUBE-SERVICES -m comment --comment \"kubernetes service nodeports; NOTE: this must be the last"
                + " rule in this chain\" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS\nCOMMIT\n");
        Ruleset rs = parse(sb.toString());
        return rs.table(TableName.NAT).orElseThrow().chain("KUBE-SERVICES").orElseThrow().rules();
    }

    private static Ruleset parse(String text) {
        RestoreParser.Result r = new RestoreParser(Family.IPV4).parse(text, "test");
        assertThat(r.diagnostics().errorCount()).as("parse errors").isZero();
        return r.ruleset();
    }

    private static Path shared() {
        return Path.of(System.getProperty("rampart.shared", "../../shared"));
    }
}
