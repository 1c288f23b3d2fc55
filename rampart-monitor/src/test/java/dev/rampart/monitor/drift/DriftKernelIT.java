package dev.rampart.monitor.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.host.LiveRuleset;
import dev.rampart.host.Netns;
import dev.rampart.host.ProcessRunner;
import dev.rampart.host.RootRequirement;
import dev.rampart.model.Family;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drift against the real kernel: approved rules loaded in a throwaway namespace, then changed there. */
class DriftKernelIT {
    @TempDir
    Path dir;

    @BeforeAll
    static void requireRoot() {
        RootRequirement.requireRoot();
    }

    static final String V4 = DriftCheckTest.APPROVED;
    static final String V6 = """
            *filter
            :INPUT DROP [0:0]
            :FORWARD DROP [0:0]
            :OUTPUT ACCEPT [0:0]
            -A INPUT -i lo -j ACCEPT
            -A INPUT -p ipv6-icmp -j ACCEPT
            -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
            COMMIT
            """;
    static final String SETS = "create admins hash:net family inet hashsize 1024 maxelem 65536\nadd admins 198.51.100.0/24\n";

    private ApprovedFiles approvedDir() throws IOException {
        Files.writeString(dir.resolve("rules.v4"), V4);
        Files.writeString(dir.resolve("rules.v6"), V6);
        Files.writeString(dir.resolve("ipsets"), SETS);
        return ApprovedFiles.directory(dir);
    }

