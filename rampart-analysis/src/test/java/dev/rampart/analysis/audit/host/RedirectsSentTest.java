package dev.rampart.analysis.audit.host;

import static dev.rampart.analysis.audit.host.HostFixtures.V4;
import static dev.rampart.analysis.audit.host.HostFixtures.facts;
import static dev.rampart.analysis.audit.host.HostFixtures.run;
import static dev.rampart.analysis.audit.host.HostFixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.analysis.audit.Severity;
import org.junit.jupiter.api.Test;

class RedirectsSentTest {
    private final RedirectsSent check = new RedirectsSent();

    @Test
    void forwardingHostSendingRedirects() {
        assertThat(run(check, facts(with("net.ipv4.ip_forward=1", "net.ipv4.conf.eth0.forwarding=1",
                "net.ipv4.conf.all.send_redirects=1")), V4)).singleElement().satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(Severity.LOW);
                    assertThat(f.message()).contains("sent on eth0");
                    assertThat(f.fix()).contains("net.ipv4.conf.eth0.send_redirects=0");
                });
    }

    @Test
    void silentWhenNotForwardingOrNotSending() {
        assertThat(run(check, facts(with("net.ipv4.conf.all.send_redirects=1")), V4)).isEmpty();
        assertThat(run(check, facts(with("net.ipv4.ip_forward=1", "net.ipv4.conf.eth0.forwarding=1")), V4)).isEmpty();
    }
}
