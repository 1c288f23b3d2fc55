package dev.rampart.sim.match;

import static dev.rampart.sim.match.CompiledRule.icmp;
import static dev.rampart.sim.match.CompiledRule.ip;
import static dev.rampart.sim.match.CompiledRule.tcp;
import static dev.rampart.sim.match.CompiledRule.udp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.Family;
import dev.rampart.model.TableName;
import dev.rampart.sim.engine.Hook;
import dev.rampart.sim.engine.PacketState;
import dev.rampart.sim.engine.PacketTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rule header ({@code -s -d -i -o -p -f}) as ip_packet_match / ip6_packet_match decide it. */
class HeaderTestTest {

    @Test
    void sourceAndDestinationPrefixesWithNegation() {
        CompiledRule r = CompiledRule.v4("-A INPUT -s 203.0.113.0/24 -d 198.51.100.10/32 -j ACCEPT");
        assertThat(r.matches(tcp("203.0.113.5", 40000, "198.51.100.10", 22))).isTrue();
        assertThat(r.matches(tcp("203.0.114.5", 40000, "198.51.100.10", 22))).isFalse();
        assertThat(r.matches(tcp("203.0.113.5", 40000, "198.51.100.11", 22))).isFalse();

        CompiledRule not = CompiledRule.v4("-A INPUT ! -s 203.0.113.0/24 -j DROP");
        assertThat(not.matches(tcp("203.0.113.200", 1, "198.51.100.10", 22))).isFalse();
        assertThat(not.matches(tcp("192.0.2.1", 1, "198.51.100.10", 22))).isTrue();
    }

    @Test
    void nonContiguousMaskComparesOnlyMaskedBits() {
        CompiledRule r = CompiledRule.v4("-A INPUT -s 10.0.12.0/255.0.255.0 -j ACCEPT");
        assertThat(r.matches(tcp("10.77.12.9", 1, "198.51.100.10", 22))).isTrue();
        assertThat(r.matches(tcp("10.77.13.9", 1, "198.51.100.10", 22))).isFalse();
    }

    @Test
    void ipv6Prefixes() {
        CompiledRule r = CompiledRule.v6("-A INPUT -s 2001:db8:1::/48 -j ACCEPT");
        assertThat(r.matches(tcp("2001:db8:1:ffff::1", 1, "2001:db8:2::1", 22))).isTrue();
        assertThat(r.matches(tcp("2001:db8:2::1", 1, "2001:db8:2::1", 22))).isFalse();
    }

    @Test
    void interfacesExactWildcardAndNegated() {
        CompiledRule exact = CompiledRule.v4("-A INPUT -i eth0 -j ACCEPT");
        assertThat(exact.matches(tcp("192.0.2.1", 1, "198.51.100.10", 22).in("eth0"))).isTrue();
        assertThat(exact.matches(tcp("192.0.2.1", 1, "198.51.100.10", 22).in("eth01"))).isFalse();

        CompiledRule wild = CompiledRule.v4("-A INPUT -i eth+ -j ACCEPT");
        assertThat(wild.matches(tcp("192.0.2.1", 1, "198.51.100.10", 22).in("eth7"))).isTrue();
        assertThat(wild.matches(tcp("192.0.2.1", 1, "198.51.100.10", 22).in("wlan0"))).isFalse();

        CompiledRule notLo = CompiledRule.v4("-A INPUT ! -i lo -j DROP");
        assertThat(notLo.matches(tcp("192.0.2.1", 1, "198.51.100.10", 22).in("lo"))).isFalse();
        assertThat(notLo.matches(tcp("192.0.2.1", 1, "198.51.100.10", 22).in("eth0"))).isTrue();
    }

    @Test
    void missingDeviceComparesAsEmptyName() {
        // In PREROUTING there is no output device yet: -o eth0 never matches, ! -o eth0 always does.
        CompiledRule out = CompiledRule.of(Family.IPV4, TableName.MANGLE, "-A PREROUTING -o eth0 -j ACCEPT");
        CompiledRule notOut = CompiledRule.of(Family.IPV4, TableName.MANGLE, "-A PREROUTING ! -o eth0 -j ACCEPT");
        TestEnv env = new TestEnv().at(Hook.PREROUTING);
        PacketState p = CompiledRule.state(tcp("192.0.2.1", 1, "198.51.100.10", 22), Hook.PREROUTING);
        assertThat(out.matches(p, env)).isFalse();
        assertThat(notOut.matches(p, env)).isTrue();

        // -i + matches every packet, even a locally generated one without an input device.
        CompiledRule any = CompiledRule.v4("-A OUTPUT -i + -j ACCEPT");
        PacketState local = CompiledRule.state(tcp("198.51.100.10", 1, "192.0.2.1", 22).in(null).out("eth0"),
                Hook.OUTPUT);
        assertThat(any.matches(local, new TestEnv().at(Hook.OUTPUT))).isTrue();
    }

