package dev.rampart.cli.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rampart.cli.CliTest;
import dev.rampart.host.Netns;
import dev.rampart.host.ProcessRunner;
import dev.rampart.host.RootRequirement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code audit --live}, {@code persist} and {@code host} end to end against the kernel: sysctls set
 * inside a throwaway namespace (never on the host), rules loaded with the real restore tools, the
 * persistence files under a temporary root. The host findings must be exactly the expected ones, and
 * none once fixed.
 */
class LiveAuditIT {
    @TempDir
    Path root;

    static final String V4 = """
            *filter
            :INPUT DROP [0:0]
            :FORWARD ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            -A INPUT -i lo -j ACCEPT
            -A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
            -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
            COMMIT
            """;

    @BeforeAll
    static void requireRoot() {
        RootRequirement.requireRoot();
    }

    private Netns namespace() throws IOException {
        Netns ns = Netns.create(new ProcessRunner(), "rampart-l-");
        ns.check("ip", "link", "add", "rl0", "type", "veth", "peer", "name", "rl1");
        Files.createDirectories(root.resolve("etc/iptables"));
        Files.writeString(root.resolve("etc/os-release"), "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\n");
        return ns;
    }

    /** The host findings (RA130 and up) of {@code audit --live --format json}, as {@code ID@location}. */
    private List<String> hostFindings(Netns ns) throws IOException {
        CliTest.Run r = CliTest.run("audit", "--live", "--netns", ns.name(), "--root", root.toString(),
                "--format", "json", "--fail-on", "info");
        assertThat(r.err()).doesNotContain("warning");
        JsonNode tree = new ObjectMapper().readTree(r.out());
        List<String> out = new ArrayList<>();
        for (JsonNode f : tree.get("findings")) {
            if (f.get("id").asText().compareTo("RA130") >= 0) {
                out.add(f.get("id").asText() + "@" + f.get("location").asText());
            }
        }
        return out;
    }

    private static void sysctl(Netns ns, String... settings) {
        List<String> cmd = new ArrayList<>(List.of("sysctl", "-q", "-w"));
        cmd.addAll(List.of(settings));
        ns.check(cmd.toArray(String[]::new));
    }

    @Test
    void weakKernelSettingsAreReportedExactlyAndNotOnceFixed() throws IOException {
        try (Netns ns = namespace()) {
            ns.exec(V4, List.of("iptables-restore")).requireSuccess();
            sysctl(ns, "net.ipv4.tcp_syncookies=0", "net.ipv4.conf.all.rp_filter=0", "net.ipv4.conf.default.rp_filter=0",
                    "net.ipv4.conf.rl0.rp_filter=0", "net.ipv4.conf.rl1.rp_filter=0", "net.ipv4.ip_forward=1");
            assertThat(hostFindings(ns)).containsExactlyInAnyOrder(
                    "RA130@net.ipv4.tcp_syncookies",
                    "RA131@net.ipv4.conf.all.rp_filter",
                    "RA132@net.ipv4.ip_forward",
                    // switching ip_forward on made the kernel set net.ipv4.conf.all.accept_redirects to 0
                    // (devinet.c, inet_forward_change), and a forwarding device needs 'all' AND its own value:
                    // no IPv4 finding. IPv6 keeps its default accept_redirects 1 on the veth devices.
                    "RA134@net.ipv6.conf.all.accept_redirects",
                    // send_redirects defaults to 1 and the devices now forward

                    "RA135@net.ipv4.conf.all.send_redirects",
                    "RA136@/etc/iptables/rules.v4",
                    // accept_ra defaults to 1 and the (empty) IPv6 ruleset lets router advertisements in
                    "RA139@net.ipv6.conf.all.accept_ra");

            // fix them as the findings say (inside the namespace), and persist
            sysctl(ns, "net.ipv4.tcp_syncookies=1", "net.ipv4.conf.all.rp_filter=1", "net.ipv4.conf.default.rp_filter=1");
            ns.check("iptables", "-P", "FORWARD", "DROP");
            for (String d : List.of("all", "default", "rl0", "rl1")) {
                sysctl(ns, "net.ipv4.conf." + d + ".accept_redirects=0", "net.ipv4.conf." + d + ".send_redirects=0",
                        "net.ipv6.conf." + d + ".accept_redirects=0", "net.ipv6.conf." + d + ".accept_ra=0");
            }
            CliTest.Run p = CliTest.run("persist", "--netns", ns.name(), "--root", root.toString());
            assertThat(p.code()).isEqualTo(0);
            assertThat(p.out()).contains("/etc/iptables/rules.v4: written, IPv4 rules");
            assertThat(hostFindings(ns)).isEmpty();

            // a live change makes the persisted file stale; persisting again clears it
            ns.check("iptables", "-A", "INPUT", "-p", "tcp", "--dport", "443", "-j", "ACCEPT");
            assertThat(hostFindings(ns)).containsExactly("RA137@/etc/iptables/rules.v4");
            CliTest.Run again = CliTest.run("persist", "--netns", ns.name(), "--root", root.toString());
            assertThat(again.out()).contains("previous kept as /etc/iptables/rules.v4.rampart-prev");
            assertThat(Files.readString(root.resolve("etc/iptables/rules.v4.rampart-prev"))).doesNotContain("443");
            assertThat(hostFindings(ns)).isEmpty();

            // forwarding off with FORWARD rules: informational
            sysctl(ns, "net.ipv4.ip_forward=0");
            ns.check("iptables", "-A", "FORWARD", "-i", "rl0", "-o", "rl1", "-j", "ACCEPT");
            CliTest.run("persist", "--netns", ns.name(), "--root", root.toString());
            // and switching ip_forward off made the kernel set net.ipv4.conf.all.accept_redirects back to 1
            // (inet_forward_change): the devices, no longer forwarding, accept redirects again (OR of all and device)
            assertThat(hostFindings(ns)).containsExactlyInAnyOrder("RA133@net.ipv4.ip_forward",
                    "RA134@net.ipv4.conf.all.accept_redirects");
            sysctl(ns, "net.ipv4.conf.all.accept_redirects=0");
            assertThat(hostFindings(ns)).containsExactly("RA133@net.ipv4.ip_forward");
        }
    }

