package dev.rampart.host.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** os-release parsing and the persistence layout chosen from it. */
class PersistenceLayoutTest {

    static final String DEBIAN = """
            PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
            NAME="Debian GNU/Linux"
            VERSION_ID="12"
            VERSION="12 (bookworm)"
            ID=debian
            HOME_URL="https://www.debian.org/"
            """;
    static final String UBUNTU = """
            PRETTY_NAME="Ubuntu 22.04.4 LTS"
            VERSION_ID="22.04"
            ID=ubuntu
            ID_LIKE=debian
            """;
    static final String ROCKY = """
            NAME="Rocky Linux"
            ID="rocky"
            ID_LIKE="rhel centos fedora"
            VERSION_ID="9.3"
            PRETTY_NAME="Rocky Linux 9.3 (Blue Onyx)"
            """;
    static final String FEDORA = "NAME=\"Fedora Linux\"\nID=fedora\nVERSION_ID=39\n";
    static final String ARCH = "NAME=\"Arch Linux\"\nPRETTY_NAME=\"Arch Linux\"\nID=arch\nBUILD_ID=rolling\n";
    static final String MANJARO = "NAME=\"Manjaro Linux\"\nID=manjaro\nID_LIKE=arch\n";
    static final String ALPINE = "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.19.1\n";

    @Test
    void parsesQuotedAndUnquotedValuesCommentsAndIdLike() {
        OsRelease os = OsRelease.parse("# comment\n\nID=\"rocky\"\nID_LIKE='rhel centos  fedora'\n"
                + "VERSION_ID=9.3\nPRETTY_NAME=\"Rocky \\\"Blue\\\" Onyx\"\nnot an assignment\n");
        assertThat(os.id()).isEqualTo("rocky");
        assertThat(os.idLike()).containsExactly("rhel", "centos", "fedora");
        assertThat(os.versionId()).isEqualTo("9.3");
        assertThat(os.prettyName()).isEqualTo("Rocky \"Blue\" Onyx");
        assertThat(os.is("rhel")).isTrue();
        assertThat(os.is("debian")).isFalse();
    }

    @Test
    void missingKeysAreEmpty() {
        OsRelease os = OsRelease.parse("");
        assertThat(os).isEqualTo(OsRelease.UNKNOWN);
        assertThat(os.describe()).isEqualTo("unknown");
        assertThat(OsRelease.parse("ID=void\nVERSION_ID=1\n").describe()).isEqualTo("void 1");
    }

    @Test
    void debianFamilyGetsRulesV4() {
        for (String text : List.of(DEBIAN, UBUNTU)) {
            LayoutChoice c = PersistenceLayout.choose(OsRelease.parse(text));
            assertThat(c.layout()).isEqualTo(PersistenceLayout.DEBIAN);
            assertThat(c.guessed()).isFalse();
        }
        assertThat(PersistenceLayout.DEBIAN.rulesV4()).isEqualTo("/etc/iptables/rules.v4");
        assertThat(PersistenceLayout.DEBIAN.rulesV6()).isEqualTo("/etc/iptables/rules.v6");
        assertThat(PersistenceLayout.DEBIAN.ipsets()).isEqualTo("/etc/iptables/ipsets");
        assertThat(PersistenceLayout.DEBIAN.mode()).isEqualTo(0640);
    }

    @Test
    void rhelFamilyGetsSysconfig() {
        for (String text : List.of(ROCKY, FEDORA)) {
            LayoutChoice c = PersistenceLayout.choose(OsRelease.parse(text));
            assertThat(c.layout()).as(text).isEqualTo(PersistenceLayout.RHEL);
        }
        assertThat(PersistenceLayout.RHEL.rulesV4()).isEqualTo("/etc/sysconfig/iptables");
        assertThat(PersistenceLayout.RHEL.rulesV6()).isEqualTo("/etc/sysconfig/ip6tables");
        assertThat(PersistenceLayout.RHEL.ipsets()).isEqualTo("/etc/sysconfig/ipset");
        assertThat(PersistenceLayout.RHEL.mode()).isEqualTo(0600);
    }

    @Test
    void archFamilyGetsIptablesRules() {
        assertThat(PersistenceLayout.choose(OsRelease.parse(ARCH)).layout()).isEqualTo(PersistenceLayout.ARCH);
        assertThat(PersistenceLayout.choose(OsRelease.parse(MANJARO)).layout()).isEqualTo(PersistenceLayout.ARCH);
        assertThat(PersistenceLayout.ARCH.rulesV4()).isEqualTo("/etc/iptables/iptables.rules");
        assertThat(PersistenceLayout.ARCH.rulesV6()).isEqualTo("/etc/iptables/ip6tables.rules");
    }

    @Test
    void unknownDistributionDefaultsToDebianWithAWarning() {
        LayoutChoice c = PersistenceLayout.choose(OsRelease.parse(ALPINE));
        assertThat(c.layout()).isEqualTo(PersistenceLayout.DEBIAN);
        assertThat(c.guessed()).isTrue();
        assertThat(c.warning()).contains("alpine 3.19.1").contains("assuming the Debian layout")
                .contains("--layout debian|rhel|arch");
        assertThat(PersistenceLayout.choose(OsRelease.UNKNOWN).warning()).contains("no usable /etc/os-release");
    }

    @Test
    void layoutsByName() {
        assertThat(PersistenceLayout.byId("RHEL")).contains(PersistenceLayout.RHEL);
        assertThat(PersistenceLayout.byId("gentoo")).isEmpty();
    }
}
