package dev.rampart.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.Family;
import dev.rampart.model.Ruleset;
import dev.rampart.model.net.IpAddress;
import dev.rampart.model.parse.RestoreParser;
import dev.rampart.sim.packet.Packet;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The library contract: one compiled ruleset, shared by many threads, each with its own run. Chains
 * compile on first entry and jumping rules cache their target's rules, both while other threads walk
 * the same chains; every thread must still get, packet by packet, the result a single thread gets.
 */
class SharedClassifierConcurrencyTest {
    static final int CHAINS = 60;
    static final int RULES_PER_CHAIN = 24;
    static final int PACKETS = 3_000;
    static final int THREADS = 4;

    /** INPUT dispatches by destination to 60 user chains of 24 rules (indexed), some returning. */
    static Ruleset ruleset() {
        StringBuilder sb = new StringBuilder("*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n");
        for (int c = 0; c < CHAINS; c++) {
            sb.append(":C").append(c).append(" - [0:0]\n");
        }
        for (int c = 0; c < CHAINS; c++) {
            sb.append("-A INPUT -d 198.18.").append(c).append(".0/24 -j C").append(c).append('\n');
        }
        sb.append("-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n");
        for (int c = 0; c < CHAINS; c++) {
            for (int r = 0; r < RULES_PER_CHAIN; r++) {
                sb.append("-A C").append(c).append(" -s 198.19.").append(r).append(".0/24 -p tcp -m tcp --dport ")
                        .append(1000 + r % 6).append(r % 5 == 0 ? " -j RETURN\n" : " -j ACCEPT\n");
            }
        }
        sb.append("COMMIT\n");
        RestoreParser.Result parsed = new RestoreParser(Family.IPV4).parse(sb.toString(), "concurrency.rules");
        assertThat(parsed.diagnostics().hasErrors()).isFalse();
        return parsed.ruleset();
    }

    static List<Packet> packets() {
        SplittableRandom rnd = new SplittableRandom(42);
        List<Packet> out = new ArrayList<>(PACKETS);
        for (int i = 0; i < PACKETS; i++) {
            IpAddress src = IpAddress.ipv4(0xC6130000 | (rnd.nextInt(RULES_PER_CHAIN + 2) << 8) | rnd.nextInt(256));
            IpAddress dst = IpAddress.ipv4(0xC6120000 | (rnd.nextInt(CHAINS + 2) << 8) | 1);
            int dport = rnd.nextInt(8) == 0 ? 22 : 1000 + rnd.nextInt(7);
            out.add(Packet.builder(src, dst, 6).sport(40000).dport(dport).tcpFlags(Packet.SYN).in("eth0").build());
        }
        return out;
    }

    /** What a result is, leaving out its place in the run. */
    record Outcome(Verdict verdict, CounterRef decidedBy, List<CounterRef> matched) {
        static Outcome of(TraceResult r) {
            return new Outcome(r.verdict(), r.decidedBy(), r.matched());
        }
    }

    @Test
    void threadsSharingOneCompiledRulesetGetTheSingleThreadedResults() throws Exception {
        Ruleset rules = ruleset();
        List<Packet> packets = packets();
        Simulator alone = Simulator.builder(CompiledRuleset.compile(rules, CompiledRuleset.Indexing.LINEAR))
                .stateless(true).steps(false).build();
        List<Outcome> expected = packets.stream().map(p -> Outcome.of(alone.process(p))).toList();
        assertThat(expected.stream().map(Outcome::verdict).distinct()).as("the packets reach both verdicts")
                .contains(Verdict.ACCEPT, Verdict.DROP);

        CompiledRuleset shared = CompiledRuleset.compile(rules, CompiledRuleset.Indexing.INDEXED);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<List<String>>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int offset = t * PACKETS / THREADS; // each thread starts elsewhere, so first entries race
                done.add(pool.submit(() -> {
                    Simulator run = Simulator.builder(shared).stateless(true).steps(false).build();
                    List<String> wrong = new ArrayList<>();
                    go.await();
                    for (int k = 0; k < PACKETS; k++) {
                        int i = (offset + k) % PACKETS;
                        Outcome got = Outcome.of(run.process(packets.get(i)));
                        if (!got.equals(expected.get(i)) && wrong.size() < 5) {
                            wrong.add("packet " + i + ": " + got + " instead of " + expected.get(i));
                        }
                    }
                    return wrong;
                }));
            }
            go.countDown();
            for (Future<List<String>> f : done) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
