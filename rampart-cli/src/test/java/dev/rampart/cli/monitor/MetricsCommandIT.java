package dev.rampart.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.host.Netns;
import dev.rampart.host.ProcessRunner;
import dev.rampart.host.RootRequirement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rampart metrics} prints the kernel's rule and policy counters (one reading of
 * {@code iptables-save -c}) next to the database's metrics, inside a throwaway network namespace whose
 * loopback carries three counted UDP datagrams.
 */
class MetricsCommandIT {
    @TempDir
    Path dir;

    @Test
    void printsTheRuleAndPolicyCountersOfTheKernelWithTheDatabaseMetrics() throws Exception {
        RootRequirement.requireRoot();
        Path c = dir.resolve("monitor.yaml");
        Files.writeString(c, "database: " + dir.resolve("r.db") + "\ncounters: {tables: [filter]}\n");
        try (Netns ns = Netns.create(new ProcessRunner(), "rampart-x-")) {
            ns.check("ip", "link", "set", "lo", "up");
            ns.runner().check(List.of("iptables-restore"), """
                    *filter
                    :INPUT ACCEPT [0:0]
                    :FORWARD DROP [0:0]
                    :OUTPUT ACCEPT [0:0]
                    -A INPUT -p udp -m udp --dport 9 -m comment --comment "discard" -j ACCEPT
                    COMMIT
                    """);
            for (int i = 0; i < 3; i++) {
                ns.runner().check(List.of("socat", "-u", "STDIN", "UDP-SENDTO:127.0.0.1:9"), "x\n");
            }
            MonitorCommandsTest.Run r = MonitorCommandsTest.run("metrics", "--config", c.toString(), "--netns", ns.name());
            assertThat(r.code()).as(r.err()).isZero();
            // 3 datagrams to port 9, counted by the rule; the port-unreachable answers by the INPUT policy
            assertThat(r.out())
                    .contains("rampart_rule_packets_total{chain=\"INPUT\",comment=\"discard\",family=\"ipv4\",rule=\"1\","
                            + "table=\"filter\"} 3.0")
                    .contains("rampart_rule_bytes_total{chain=\"INPUT\",comment=\"discard\",family=\"ipv4\",rule=\"1\","
                            + "table=\"filter\"} 90.0")
                    .contains("rampart_policy_packets_total{chain=\"INPUT\",family=\"ipv4\",table=\"filter\"} 3.0")
                    .contains("rampart_policy_packets_total{chain=\"FORWARD\",family=\"ipv6\",table=\"filter\"} 0.0")
                    .contains("rampart_rule_counters_sample_errors_total 0.0")
                    .contains("rampart_bans_active{family=\"ipv4\"} 0.0");
        }
    }

    @Test
    void countersThatCannotBeReadAreAHostFailureAfterTheRestIsPrinted() throws Exception {
        RootRequirement.requireRoot();
        Path c = dir.resolve("monitor.yaml");
        Files.writeString(c, "database: " + dir.resolve("r.db") + "\n");
        MonitorCommandsTest.Run r = MonitorCommandsTest.run("metrics", "--config", c.toString(), "--netns",
                "rampart-x-does-not-exist");
        assertThat(r.code()).isEqualTo(4);
        assertThat(r.out()).contains("rampart_bans_active{family=\"ipv4\"} 0.0")
                .contains("rampart_rule_counters_sample_errors_total 1.0").doesNotContain("rampart_rule_packets_total{");
        assertThat(r.err()).contains("rampart metrics: error: cannot read the rule counters:");
    }
}