    @Test
    void rulesInBothBackendsAreReportedAndShownByHost() throws IOException {
        try (Netns ns = namespace()) {
            ns.exec(V4, List.of("iptables-nft-restore")).requireSuccess();
            ns.exec("*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -s 203.0.113.0/24 -j DROP\nCOMMIT\n",
                    List.of("iptables-legacy-restore")).requireSuccess();
            CliTest.Run r = CliTest.run("audit", "--live", "--netns", ns.name(), "--root", root.toString());
            assertThat(r.out()).contains("iptables-legacy: medium RA138: IPv4 rules are in both backends: legacy "
                    + "(iptables-legacy-save: 1 rule, 0 user chains, 0 policies not ACCEPT) and nf_tables "
                    + "(iptables-nft-save: 3 rules, 0 user chains, 1 policy not ACCEPT)");

            CliTest.Run h = CliTest.run("host", "--netns", ns.name(), "--root", root.toString(), "--format", "json");
            assertThat(h.code()).isEqualTo(0);
            JsonNode tree = new ObjectMapper().readTree(h.out());
            assertThat(tree.get("os").get("id").asText()).isEqualTo("debian");
            assertThat(tree.get("persistence").get("rules_v4").asText()).isEqualTo("/etc/iptables/rules.v4");
            assertThat(tree.get("both_backends_hold_rules").toString()).isEqualTo("[4]");
            assertThat(tree.get("warnings").get(0).asText()).startsWith("IPv4 rules are present in BOTH");

            // the legacy rules removed: no finding, host reports one backend
            ns.exec("*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n", List.of("iptables-legacy-restore")).requireSuccess();
            CliTest.Run after = CliTest.run("audit", "--live", "--netns", ns.name(), "--root", root.toString());
            assertThat(after.out()).doesNotContain("RA138");
            assertThat(CliTest.run("host", "--netns", ns.name(), "--root", root.toString()).out())
                    .contains("iptables-legacy-save: empty").doesNotContain("warnings:");
        }
    }

    @Test
    void persistRefusesAnUnwritableDirectoryWithExitFour() throws IOException {
        try (Netns ns = namespace()) {
            ns.exec(V4, List.of("iptables-restore")).requireSuccess();
            Files.writeString(root.resolve("etc/iptables/rules.v4"), "old\n");
            try (dev.rampart.host.ReadOnlyDirectory ro = dev.rampart.host.ReadOnlyDirectory.of(root.resolve("etc/iptables"))) {
                CliTest.Run r = CliTest.run("persist", "--netns", ns.name(), "--root", root.toString());
                assertThat(r.code()).isEqualTo(4);
                assertThat(r.err()).contains("rampart: error: cannot write " + root.resolve("etc/iptables/ipsets"))
                        .contains("not writable");
                assertThat(Files.readString(root.resolve("etc/iptables/rules.v4"))).isEqualTo("old\n");
            }
        }
    }
}
