package dev.rampart.monitor.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.Family;
import dev.rampart.model.Ruleset;
import dev.rampart.model.parse.RestoreParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The cost of a drift comparison on a big ruleset (no kernel): run with
 * {@code -Drampart.drift.bench=FILE} (e.g. the 320k-rule kube-proxy file of docs/benchmarks.md); prints
 * the timings. Skipped without the property.
 */
class DriftCostTest {
    @Test
    void costOnABigRuleset() throws Exception {
        String file = System.getProperty("rampart.drift.bench");
        Assumptions.assumeTrue(file != null, "set -Drampart.drift.bench=FILE to measure");
        String text = Files.readString(Path.of(file));
        String changed = text.replaceFirst("(?m)^-A INPUT ", "-A INPUT -p tcp -m tcp --dport 23 -j DROP\n-A INPUT ");
        for (int run = 0; run < 3; run++) {
            long t0 = System.nanoTime();
            Ruleset a = new RestoreParser(Family.IPV4).parse(text, "approved").ruleset();
            Ruleset same = new RestoreParser(Family.IPV4).parse(text, "live").ruleset();
            Ruleset b = new RestoreParser(Family.IPV4).parse(changed, "live").ruleset();
            long t1 = System.nanoTime();
            DriftReport none = new DriftCheck(ExpectedChanges.NONE).compare("a", new FirewallState(a, null, null),
                    new FirewallState(same, null, null), Instant.EPOCH);
            long t2 = System.nanoTime();
            DriftReport big = new DriftCheck(ExpectedChanges.NONE).compare("a", new FirewallState(a, null, null),
                    new FirewallState(b, null, null), Instant.EPOCH);
            long t3 = System.nanoTime();
            DriftReport kube = new DriftCheck(ExpectedChanges.parse(List.of("kube-proxy"))).compare("a",
                    new FirewallState(a, null, null), new FirewallState(b, null, null), Instant.EPOCH);
            long t4 = System.nanoTime();
            assertThat(none.drifted()).isFalse();
            assertThat(big.families().get(0).semanticSkippedRules()).isPositive();
            assertThat(big.ruleDifferenceCount()).isEqualTo(1);
            assertThat(kube.fateChangeCount()).isEqualTo(1);
            System.out.printf("drift bench run %d: parse 3 x %d rules %.0f ms; no drift (fast path) %.0f ms;"
                            + " one rule added, structural only %.0f ms; kube-proxy expected, semantic diff %.0f ms%n", run,
                    a.ruleCount(), (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t4 - t3) / 1e6);
        }
    }
}