    private static Netns loaded() {
        Netns ns = Netns.create(new ProcessRunner(), "rampart-w-");
        try {
            ns.exec(SETS, List.of("ipset", "restore")).requireSuccess();
            LiveRuleset live = new LiveRuleset(ns.runner());
            live.load(Family.IPV4, V4, false);
            live.load(Family.IPV6, V6, false);
            return ns;
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
    }

    @Test
    void approvedRulesLoadedAsTheyAreAreNoDriftThenAnInsertedTelnetAcceptIs() throws IOException {
        ApprovedFiles approved = approvedDir();
        try (Netns ns = loaded()) {
            DriftCheck check = new DriftCheck(ExpectedChanges.parse(List.of("docker")));
            DriftReport clean = check.check(approved, ns.runner(), Clock.systemUTC());
            assertThat(clean.drifted()).as(DriftReportWriter.text(clean)).isFalse();
            assertThat(clean.families()).allMatch(FamilyDrift::compared);
            assertThat(clean.setsCompared()).isTrue();

            ns.check("iptables", "-I", "INPUT", "-p", "tcp", "--dport", "23", "-j", "ACCEPT");
            DriftReport drift = check.check(approved, ns.runner(), Clock.systemUTC());
            assertThat(drift.drifted()).isTrue();
            FamilyDrift v4 = drift.families().get(0);
            assertThat(v4.fateChanges()).hasSize(1);
            FateChange c = v4.fateChanges().get(0);
            assertThat(c.change().witness().dport()).isEqualTo(23);
            assertThat(c.liveFate()).isEqualTo("ACCEPT");
            assertThat(c.approvedFate()).isEqualTo("DROP");
            assertThat(c.liveDecider().rule()).isEqualTo(1);
            assertThat(c.liveRule()).isEqualTo("-A INPUT -p tcp -m tcp --dport 23 -j ACCEPT");
            assertThat(drift.families().get(1).drifted()).isFalse();

            ns.check("ip6tables", "-I", "INPUT", "2", "-p", "udp", "--dport", "161", "-s", "2001:db8::/32", "-j", "ACCEPT");
            DriftReport v6 = check.check(approved, ns.runner(), Clock.systemUTC());
            FateChange c6 = v6.families().get(1).fateChanges().get(0);
            assertThat(c6.change().witness().dport()).isEqualTo(161);
            assertThat(c6.change().witness().protocol()).isEqualTo(17);
            assertThat(c6.liveDecider().rule()).isEqualTo(2);
            assertThat(c6.liveRule()).isEqualTo("-A INPUT -s 2001:db8::/32 -p udp -m udp --dport 161 -j ACCEPT");
            ns.check("ip6tables", "-D", "INPUT", "2");
            assertThat(DriftReportWriter.text(drift)).contains("witness: tcp ", ":23 ");

            ns.check("iptables", "-D", "INPUT", "1");
            // Docker's chains and jumps, declared expected: no drift
            ns.check("iptables", "-N", "DOCKER");
            ns.check("iptables", "-N", "DOCKER-USER");
            ns.check("iptables", "-A", "DOCKER", "-d", "198.18.0.2", "-p", "tcp", "--dport", "80", "-j", "ACCEPT");
            ns.check("iptables", "-A", "DOCKER-USER", "-j", "RETURN");
            ns.check("iptables", "-A", "FORWARD", "-j", "DOCKER-USER");
            ns.check("iptables", "-A", "FORWARD", "-o", "docker0", "-j", "DOCKER");
            ns.check("iptables", "-t", "nat", "-N", "DOCKER");
            ns.check("iptables", "-t", "nat", "-A", "PREROUTING", "-m", "addrtype", "--dst-type", "LOCAL", "-j", "DOCKER");
            DriftReport docker = check.check(approved, ns.runner(), Clock.systemUTC());
            assertThat(docker.drifted()).as(DriftReportWriter.text(docker)).isFalse();
            DriftReport undeclared = new DriftCheck(ExpectedChanges.NONE).check(approved, ns.runner(), Clock.systemUTC());
            assertThat(undeclared.drifted()).isTrue();
            assertThat(undeclared.ruleDifferenceCount()).isGreaterThanOrEqualTo(6);
        }
    }

    @Test
    void banSetMembersAreExpectedButAnAdminSetMemberIsDrift() throws IOException {
        ApprovedFiles approved = approvedDir();
        try (Netns ns = loaded()) {
            ns.check("ipset", "create", "rampart-ban-v4", "hash:ip", "timeout", "600");
            ns.check("ipset", "add", "rampart-ban-v4", "192.0.2.7", "timeout", "300");
            ns.check("iptables", "-I", "INPUT", "-m", "set", "--match-set", "rampart-ban-v4", "src", "-j", "DROP");
            DriftCheck check = new DriftCheck(ExpectedChanges.parse(DriftSettings.DEFAULT_EXPECT));
            DriftReport bans = check.check(approved, ns.runner(), Clock.systemUTC());
            assertThat(bans.drifted()).as(DriftReportWriter.text(bans)).isFalse();

            ns.check("ipset", "add", "admins", "203.0.113.0/24");
            DriftReport r = check.check(approved, ns.runner(), Clock.systemUTC());
            assertThat(r.sets()).containsExactly(new SetDifference("admins", SetDifference.Kind.MEMBER_ADDED,
                    "203.0.113.0/24"));
        }
    }

    @Test
    void theWatchAlertsOncePerChangeOfTheDrift() throws IOException {
        ApprovedFiles approved = approvedDir();
        try (Netns ns = loaded()) {
            io.prometheus.metrics.model.registry.PrometheusRegistry reg = new io.prometheus.metrics.model.registry.PrometheusRegistry();
            java.util.concurrent.atomic.AtomicReference<ApprovedState> state = new java.util.concurrent.atomic.AtomicReference<>(approved);
            DriftWatch watch = new DriftWatch(state::get, DriftSettings.DEFAULTS, ns.runner(), Clock.systemUTC(), reg);
            assertThat(watch.check()).isEmpty();
            ns.check("iptables", "-I", "INPUT", "-p", "tcp", "--dport", "23", "-j", "ACCEPT");
            var alert = watch.check().orElseThrow();
            assertThat(alert.kind()).isEqualTo(dev.rampart.monitor.alert.AlertKind.DRIFT);
            assertThat(alert.severity()).isEqualTo(dev.rampart.monitor.alert.AlertSeverity.CRITICAL);
            assertThat(alert.summary()).contains("1 packet class changes fate");
            assertThat(alert.details()).contains("live: filter INPUT rule 1: -A INPUT -p tcp -m tcp --dport 23 -j ACCEPT");
            assertThat(watch.check()).as("the same drift alerts once").isEmpty();
            assertThat(dev.rampart.monitor.testing.MetricsText.of(reg)).contains("rampart_drift 1.0",
                    "rampart_drift_fate_changes 1.0", "rampart_drift_checks_total{result=\"drift\"} 2.0");
            ns.check("iptables", "-D", "INPUT", "1");
            var gone = watch.check().orElseThrow();
            assertThat(gone.severity()).isEqualTo(dev.rampart.monitor.alert.AlertSeverity.INFO);
            assertThat(gone.summary()).startsWith("no drift any more");
            Files.writeString(dir.resolve("rules.v4"), "*filter\n-A INPUT -j ACCPET\nCOMMIT\n");
            var err = watch.check().orElseThrow();
            assertThat(err.kind()).isEqualTo(dev.rampart.monitor.alert.AlertKind.DAEMON_ERROR);
            assertThat(err.summary()).contains("rules.v4:2:").contains("error[E304]");
            assertThat(watch.check()).as("the same failure alerts once").isEmpty();
            assertThat(dev.rampart.monitor.testing.MetricsText.of(reg)).contains("rampart_drift_checks_total{result=\"error\"} 2.0");
        }
    }
}
