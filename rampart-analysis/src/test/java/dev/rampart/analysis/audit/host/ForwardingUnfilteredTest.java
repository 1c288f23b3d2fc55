package dev.rampart.analysis.audit.host;

import static dev.rampart.analysis.audit.host.HostFixtures.V4;
import static dev.rampart.analysis.audit.host.HostFixtures.facts;
import static dev.rampart.analysis.audit.host.HostFixtures.hardened;
import static dev.rampart.analysis.audit.host.HostFixtures.run;
import static dev.rampart.analysis.audit.host.HostFixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardingUnfilteredTest {
    private final ForwardingUnfiltered check = new ForwardingUnfiltered();

    static final String OPEN = "*filter\n:INPUT DROP [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
            + "-A FORWARD -i eth1 -j ACCEPT\nCOMMIT\n";
    static final String FILTERED_IN_USER_CHAIN = "*filter\n:INPUT DROP [0:0]\n:FORWARD ACCEPT [0:0]\n"
            + ":OUTPUT ACCEPT [0:0]\n:fw - [0:0]\n-A FORWARD -j fw\n-A fw -s 192.0.2.0/24 -j DROP\nCOMMIT\n";

    @Test
    void forwardingOnWithOpenForwardIsHigh() {
        List<Finding> f = run(check, facts(with("net.ipv4.ip_forward=1")), OPEN);
        assertThat(f).hasSize(1);
        assertThat(f.get(0).severity()).isEqualTo(Severity.HIGH);
        assertThat(f.get(0).location()).isEqualTo("net.ipv4.ip_forward");
        assertThat(f.get(0).rules()).singleElement().satisfies(r -> assertThat(r.describe()).isEqualTo("filter FORWARD policy"));
        assertThat(f.get(0).fix()).contains("iptables -P FORWARD DROP").contains("sysctl -w net.ipv4.ip_forward=0");
    }

    @Test
    void ipv6UsesItsOwnSwitch() {
        String v6 = OPEN.replace("eth1", "eth1");
        List<Finding> f = run(check, facts(with("net.ipv6.conf.all.forwarding=1")), V4, v6);
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.location()).isEqualTo("net.ipv6.conf.all.forwarding");
            assertThat(x.fix()).contains("ip6tables -P FORWARD DROP");
        });
    }

    @Test
    void noFilterTableAtAllIsUnfiltered() {
        assertThat(run(check, facts(with("net.ipv4.ip_forward=1")), "*nat\n:PREROUTING ACCEPT [0:0]\nCOMMIT\n"))
                .singleElement().satisfies(x -> assertThat(x.message()).contains("does not exist"));
    }

    @Test
    void silentWhenForwardRefusesSomethingOrForwardingIsOff() {
        assertThat(run(check, facts(with("net.ipv4.ip_forward=1")), V4)).isEmpty();
        assertThat(run(check, facts(with("net.ipv4.ip_forward=1")), FILTERED_IN_USER_CHAIN)).isEmpty();
        assertThat(run(check, facts(hardened()), OPEN)).isEmpty();
    }
}
