package dev.rampart.sim.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.host.RootRequirement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Every ruleset example of the guides in {@code ../shared/seeds/}, written out as restore files in
 * {@code src/test/resources/kernel/seeds/} with packets that take each rule's accept and drop paths:
 * the simulator must move the same counters as the kernel for every packet. One lab (with a backend for
 * the forwarding and DNAT cases) serves all files; each packet is an independent flow.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeedRulesetsKernelIT {
    private KernelLab lab;

    @BeforeAll
    void start() {
        RootRequirement.requireRoot();
        lab = KernelLab.start(KernelLab.Options.standard().withBackend());
    }

    @AfterAll
    void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> seedRulesetsAgreeWithTheKernel() {
        List<KernelDifferential.Case> cases = KernelCases.load("kernel/seeds", true);
        assertThat(cases).hasSizeGreaterThanOrEqualTo(9);
        long seed = KernelSeed.chosen();
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            KernelDifferential.Outcome o = KernelDifferential.run(lab, c, seed);
            assertThat(o.mismatches().size()).as(o.report(50)).isZero();
        }));
    }
}
