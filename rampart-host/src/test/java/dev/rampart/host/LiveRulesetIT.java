package dev.rampart.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.model.Family;
import dev.rampart.model.Ruleset;
import dev.rampart.model.TableName;
import dev.rampart.model.parse.RestoreParser;
import dev.rampart.model.write.CanonicalWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LiveRulesetIT {

    @BeforeAll
    static void requireRoot() {
        RootRequirement.requireRoot();
    }

    private static final String V4 = """
            *filter
            :INPUT DROP [7:420]
            :FORWARD DROP [0:0]
            :OUTPUT ACCEPT [0:0]
            :ssh - [0:0]
            -A INPUT -i lo -j ACCEPT
            -A INPUT -p tcp -m tcp --dport 22 -j ssh
            -A ssh -s 198.51.100.0/24 -j ACCEPT
            COMMIT
            """;

    @Test
    void loadsAndReadsBackTheLiveRulesetWithAndWithoutCounters() {
        try (Netns ns = Netns.create()) {
            LiveRuleset live = new LiveRuleset(ns.runner());
            live.load(Family.IPV4, V4, true);
            String saved = live.save(Family.IPV4, false);
            assertThat(saved).contains(":INPUT DROP [7:420]", "-A INPUT -p tcp -m tcp --dport 22 -j ssh");
            assertThat(saved).doesNotContain("[0:0] -A");
            assertThat(live.save(Family.IPV4, true)).contains("[0:0] -A ssh -s 198.51.100.0/24 -j ACCEPT");
            assertThat(live.save(Family.IPV4, TableName.FILTER, false)).contains("*filter");

            RestoreParser.Result parsed = new RestoreParser(Family.IPV4).parse(saved, "<iptables-save>");
            assertThat(parsed.diagnostics().hasErrors()).isFalse();
            Ruleset r = parsed.ruleset();
            assertThat(r.ruleCount()).isEqualTo(3);
            assertThat(new CanonicalWriter(false).write(r)).isEqualTo(RoundTripIT.withoutComments(saved));
        }
    }

    @Test
    void ipv6RulesetIsSeparate() {
        try (Netns ns = Netns.create()) {
            LiveRuleset live = new LiveRuleset(ns.runner());
            live.load(Family.IPV6, "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -s 2001:db8::/32 -j DROP\nCOMMIT\n", false);
            assertThat(live.save(Family.IPV6, false)).contains("-A INPUT -s 2001:db8::/32 -j DROP");
            assertThat(live.save(Family.IPV4, false)).doesNotContain("2001:db8");
        }
    }

    @Test
    void rejectedInputNamesCommandStatusAndFailingLine() {
        try (Netns ns = Netns.create()) {
            LiveRuleset live = new LiveRuleset(ns.runner());
            assertThatThrownBy(() -> live.load(Family.IPV4, "*filter\n-A INPUT -j NOPE\nCOMMIT\n", false))
                    .isInstanceOf(HostException.class)
                    .hasMessageContaining("iptables-restore' failed with exit status")
                    .hasMessageContaining("Chain 'NOPE' does not exist")
                    .hasMessageContaining("Error occurred at line:");
            ProcessResult test = live.test(Family.IPV4, "*filter\n-A INPUT -p tcp --dport 99999 -j ACCEPT\nCOMMIT\n");
            assertThat(test.succeeded()).isFalse();
            assertThat(test.stderr()).contains("99999");
            // --test changed nothing
            assertThat(live.save(Family.IPV4, false)).doesNotContain("99999");
        }
    }

    @Test
    void detectsTheInstalledBackend() {
        BackendInfo info = BackendInfo.detect(new ProcessRunner(), Family.IPV4);
        assertThat(info.command()).isEqualTo("iptables");
        assertThat(info.version()).matches("\\d+\\.\\d+(\\.\\d+)?");
        BackendInfo v6 = BackendInfo.detect(new ProcessRunner(), Family.IPV6);
        assertThat(v6.command()).isEqualTo("ip6tables");
        assertThat(v6.backend()).isEqualTo(info.backend());
    }
}
