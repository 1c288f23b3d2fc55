package dev.rampart.monitor.ban;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.host.Netns;
import dev.rampart.host.ProcessRunner;
import dev.rampart.host.RootRequirement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The kernel side of bans in a throwaway namespace: idempotent set-up, restore with remaining time. */
class IpsetBansIT {
    @BeforeEach
    void root() {
        RootRequirement.requireRoot();
    }

    private static long rules(Netns ns, String tool, String chain, String set) {
        var r = ns.exec(tool, "-S", chain);
        return !r.succeeded() ? 0 : r.stdout().lines().filter(l -> l.contains("--match-set " + set + " ")).count();
    }

    private static String firstRule(Netns ns, String chain) {
        return ns.check("iptables", "-S", chain).stdout().lines().filter(l -> l.startsWith("-A")).findFirst().orElse("");
    }

    @Test
    void ensureIsIdempotentKeepsTheRuleOnTopAndUsesDockerUserWhenItExists() {
        try (Netns ns = Netns.create(new ProcessRunner(), "rampart-d-")) {
            ns.check("iptables", "-N", "DOCKER-USER");
            ns.check("iptables", "-A", "DOCKER-USER", "-j", "RETURN");
            ns.check("iptables", "-A", "INPUT", "-p", "tcp", "--dport", "22", "-j", "ACCEPT");
            IpsetBans bans = new IpsetBans(ns.runner(), BanSettings.DEFAULTS);
            bans.ensure();
            bans.ensure();
            assertThat(rules(ns, "iptables", "INPUT", "rampart-ban4")).isEqualTo(1);
            assertThat(rules(ns, "ip6tables", "INPUT", "rampart-ban6")).isEqualTo(1);
            assertThat(rules(ns, "iptables", "DOCKER-USER", "rampart-ban4")).isEqualTo(1);
            assertThat(rules(ns, "ip6tables", "DOCKER-USER", "rampart-ban6")).as("no DOCKER-USER in ip6tables")
                    .isZero();
            assertThat(firstRule(ns, "INPUT")).contains("rampart-ban4");
            assertThat(firstRule(ns, "DOCKER-USER")).contains("rampart-ban4");
            // a rule inserted above it later: the next start moves the ban rule back to the top
            ns.check("iptables", "-I", "INPUT", "1", "-i", "lo", "-j", "ACCEPT");
            bans.ensure();
            assertThat(firstRule(ns, "INPUT")).contains("rampart-ban4");
            assertThat(rules(ns, "iptables", "INPUT", "rampart-ban4")).isEqualTo(1);
        }
    }

    @Test
    void restoreUsesTheRemainingTimeAndSkipsExpiredBans() {
        try (Netns ns = Netns.create(new ProcessRunner(), "rampart-d-")) {
            IpsetBans bans = new IpsetBans(ns.runner(), BanSettings.DEFAULTS);
            bans.ensure();
            Instant now = Instant.now();
            bans.restore(List.of(
                    new Ban(BanTargets.parse("192.0.2.1"), now.minusSeconds(3000), now.plusSeconds(600), "sshd", "r", 1),
                    new Ban(BanTargets.parse("192.0.2.2"), now.minusSeconds(3000), now.minusSeconds(1), "sshd", "r", 1),
                    new Ban(BanTargets.parse("2001:db8:1::/64"), now, null, "manual", "r", 1)), now);
            String v4 = ns.check("ipset", "save", "rampart-ban4").stdout();
            assertThat(v4).containsPattern("add rampart-ban4 192.0.2.1 timeout (59\\d|600)\\n").doesNotContain("192.0.2.2");
            assertThat(ns.check("ipset", "save", "rampart-ban6").stdout()).contains("add rampart-ban6 2001:db8:1::/64 timeout 0");
            assertThat(bans.contains(BanTargets.parse("192.0.2.1"))).isTrue();
            bans.remove(BanTargets.parse("192.0.2.1"));
            bans.remove(BanTargets.parse("192.0.2.1"));
            assertThat(bans.contains(BanTargets.parse("192.0.2.1"))).isFalse();
        }
    }

    @Test
    void aChangedMaxelemIsAppliedKeepingTheBans() {
        try (Netns ns = Netns.create(new ProcessRunner(), "rampart-d-")) {
            new IpsetBans(ns.runner(), BanSettings.DEFAULTS).ensure();
            IpsetBans first = new IpsetBans(ns.runner(), BanSettings.DEFAULTS);
            first.add(BanTargets.parse("198.51.100.7"), Duration.ofMinutes(30));
            BanSettings bigger = new BanSettings(true, "rampart-ban4", "rampart-ban6", 200_000, List.of("INPUT"), "DROP");
            new IpsetBans(ns.runner(), bigger).ensure();
            String save = ns.check("ipset", "save", "rampart-ban4").stdout();
            assertThat(save).contains("maxelem 200000").contains("add rampart-ban4 198.51.100.7 timeout");
            assertThat(ns.check("ipset", "list", "-n").stdout()).doesNotContain("-new");
            assertThat(rules(ns, "iptables", "INPUT", "rampart-ban4")).isEqualTo(1);
        }
    }
}
