package dev.rampart.sim.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.host.RootRequirement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Generated rulesets against the kernel: {@code rampart.kernel.generated.rulesets} rulesets (default 40)
 * of {@code rampart.kernel.generated.packets} packets each (default 55), seeds {@code S, S+1, ...} from
 * {@link KernelSeed}. To reproduce one failing ruleset: {@code -Drampart.kernel.seed=N
 * -Drampart.kernel.generated.rulesets=1} with the seed the report names.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeneratedRulesetsKernelIT {
    private final List<KernelDifferential.Outcome> outcomes = new ArrayList<>();
    private long baseSeed;

    @BeforeAll
    void runAll() {
        RootRequirement.requireRoot();
        baseSeed = KernelSeed.chosen();
        int rulesets = Integer.getInteger("rampart.kernel.generated.rulesets", 40);
        int packets = Integer.getInteger("rampart.kernel.generated.packets", 55);
        System.out.println("generated kernel cases: seed " + baseSeed + ", " + rulesets + " rulesets x " + packets
                + " packets (-D" + KernelSeed.PROPERTY + "=" + baseSeed + ")");
        long start = System.nanoTime();
        try (KernelLab lab = KernelLab.start()) {
            for (int i = 0; i < rulesets; i++) {
                outcomes.add(KernelDifferential.run(lab, GeneratedRulesets.generate(baseSeed + i, packets), baseSeed + i));
            }
        }
        long checks = outcomes.stream().mapToLong(o -> o.checks().size()).sum();
        System.out.printf("generated kernel cases: %d packet checks in %.1f s%n", checks,
                (System.nanoTime() - start) / 1e9);
    }

    @Test
    void everyPacketReachesTheFirewallAndIsDecidedOnce() {
        // the harness's own soundness, independent of the simulator: each packet is delivered to INPUT
        // and ends in exactly one decision (a terminal rule or the policy) in the kernel
        for (KernelDifferential.Outcome o : outcomes) {
            for (KernelDifferential.Check c : o.checks()) {
                assertThat(c.kernel()).as("kernel counters of %s (seed %d)", PacketLines.toJson(c.packet()), o.seed())
                        .isNotEmpty();
            }
        }
        long checks = outcomes.stream().mapToLong(o -> o.checks().size()).sum();
        if (Integer.getInteger("rampart.kernel.generated.rulesets", 40) >= 40) {
            assertThat(checks).as("generated packet checks").isGreaterThanOrEqualTo(2000);
        }
    }

    @Test
    void simulatorMovesTheSameCountersAsTheKernel() {
        StringBuilder report = new StringBuilder();
        int bad = 0;
        for (KernelDifferential.Outcome o : outcomes) {
            if (!o.mismatches().isEmpty()) {
                bad += o.mismatches().size();
                if (report.length() < 20_000) {
                    report.append(o.report(5));
                }
            }
        }
        assertThat(bad).as("packets where the simulator disagrees with the kernel (base seed %d):%n%s", baseSeed,
                report).isZero();
    }
}
