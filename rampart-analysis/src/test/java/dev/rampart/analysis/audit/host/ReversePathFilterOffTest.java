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

class ReversePathFilterOffTest {
    private final ReversePathFilterOff check = new ReversePathFilterOff();

    @Test
    void deviceOffAndAllOffIsReportedByName() {
        List<Finding> f = run(check, facts(with("net.ipv4.conf.all.rp_filter=0", "net.ipv4.conf.eth0.rp_filter=0",
                "net.ipv4.conf.eth0/100.rp_filter=0")), V4);
        assertThat(f).hasSize(1);
        assertThat(f.get(0).message()).contains("off on eth0, eth0.100; net.ipv4.conf.all.rp_filter = 0");
        assertThat(f.get(0).location()).isEqualTo("net.ipv4.conf.all.rp_filter");
        assertThat(f.get(0).fix()).startsWith("sysctl -w net.ipv4.conf.all.rp_filter=1 net.ipv4.conf.default.rp_filter=1");
    }

    @Test
    void allOnCoversEveryDeviceBecauseTheKernelTakesTheMaximum() {
        assertThat(run(check, facts(with("net.ipv4.conf.eth0.rp_filter=0", "net.ipv4.conf.default.rp_filter=0")), V4))
                .isEmpty();
        // loose mode is on too
        assertThat(run(check, facts(with("net.ipv4.conf.all.rp_filter=0", "net.ipv4.conf.eth0.rp_filter=2")), V4))
                .isEmpty();
    }

    @Test
    void defaultOffMeansFutureDevicesAreUnprotected() {
        List<Finding> f = run(check, facts(with("net.ipv4.conf.all.rp_filter=0", "net.ipv4.conf.default.rp_filter=0")),
                V4);
        assertThat(f).hasSize(1);
        assertThat(f.get(0).message()).contains("for devices created from now on");
    }

    @Test
    void loopbackIsNotJudged() {
        assertThat(run(check, facts(with("net.ipv4.conf.lo.rp_filter=0")), V4)).isEmpty();
        assertThat(run(check, facts(hardened()), V4)).isEmpty();
    }
}
