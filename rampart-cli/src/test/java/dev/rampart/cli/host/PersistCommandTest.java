package dev.rampart.cli.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.cli.CliTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rampart persist FILE...} under a temporary root: canonical files in the layout's places, the
 * previous kept, errors leave everything untouched. (The live variant runs in namespaces: LiveAuditIT.)
 */
class PersistCommandTest {
    @TempDir
    Path root;

    @Test
    void persistsGivenFilesInCanonicalFormKeepingThePrevious() throws IOException {
        Files.createDirectories(root.resolve("etc/sysconfig"));
        Files.writeString(root.resolve("etc/os-release"), "ID=\"rocky\"\nID_LIKE=\"rhel centos fedora\"\n");
        Path sets = root.resolve("sets.txt");
        Files.writeString(sets, "create admins hash:ip family inet hashsize 1024 maxelem 65536\nadd admins 198.51.100.7\n");
        CliTest.Run r = CliTest.run("persist", "--root", root.toString(), "../examples/webserver.rules", sets.toString());
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out()).startsWith("layout rhel: os-release names rocky (RHEL/Fedora family)")
                .contains("/etc/sysconfig/ipset: written, ipsets")
                .contains("/etc/sysconfig/iptables: written, IPv4 rules")
                .doesNotContain("ip6tables");
        Path v4 = root.resolve("etc/sysconfig/iptables");
        String fmt = CliTest.run("fmt", "../examples/webserver.rules").out();
        assertThat(Files.readString(v4)).isEqualTo(fmt.replaceAll("(?m)^(:\\S+ \\S+) \\[\\d+:\\d+\\]$", "$1 [0:0]"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(v4))).isEqualTo("rw-------");
        assertThat(Files.readString(root.resolve("etc/sysconfig/ipset"))).contains("add admins 198.51.100.7");
        assertThat(root.resolve("etc/sysconfig/ip6tables")).doesNotExist();

        Files.writeString(v4, "# edited by hand\n");
        CliTest.Run again = CliTest.run("persist", "--root", root.toString(), "../examples/webserver.rules");
        assertThat(again.out()).contains("previous kept as /etc/sysconfig/iptables.rampart-prev");
        assertThat(Files.readString(root.resolve("etc/sysconfig/iptables.rampart-prev"))).isEqualTo("# edited by hand\n");
    }

    @Test
    void dryRunWritesNothing() throws IOException {
        Files.createDirectories(root.resolve("etc/iptables"));
        CliTest.Run r = CliTest.run("persist", "--root", root.toString(), "--layout", "debian", "--dry-run", "--show",
                "../examples/webserver.rules");
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out()).contains("/etc/iptables/rules.v4: would write IPv4 rules").contains("  | *filter");
        try (var s = Files.list(root.resolve("etc/iptables"))) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    void unknownDistributionWarnsAndUsesDebian() throws IOException {
        Files.createDirectories(root.resolve("etc/iptables"));
        CliTest.Run r = CliTest.run("persist", "--root", root.toString(), "../examples/webserver.rules");
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.err()).contains("rampart: warning: no usable /etc/os-release: persistence layout unknown, "
                + "assuming the Debian layout");
        assertThat(root.resolve("etc/iptables/rules.v4")).exists();
    }

    @Test
    void invalidFileIsReportedAndNothingWritten() throws IOException {
        Files.createDirectories(root.resolve("etc/iptables"));
        CliTest.Run r = CliTest.run("persist", "--root", root.toString(), "--layout", "debian", "../examples/broken.rules");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("error[E304]").contains("not persisted");
        assertThat(root.resolve("etc/iptables/rules.v4")).doesNotExist();
    }

    @Test
    void missingDirectoryIsAHostFailure() {
        CliTest.Run r = CliTest.run("persist", "--root", root.toString(), "--layout", "arch", "../examples/webserver.rules");
        assertThat(r.code()).isEqualTo(4);
        assertThat(r.err()).contains("rampart: error: cannot write " + root.resolve("etc/iptables/iptables.rules")
                + ": directory " + root.resolve("etc/iptables") + " does not exist");
    }

    @Test
    void emptyRulesDoNotReplaceSavedOnesWithoutAllowEmpty() throws IOException {
        Files.createDirectories(root.resolve("etc/iptables"));
        CliTest.run("persist", "--root", root.toString(), "--layout", "debian", "../examples/webserver.rules");
        String saved = Files.readString(root.resolve("etc/iptables/rules.v4"));
        Path empty = root.resolve("empty.rules");
        Files.writeString(empty, "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n");
        CliTest.Run r = CliTest.run("persist", "--root", root.toString(), "--layout", "debian", empty.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("refusing to replace saved rules with empty ones: /etc/iptables/rules.v4 holds")
                .contains("--allow-empty");
        assertThat(Files.readString(root.resolve("etc/iptables/rules.v4"))).isEqualTo(saved);
        CliTest.Run forced = CliTest.run("persist", "--root", root.toString(), "--layout", "debian", "--allow-empty",
                empty.toString());
        assertThat(forced.code()).isEqualTo(0);
        assertThat(Files.readString(root.resolve("etc/iptables/rules.v4.rampart-prev"))).isEqualTo(saved);
    }

    @Test
    void warnsWhenAFirewallManagerIsActive() throws IOException {
        Files.createDirectories(root.resolve("etc/iptables"));
        Files.createDirectories(root.resolve("etc/ufw"));
        Files.writeString(root.resolve("etc/ufw/ufw.conf"), "ENABLED=yes\n");
        CliTest.Run r = CliTest.run("persist", "--root", root.toString(), "--layout", "debian", "../examples/webserver.rules");
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.err()).contains("rampart: warning: ufw is active").contains("loads its own rules at boot");
    }

    @Test
    void persistsACompiledPolicy() throws IOException {
        Files.createDirectories(root.resolve("etc/iptables"));
        CliTest.Run r = CliTest.run("persist", "--root", root.toString(), "--layout", "debian",
                "../examples/policy/webserver.yaml");
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out()).contains("/etc/iptables/rules.v4: written").contains("/etc/iptables/rules.v6: written");
        Path out = root.resolve("compiled");
        CliTest.run("compile", "--builtin-services-only", "../examples/policy/webserver.yaml", "-o", out.toString());
        assertThat(Files.readString(root.resolve("etc/iptables/rules.v4")))
                .isEqualTo(Files.readString(out.resolve("rules.v4")).replaceAll("(?m)^(:\\S+ \\S+) \\[\\d+:\\d+\\]$", "$1 [0:0]"));
        CliTest.Run bad = CliTest.run("persist", "--root", root.toString(), "--layout", "debian",
                writePolicy("services: [nosuchservice]\n").toString());
        assertThat(bad.code()).isEqualTo(3);
        assertThat(bad.err()).contains("not persisted");
    }

    private Path writePolicy(String text) throws IOException {
        Path p = root.resolve("bad.yaml");
        Files.writeString(p, text);
        return p;
    }

    @Test
    void usageErrors() {
        assertThat(CliTest.run("persist", "--root", root.toString(), "--layout", "gentoo", "x").err())
                .contains("--layout must be debian, rhel or arch, not 'gentoo'");
        assertThat(CliTest.run("persist", "--root", root.resolve("nope").toString(), "x").code()).isEqualTo(2);
    }
}