    @Test
    void protocolByNumberNameAllAndNegation() {
        assertThat(CompiledRule.v4("-A INPUT -p tcp").matches(tcp("192.0.2.1", 1, "198.51.100.10", 22))).isTrue();
        assertThat(CompiledRule.v4("-A INPUT -p tcp").matches(udp("192.0.2.1", 1, "198.51.100.10", 53))).isFalse();
        assertThat(CompiledRule.v4("-A INPUT -p 47").matches(ip("192.0.2.1", "198.51.100.10", 47))).isTrue();
        assertThat(CompiledRule.v4("-A INPUT -p all").matches(ip("192.0.2.1", "198.51.100.10", 47))).isTrue();
        assertThat(CompiledRule.v4("-A INPUT ! -p icmp").matches(icmp("192.0.2.1", "198.51.100.10", 8, 0)))
                .isFalse();
        assertThat(CompiledRule.v4("-A INPUT ! -p icmp").matches(udp("192.0.2.1", 1, "198.51.100.10", 53)))
                .isTrue();
    }

    @Test
    void fragmentFlagIpv4() {
        CompiledRule frag = CompiledRule.v4("-A INPUT -f -j DROP");
        CompiledRule notFrag = CompiledRule.v4("-A INPUT ! -f -j ACCEPT");
        var later = ip("192.0.2.1", "198.51.100.10", 6).fragment(true);
        var whole = tcp("192.0.2.1", 1, "198.51.100.10", 22);
        assertThat(frag.matches(later)).isTrue();
        assertThat(frag.matches(whole)).isFalse();
        assertThat(notFrag.matches(later)).isFalse();
        assertThat(notFrag.matches(whole)).isTrue();
    }

    @Test
    void tcpPortRuleOnLaterFragment() {
        // -p tcp matches the fragment's IP protocol field, but the tcp match sees no header: no match,
        // even when the port test is inverted.
        var later = ip("192.0.2.1", "198.51.100.10", 6).fragment(true);
        assertThat(CompiledRule.v4("-A INPUT -p tcp -j ACCEPT").matches(later)).isTrue();
        assertThat(CompiledRule.v4("-A INPUT -p tcp --dport 22 -j ACCEPT").matches(later)).isFalse();
        assertThat(CompiledRule.v4("-A INPUT -p tcp ! --dport 22 -j ACCEPT").matches(later)).isFalse();
    }

    @Test
    void ipv6ProtocolSkipsExtensionHeadersButStopsAtEsp() {
        var withHbh = tcp("2001:db8::1", 1, "2001:db8::2", 22).extensionHeaders(List.of(0, 60));
        assertThat(CompiledRule.v6("-A INPUT -p tcp").matches(withHbh)).isTrue();
        var esp = ip("2001:db8::1", "2001:db8::2", 6).extensionHeaders(List.of(0, 50));
        assertThat(CompiledRule.v6("-A INPUT -p esp").matches(esp)).isTrue();
        assertThat(CompiledRule.v6("-A INPUT -p tcp").matches(esp)).isFalse();
        // AH is skipped like any extension header, so -p ah never matches in ip6tables.
        var ah = tcp("2001:db8::1", 1, "2001:db8::2", 22).extensionHeaders(List.of(51));
        assertThat(CompiledRule.v6("-A INPUT -p ah").matches(ah)).isFalse();
        assertThat(CompiledRule.v6("-A INPUT -p tcp").matches(ah)).isTrue();
    }

    @Test
    void emptyHeaderIsTheSharedAlwaysTest() {
        CompiledRule r = CompiledRule.v4("-A INPUT -j ACCEPT");
        assertThat(MatchCompiler.header(r.rule().header(),
                new CompileContext(Family.IPV4, TableName.FILTER, "INPUT"))).isSameAs(PacketTest.ALWAYS);
    }
}
