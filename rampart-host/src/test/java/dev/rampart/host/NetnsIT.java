package dev.rampart.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NetnsIT {

    @BeforeAll
    static void requireRoot() {
        RootRequirement.requireRoot();
    }

    private static boolean exists(String name) {
        return new ProcessRunner().output("ip", "netns", "list").lines()
                .anyMatch(l -> l.equals(name) || l.startsWith(name + " "));
    }

    @Test
    void namespaceIsCreatedIsolatedAndDeleted() {
        String name;
        try (Netns ns = Netns.create()) {
            name = ns.name();
            assertThat(name).matches("rampart-[0-9a-f]{10}");
            assertThat(exists(name)).isTrue();
            // only loopback, and it is up
            String links = ns.check("ip", "-o", "link").stdout();
            assertThat(links.lines()).hasSize(1);
            assertThat(links).contains("lo:").contains("UP");
            // its firewall is its own: a rule added inside is not seen on the host
            ns.check("iptables", "-N", "RAMPART_NETNS_IT");
            assertThat(ns.check("iptables-save").stdout()).contains(":RAMPART_NETNS_IT - [0:0]");
        }
        assertThat(exists(name)).isFalse();
        assertThat(new ProcessRunner().output("iptables-save")).doesNotContain("RAMPART_NETNS_IT");
    }

    @Test
    void namespaceIsDeletedWhenTheTestBodyFails() {
        String[] name = new String[1];
        assertThatThrownBy(() -> {
            try (Netns ns = Netns.create()) {
                name[0] = ns.name();
                ns.check("iptables", "-A", "NO_SUCH_CHAIN", "-j", "ACCEPT");
            }
        }).isInstanceOf(HostException.class)
                .hasMessageContaining("iptables -A NO_SUCH_CHAIN -j ACCEPT' failed with exit status")
                .hasMessageContaining("ip netns exec " + name[0]);
        assertThat(name[0]).isNotNull();
        assertThat(exists(name[0])).isFalse();
    }

    @Test
    void namesAreUnique() {
        try (Netns a = Netns.create(); Netns b = Netns.create()) {
            assertThat(a.name()).isNotEqualTo(b.name());
        }
    }
}
