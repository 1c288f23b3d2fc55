package dev.rampart.analysis.audit.host;

import static dev.rampart.analysis.audit.host.HostFixtures.V4;
import static dev.rampart.analysis.audit.host.HostFixtures.facts;
import static dev.rampart.analysis.audit.host.HostFixtures.run;
import static dev.rampart.analysis.audit.host.HostFixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterAdvertisementsAcceptedTest {
    private final RouterAdvertisementsAccepted check = new RouterAdvertisementsAccepted();

    private static Map<String, String> ra(String... more) {
        Map<String, String> m = with(more);
        for (String d : new String[] {"all", "default", "lo", "eth0"}) {
            m.putIfAbsent("net.ipv6.conf." + d + ".accept_ra", "0");
        }
        return m;
    }

    static final String OPEN_V6 = "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n";
    static final String DROPS_RA = "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n"
            + "-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 134 -j DROP\nCOMMIT\n";

    @Test
    void acceptedOnANonForwardingDeviceAndLetInByTheRuleset() {
        assertThat(run(check, facts(ra("net.ipv6.conf.eth0.accept_ra=1")), V4, OPEN_V6)).singleElement()
                .satisfies(f -> {
                    assertThat(f.message()).startsWith("IPv6 router advertisements are accepted on eth0 and the IPv6 "
                            + "ruleset lets them in");
                    assertThat(f.location()).isEqualTo("net.ipv6.conf.all.accept_ra");
                    assertThat(f.fix()).contains("net.ipv6.conf.eth0.accept_ra=0");
                });
        // an audit limited to IPv4 (--family 4) leaves IPv6 out
        assertThat(run(check, facts(ra("net.ipv6.conf.eth0.accept_ra=1")), V4)).isEmpty();
    }

    @Test
    void forwardingDeviceAcceptsOnlyWithTwo() {
        assertThat(run(check, facts(ra("net.ipv6.conf.eth0.accept_ra=1", "net.ipv6.conf.eth0.forwarding=1")), V4, OPEN_V6))
                .isEmpty();
        assertThat(run(check, facts(ra("net.ipv6.conf.eth0.accept_ra=2", "net.ipv6.conf.eth0.forwarding=1")), V4, OPEN_V6))
                .hasSize(1);
    }

    @Test
    void aRulesetThatDropsRouterAdvertisementsProtects() {
        assertThat(run(check, facts(ra("net.ipv6.conf.eth0.accept_ra=1", "net.ipv6.conf.default.accept_ra=1")), V4,
                DROPS_RA)).isEmpty();
    }

    @Test
    void offEverywhereIsFine() {
        assertThat(run(check, facts(ra()), V4, OPEN_V6)).isEmpty();
        assertThat(run(check, facts(ra("net.ipv6.conf.lo.accept_ra=1")), V4, OPEN_V6)).isEmpty();
    }
}
