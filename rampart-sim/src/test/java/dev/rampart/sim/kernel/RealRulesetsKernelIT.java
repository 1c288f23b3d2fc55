package dev.rampart.sim.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.host.RootRequirement;
import dev.rampart.model.Family;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Real rulesets from {@code ../shared/rulesets/real/} on their INPUT path. The firewall interface of the
 * lab is given the name the ruleset's rules use ({@code -i eth0.11} stays {@code eth0.11}), so the ruleset
 * loads unchanged into both the kernel and the simulator; packets are derived from the ports the rules
 * name ({@link DerivedPackets}). Rulesets were chosen because the nft-backed iptables-restore of the lab
 * accepts them and their INPUT chains are rich (ufw's chain tree, conntrack with --ctorig*, ICMP chains,
 * IPv6 NDP chains and routing-header rules).
 */
class RealRulesetsKernelIT {
    /** A real ruleset, its family and the interface name its INPUT rules use for the outside. */
    record RealCase(String file, Family family, String iface) {
    }

    private static final List<RealCase> CASES = List.of(
            new RealCase("configs_srvs_ufw__server1-iptables-save", Family.IPV4, "eth0"),
            new RealCase("examples_ferm__webserver.ferm.iptables-save", Family.IPV4, "eth0"),
            new RealCase("config_home_user__typical_home_user_iptables-save", Family.IPV4, "eth0.11"),
            new RealCase("configs_ipv6_server__mailserver", Family.IPV6, "eth0"));

    private static final int MAX_PACKETS_PER_RULESET = 90;

    @BeforeAll
    static void root() {
        RootRequirement.requireRoot();
    }

    private static Path realDir() {
        String shared = System.getProperty("rampart.shared", "../../shared");
        return Path.of(shared, "rulesets", "real");
    }

    @TestFactory
    Stream<DynamicTest> realRulesetsAgreeWithTheKernel() {
        long seed = KernelSeed.chosen();
        return CASES.stream().map(rc -> DynamicTest.dynamicTest(rc.file(), () -> {
            String rules = Files.readString(realDir().resolve(rc.file()), StandardCharsets.UTF_8);
            KernelDifferential.Case c = new KernelDifferential.Case("rulesets/real/" + rc.file() + " (in " + rc.iface() + ")",
                    rc.family(), rules, null, DerivedPackets.forRuleset(rules, rc.family(), rc.iface(), MAX_PACKETS_PER_RULESET),
                    true);
            try (KernelLab lab = KernelLab.start(KernelLab.Options.standard().withFwInterface(rc.iface()))) {
                KernelDifferential.Outcome o = KernelDifferential.run(lab, c, seed);
                assertThat(o.checks()).as("every derived packet was checked").hasSize(c.steps().size());
                assertThat(o.mismatches().size()).as(o.report(30)).isZero();
            }
        }));
    }

    static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }
}
