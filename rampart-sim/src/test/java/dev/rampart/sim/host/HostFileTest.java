package dev.rampart.sim.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.model.Family;
import dev.rampart.model.net.IpAddress;
import dev.rampart.sim.engine.HostModel;
import org.junit.jupiter.api.Test;

/** Both host description forms: Rampart's JSON and the output of {@code ip -j address show}. */
class HostFileTest {

    @Test
    void rampartFormGivesAddressesRoutesAndBroadcasts() {
        HostModel h = HostFile.parse("{\"interfaces\":[{\"name\":\"eth0\",\"addresses\":[\"198.51.100.10/24\","
                + "\"2001:db8::10/64\"]},{\"name\":\"eth1\",\"addresses\":[\"198.18.1.1/24\"]}],"
                + "\"routes\":[{\"to\":\"default\",\"dev\":\"eth0\"},{\"to\":\"203.0.113.0/24\",\"dev\":\"eth1\"}]}");
        assertThat(h.isLocal(IpAddress.parse("198.51.100.10"))).isTrue();
        assertThat(h.isLocal(IpAddress.parse("198.51.100.11"))).isFalse();
        assertThat(h.isLocal(IpAddress.parse("127.0.0.53"))).as("loopback is always local").isTrue();
        assertThat(h.isBroadcast(IpAddress.parse("198.51.100.255"))).isTrue();
        assertThat(h.isBroadcast(IpAddress.parse("198.51.100.254"))).isFalse();
        assertThat(h.primaryAddress("eth0", Family.IPV6)).contains(IpAddress.parse("2001:db8::10"));
        assertThat(h.routeInterface(IpAddress.parse("198.18.1.7"))).as("connected network").contains("eth1");
        assertThat(h.routeInterface(IpAddress.parse("203.0.113.9"))).as("longest prefix").contains("eth1");
        assertThat(h.routeInterface(IpAddress.parse("192.0.2.1"))).as("default route").contains("eth0");
    }

    @Test
    void ipJsonAddressOutputIsAccepted() {
        HostModel h = HostFile.parse("[{\"ifindex\":1,\"ifname\":\"lo\",\"addr_info\":[{\"family\":\"inet\","
                + "\"local\":\"127.0.0.1\",\"prefixlen\":8},{\"family\":\"inet6\",\"local\":\"::1\",\"prefixlen\":128}]},"
                + "{\"ifindex\":2,\"ifname\":\"eth0\",\"addr_info\":[{\"family\":\"inet\",\"local\":\"198.18.0.1\","
                + "\"prefixlen\":24,\"broadcast\":\"198.18.0.255\"}]}]");
        assertThat(h.interfaces()).extracting(HostModel.Interface::name).containsExactly("lo", "eth0");
        assertThat(h.isLocal(IpAddress.parse("198.18.0.1"))).isTrue();
        assertThat(h.primaryAddress("eth0", Family.IPV4)).contains(IpAddress.parse("198.18.0.1"));
        assertThat(h.routeInterface(IpAddress.parse("198.18.0.77"))).contains("eth0");
        assertThat(h.routeInterface(IpAddress.parse("192.0.2.1"))).as("ip -j addr carries no routes").isEmpty();
    }

    @Test
    void errorsNameWhatIsWrong() {
        assertThatThrownBy(() -> HostFile.parse("{\"interfaces\":[{\"addresses\":[]}]}"))
                .hasMessageContaining("needs a \"name\"");
        assertThatThrownBy(() -> HostFile.parse("{\"routes\":[{\"to\":\"10.0.0.0/8\"}]}"))
                .hasMessageContaining("needs \"dev\"");
        assertThatThrownBy(() -> HostFile.parse("{\"interfaces\":["))
                .hasMessageContaining("invalid JSON");
    }
}
