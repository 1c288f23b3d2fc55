package dev.rampart.analysis.audit.host;

import static dev.rampart.analysis.audit.host.HostFixtures.V4;
import static dev.rampart.analysis.audit.host.HostFixtures.facts;
import static dev.rampart.analysis.audit.host.HostFixtures.hardened;
import static dev.rampart.analysis.audit.host.HostFixtures.run;
import static dev.rampart.analysis.audit.host.HostFixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.analysis.audit.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedirectsAcceptedTest {
    static final String V6 = RouterAdvertisementsAcceptedTest.OPEN_V6;
    private final RedirectsAccepted check = new RedirectsAccepted();

    @Test
    void nonForwardingDeviceAcceptsWhenEitherAllOrItselfSaysSo() {
        List<Finding> f = run(check, facts(with("net.ipv4.conf.all.accept_redirects=1")), V4);
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.message()).startsWith("IPv4 ICMP redirects are accepted on eth0");
            assertThat(x.location()).isEqualTo("net.ipv4.conf.all.accept_redirects");
            assertThat(x.fix()).contains("net.ipv4.conf.eth0.accept_redirects=0");
        });
        assertThat(run(check, facts(with("net.ipv4.conf.eth0.accept_redirects=1")), V4)).hasSize(1);
    }

    @Test
    void forwardingDeviceNeedsBoth() {
        assertThat(run(check, facts(with("net.ipv4.conf.eth0.forwarding=1", "net.ipv4.conf.eth0.accept_redirects=1")),
                V4)).isEmpty();
        assertThat(run(check, facts(with("net.ipv4.conf.eth0.forwarding=1", "net.ipv4.conf.eth0.accept_redirects=1",
                "net.ipv4.conf.all.accept_redirects=1")), V4)).hasSize(1);
    }

    @Test
    void ipv6IsPerDeviceAndIgnoredWhenForwarding() {
        List<Finding> f = run(check, facts(with("net.ipv6.conf.eth0.accept_redirects=1")), V4, V6);
        assertThat(f).singleElement().satisfies(x -> assertThat(x.message()).startsWith("IPv6 ICMP redirects are accepted on eth0"));
        assertThat(run(check, facts(with("net.ipv6.conf.eth0.accept_redirects=1", "net.ipv6.conf.eth0.forwarding=1")),
                V4, V6)).isEmpty();
        // 'all' alone does not make a device accept in IPv6
        assertThat(run(check, facts(with("net.ipv6.conf.all.accept_redirects=1")), V4, V6)).isEmpty();
        // an audit limited to IPv4 (--family 4) leaves IPv6 out
        assertThat(run(check, facts(with("net.ipv6.conf.eth0.accept_redirects=1")), V4)).isEmpty();
    }

    @Test
    void defaultStandsForFutureDevices() {
        assertThat(run(check, facts(with("net.ipv4.conf.default.accept_redirects=1")), V4)).singleElement()
                .satisfies(x -> assertThat(x.message()).contains("on devices created from now on"));
        assertThat(run(check, facts(hardened()), V4)).isEmpty();
        assertThat(run(check, facts(with("net.ipv4.conf.lo.accept_redirects=1")), V4)).isEmpty();
    }
}
