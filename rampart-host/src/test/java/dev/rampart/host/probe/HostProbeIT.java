package dev.rampart.host.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.host.BackendInfo.Backend;
import dev.rampart.host.Netns;
import dev.rampart.host.ProcessRunner;
import dev.rampart.host.RootRequirement;
import dev.rampart.host.sysctl.SysctlReader;
import dev.rampart.model.Family;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Detection against the real tools in a throwaway namespace: both backends, sysctls per namespace. */
class HostProbeIT {
    @TempDir
    Path root;

    @BeforeAll
    static void requireRootAndTools() {
        RootRequirement.requireRoot();
        for (String tool : List.of("iptables-legacy-restore", "iptables-nft-restore")) {
            assertThat(new ProcessRunner().run("sh", "-c", "command -v " + tool).succeeded())
                    .as("%s (Debian package iptables) must be installed", tool).isTrue();
        }
    }

    private static Netns netns() {
        return Netns.create(new ProcessRunner(), "rampart-l-");
    }

    @Test
    void rulesLoadedInBothBackendsAreDetected() {
        try (Netns ns = netns()) {
            HostProbe probe = new HostProbe(ns.runner(), new HostRoot(root));
            ns.exec("*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -s 198.51.100.0/24 -j DROP\nCOMMIT\n",
                    List.of("iptables-nft-restore")).requireSuccess();
            HostReport one = probe.probe();
            assertThat(one.backend(Backend.NF_TABLES, Family.IPV4).orElseThrow().rules()).isEqualTo(1);
            assertThat(one.backend(Backend.LEGACY, Family.IPV4).orElseThrow().holdsRules()).isFalse();
            assertThat(one.bothBackendsHoldRules()).isEmpty();

            ns.exec("*filter\n:INPUT DROP [0:0]\n:f2b-sshd - [0:0]\n-A INPUT -j f2b-sshd\n-A f2b-sshd -j RETURN\nCOMMIT\n",
                    List.of("iptables-legacy-restore")).requireSuccess();
            HostReport both = probe.probe();
            BackendContent legacy = both.backend(Backend.LEGACY, Family.IPV4).orElseThrow();
            assertThat(legacy.rules()).isEqualTo(2);
            assertThat(legacy.userChains()).containsExactly("filter/f2b-sshd");
            assertThat(legacy.nonAcceptPolicies()).containsExactly("filter/INPUT");
            assertThat(both.bothBackendsHoldRules()).containsExactly(Family.IPV4);
            assertThat(both.warnings()).anyMatch(w -> w.startsWith("IPv4 rules are present in BOTH"));
            // the legacy chain is seen as fail2ban's
            assertThat(both.tool("fail2ban").orElseThrow().chains()).containsExactly("f2b-sshd");
            assertThat(both.ipset().available()).isTrue();
            assertThat(both.ipset().version()).matches("\\d+\\.\\d+");
            assertThat(both.nft().version()).matches("\\d+\\.\\d+\\.\\d+");
            // iptables-nft made its tables: nft sees them in this namespace
            assertThat(both.nftTables()).contains("ip filter");
        }
    }

    @Test
    void sysctlsAreReadInsideTheNamespace() {
        try (Netns a = netns(); Netns b = netns()) {
            a.check("sysctl", "-w", "net.ipv4.conf.all.rp_filter=2", "net.ipv4.tcp_syncookies=0");
            a.check("ip", "link", "add", "rl0", "type", "veth", "peer", "name", "rl1");
            Map<String, String> va = new SysctlReader(a.runner()).read();
            Map<String, String> vb = new SysctlReader(b.runner()).read();
            assertThat(va).containsEntry("net.ipv4.conf.all.rp_filter", "2")
                    .containsEntry("net.ipv4.tcp_syncookies", "0")
                    .containsKey("net.ipv4.conf.rl0.accept_redirects")
                    .containsKey("net.ipv6.conf.rl1.accept_ra");
            assertThat(vb).containsEntry("net.ipv4.conf.all.rp_filter", "0")
                    .containsEntry("net.ipv4.tcp_syncookies", "1")
                    .doesNotContainKey("net.ipv4.conf.rl0.accept_redirects");
        }
    }
}
