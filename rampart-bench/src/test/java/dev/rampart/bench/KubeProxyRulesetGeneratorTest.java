package dev.rampart.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.model.Family;
import dev.rampart.model.parse.RestoreParser;
import dev.rampart.model.write.CanonicalWriter;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class KubeProxyRulesetGeneratorTest {
    private static final KubeProxyRulesetGenerator.Spec TINY = new KubeProxyRulesetGenerator.Spec(50, 4, 7L);

    @Test
    void isDeterministic() {
        assertThat(KubeProxyRulesetGenerator.generate(TINY)).isEqualTo(KubeProxyRulesetGenerator.generate(TINY));
        assertThat(KubeProxyRulesetGenerator.generate(new KubeProxyRulesetGenerator.Spec(50, 4, 8L)))
                .isNotEqualTo(KubeProxyRulesetGenerator.generate(TINY));
    }

    @Test
    void presetsHaveTheAdvertisedSize() {
        assertThat(KubeProxyRulesetGenerator.Spec.LARGE.ruleCount()).isEqualTo(320_025);
        assertThat(KubeProxyRulesetGenerator.Spec.SMALL.ruleCount()).isEqualTo(32_025);
    }

    @Test
    void parsesCleanlyAndPrintsBackByteForByte() {
        String text = KubeProxyRulesetGenerator.generate(TINY);
        RestoreParser.Result r = new RestoreParser(Family.IPV4).parse(text, "gen.save");
        assertThat(r.diagnostics().all()).isEmpty();
        assertThat(r.ruleset().ruleCount()).isEqualTo(TINY.ruleCount());
        assertThat(text.lines().filter(l -> l.startsWith("-A")).count()).isEqualTo(TINY.ruleCount());
        // the generator writes canonical iptables-save order, so only the timestamp comments differ
        String withoutComments = text.lines().filter(l -> !l.startsWith("#"))
                .collect(Collectors.joining("\n", "", "\n"));
        assertThat(new CanonicalWriter(false).write(r.ruleset())).isEqualTo(withoutComments);
    }

    @Test
    void printsKubeProxyShapedRules() {
        String text = KubeProxyRulesetGenerator.generate(new KubeProxyRulesetGenerator.Spec(1, 3, 1L));
        String[] svc = text.lines().filter(l -> l.startsWith("-A KUBE-SVC-")).toArray(String[]::new);
        assertThat(svc).hasSize(4);
        assertThat(svc[0]).matches("-A KUBE-SVC-[A-Z2-7]{16} ! -s 10\\.244\\.0\\.0/16 -d 10\\.(9[6-9]|10[0-9]|11[01])"
                + "\\.\\d+\\.\\d+/32 -p (tcp|udp) -m comment --comment \"ns-0/[a-z]+-[a-z]+-0(:[a-z]+)? cluster IP\" "
                + "-m (tcp|udp) --dport \\d+ -j KUBE-MARK-MASQ");
        assertThat(svc[1]).contains("-m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-");
        assertThat(svc[2]).contains("-m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-");
        assertThat(svc[3]).doesNotContain("statistic");
        assertThat(Arrays.stream(text.split("\n")).filter(l -> l.startsWith("-A KUBE-SEP-")).toList())
                .hasSize(6)
                .allSatisfy(l -> assertThat(l).matches("-A KUBE-SEP-[A-Z2-7]{16} (-s 10\\.244\\.\\d+\\.\\d+/32 -m comment"
                        + " --comment \"[^\"]+\" -j KUBE-MARK-MASQ|-p (tcp|udp) -m comment --comment \"[^\"]+\" -m (tcp|udp)"
                        + " -j DNAT --to-destination 10\\.244\\.\\d+\\.\\d+:\\d+)"));
    }

    @Test
    void probabilityIsPrintedAsIptablesSaveDoes() {
        // lround(0x80000000 * 0.1) / 2^31 = 0.100000000093...
        assertThat(KubeProxyRulesetGenerator.probability(10)).isEqualTo("0.10000000009");
        assertThat(KubeProxyRulesetGenerator.probability(2)).isEqualTo("0.50000000000");
        assertThat(KubeProxyRulesetGenerator.probability(3)).isEqualTo("0.33333333349");
    }

    @Test
    void rejectsNonsenseSizes() {
        assertThatThrownBy(() -> new KubeProxyRulesetGenerator.Spec(0, 10, 1L))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("services");
    }
}
