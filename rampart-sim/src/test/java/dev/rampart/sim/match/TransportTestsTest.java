package dev.rampart.sim.match;

import static dev.rampart.sim.match.CompiledRule.icmp;
import static dev.rampart.sim.match.CompiledRule.ip;
import static dev.rampart.sim.match.CompiledRule.tcp;
import static dev.rampart.sim.match.CompiledRule.udp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.sim.engine.PacketState;
import dev.rampart.sim.packet.Packet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** tcp, udp, multiport, icmp, icmp6, sctp, dccp and tcpmss as xt_tcpudp.c and friends decide them. */
class TransportTestsTest {
    private static final String SRC = "203.0.113.5";
    private static final String DST = "198.51.100.10";

    @Test
    void tcpPortsRangesAndNegations() {
        CompiledRule ssh = CompiledRule.v4("-A INPUT -p tcp --dport 22 -j ACCEPT");
        assertThat(ssh.matches(tcp(SRC, 40000, DST, 22))).isTrue();
        assertThat(ssh.matches(tcp(SRC, 40000, DST, 23))).isFalse();

        CompiledRule range = CompiledRule.v4("-A INPUT -p tcp --sport 1024:65535 --dport 8000:8080 -j ACCEPT");
        assertThat(range.matches(tcp(SRC, 1024, DST, 8080))).isTrue();
        assertThat(range.matches(tcp(SRC, 1023, DST, 8000))).isFalse();
        assertThat(range.matches(tcp(SRC, 5000, DST, 8081))).isFalse();

        CompiledRule notRange = CompiledRule.v4("-A INPUT -p tcp ! --dport 1:1023 -j ACCEPT");
        assertThat(notRange.matches(tcp(SRC, 5, DST, 1023))).isFalse();
        assertThat(notRange.matches(tcp(SRC, 5, DST, 1024))).isTrue();
        assertThat(notRange.matches(tcp(SRC, 5, DST, 0))).isTrue();
    }

    @Test
    void tcpFlags() {
        CompiledRule syn = CompiledRule.v4("-A INPUT -p tcp --syn -j ACCEPT");
        assertThat(syn.matches(tcp(SRC, 1, DST, 22).tcpFlags(Packet.SYN))).isTrue();
        assertThat(syn.matches(tcp(SRC, 1, DST, 22).tcpFlags(Packet.SYN | Packet.ACK))).isFalse();
        assertThat(syn.matches(tcp(SRC, 1, DST, 22).tcpFlags(Packet.SYN | Packet.PSH))).isTrue();

        CompiledRule notSyn = CompiledRule.v4("-A INPUT -p tcp ! --syn -j DROP");
        assertThat(notSyn.matches(tcp(SRC, 1, DST, 22).tcpFlags(Packet.SYN))).isFalse();
        assertThat(notSyn.matches(tcp(SRC, 1, DST, 22).tcpFlags(Packet.ACK))).isTrue();
        assertThat(notSyn.matches(tcp(SRC, 1, DST, 22).tcpFlags(Packet.SYN | Packet.FIN))).isTrue();
        CompiledRule xmas = CompiledRule.v4("-A INPUT -p tcp --tcp-flags ALL FIN,PSH,URG -j DROP");
        assertThat(xmas.matches(tcp(SRC, 1, DST, 22).tcpFlags(Packet.FIN | Packet.PSH | Packet.URG))).isTrue();
        assertThat(xmas.matches(tcp(SRC, 1, DST, 22)
                .tcpFlags(Packet.FIN | Packet.PSH | Packet.URG | Packet.ACK))).isFalse();
        CompiledRule none = CompiledRule.v4("-A INPUT -p tcp --tcp-flags ALL NONE -j DROP");
        assertThat(none.matches(tcp(SRC, 1, DST, 22).tcpFlags(0))).isTrue();
        assertThat(none.matches(tcp(SRC, 1, DST, 22).tcpFlags(Packet.ACK))).isFalse();
        CompiledRule notSynFlags = CompiledRule.v4("-A INPUT -p tcp ! --tcp-flags SYN,RST SYN -j ACCEPT");
        assertThat(notSynFlags.matches(tcp(SRC, 1, DST, 22).tcpFlags(Packet.SYN))).isFalse();
        assertThat(notSynFlags.matches(tcp(SRC, 1, DST, 22).tcpFlags(Packet.SYN | Packet.RST))).isTrue();
    }

    @Test
    void tcpOption() {
        CompiledRule mss = CompiledRule.v4("-A INPUT -p tcp --tcp-option 2 -j ACCEPT");
        assertThat(mss.matches(tcp(SRC, 1, DST, 22).tcpOptions(List.of(1, 1, 2)).mss(1460))).isTrue();
        assertThat(mss.matches(tcp(SRC, 1, DST, 22).tcpOptions(List.of(4)))).isFalse();
        CompiledRule noTs = CompiledRule.v4("-A INPUT -p tcp ! --tcp-option 8 -j ACCEPT");
        assertThat(noTs.matches(tcp(SRC, 1, DST, 22).tcpOptions(List.of(8)))).isFalse();
        assertThat(noTs.matches(tcp(SRC, 1, DST, 22))).isTrue();
    }

    @Test
    void udpPorts() {
        CompiledRule dns = CompiledRule.v4("-A INPUT -p udp --sport 53 -j ACCEPT");
        assertThat(dns.matches(udp(SRC, 53, DST, 40000))).isTrue();
        assertThat(dns.matches(udp(SRC, 54, DST, 40000))).isFalse();
        assertThat(CompiledRule.v4("-A INPUT -p udp ! --dport 53").matches(udp(SRC, 5, DST, 53))).isFalse();
        assertThat(CompiledRule.v4("-A INPUT -p udp --dport 53").matches(ip(SRC, DST, 17).fragment(true)))
                .isFalse();
    }

    @Test
    void multiportListsRangesDirectionsAndNegation() {
        CompiledRule web = CompiledRule.v4("-A INPUT -p tcp -m multiport --dports 80,443,8000:8010 -j ACCEPT");
        assertThat(web.matches(tcp(SRC, 1, DST, 443))).isTrue();
        assertThat(web.matches(tcp(SRC, 1, DST, 8005))).isTrue();
        assertThat(web.matches(tcp(SRC, 1, DST, 8011))).isFalse();
        assertThat(web.matches(tcp(SRC, 443, DST, 1))).isFalse();

        CompiledRule src = CompiledRule.v4("-A INPUT -p udp -m multiport --sports 53,123 -j ACCEPT");
        assertThat(src.matches(udp(SRC, 123, DST, 5))).isTrue();
        assertThat(src.matches(udp(SRC, 5, DST, 123))).isFalse();

        CompiledRule either = CompiledRule.v4("-A INPUT -p tcp -m multiport --ports 25 -j ACCEPT");
        assertThat(either.matches(tcp(SRC, 25, DST, 5))).isTrue();
        assertThat(either.matches(tcp(SRC, 5, DST, 25))).isTrue();
        assertThat(either.matches(tcp(SRC, 5, DST, 6))).isFalse();

        CompiledRule not = CompiledRule.v4("-A INPUT -p tcp -m multiport ! --dports 22,80 -j DROP");
        assertThat(not.matches(tcp(SRC, 1, DST, 80))).isFalse();
        assertThat(not.matches(tcp(SRC, 1, DST, 81))).isTrue();
        assertThat(not.matches(ip(SRC, DST, 6).fragment(true))).isFalse();
    }

    @Test
    void icmpTypesCodesAndAny() {
        CompiledRule ping = CompiledRule.v4("-A INPUT -p icmp --icmp-type echo-request -j ACCEPT");
        assertThat(ping.matches(icmp(SRC, DST, 8, 0))).isTrue();
        assertThat(ping.matches(icmp(SRC, DST, 0, 0))).isFalse();

        CompiledRule portUnreach = CompiledRule.v4("-A INPUT -p icmp --icmp-type 3/3 -j ACCEPT");
        assertThat(portUnreach.matches(icmp(SRC, DST, 3, 3))).isTrue();
        assertThat(portUnreach.matches(icmp(SRC, DST, 3, 1))).isFalse();

        CompiledRule any = CompiledRule.v4("-A INPUT -p icmp --icmp-type any -j ACCEPT");
        assertThat(any.matches(icmp(SRC, DST, 42, 7))).isTrue();
        CompiledRule notAny = CompiledRule.v4("-A INPUT -p icmp ! --icmp-type any -j ACCEPT");
        assertThat(notAny.matches(icmp(SRC, DST, 42, 7))).isFalse();

        CompiledRule notPing = CompiledRule.v4("-A INPUT -p icmp ! --icmp-type 8 -j ACCEPT");
        assertThat(notPing.matches(icmp(SRC, DST, 8, 0))).isFalse();
        assertThat(notPing.matches(icmp(SRC, DST, 0, 0))).isTrue();
        assertThat(notPing.matches(ip(SRC, DST, 1).fragment(true))).isFalse();
    }

    @Test
    void icmp6HasNoAnyType() {
        CompiledRule ns = CompiledRule.v6("-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type neighbour-solicitation -j ACCEPT");
        assertThat(ns.matches(icmp("2001:db8::1", "2001:db8::2", 135, 0))).isTrue();
        assertThat(ns.matches(icmp("2001:db8::1", "2001:db8::2", 136, 0))).isFalse();
        CompiledRule t255 = CompiledRule.v6("-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 255 -j ACCEPT");
        assertThat(t255.matches(icmp("2001:db8::1", "2001:db8::2", 128, 0))).isFalse();
        assertThat(t255.matches(icmp("2001:db8::1", "2001:db8::2", 255, 3))).isTrue();
    }

    @Test
    void sctpPortsExactChunksApproximated() {
        var sctp = Packet.builder(dev.rampart.model.net.IpAddress.parse(SRC),
                dev.rampart.model.net.IpAddress.parse(DST), 132).sport(5000).dport(3868).in("eth0");
        assertThat(CompiledRule.v4("-A INPUT -p sctp --dport 3868 -j ACCEPT").matches(sctp)).isTrue();
        assertThat(CompiledRule.v4("-A INPUT -p sctp ! --dport 3868 -j ACCEPT").matches(sctp)).isFalse();
        TestEnv env = new TestEnv();
        CompiledRule chunks = CompiledRule.v4("-A INPUT -p sctp --chunk-types any INIT -j ACCEPT");
        assertThat(chunks.matches(new PacketState(sctp.build()), env)).isTrue();
        assertThat(env.approximations).anyMatch(s -> s.startsWith("sctp --chunk-types"));
    }

    @Test
    void tcpmssOnlyWithMssOption() {
        CompiledRule small = CompiledRule.v4("-A INPUT -p tcp -m tcpmss --mss 1:500 -j DROP");
        assertThat(small.matches(tcp(SRC, 1, DST, 22).tcpFlags(Packet.SYN).tcpOptions(List.of(2)).mss(400)))
                .isTrue();
        assertThat(small.matches(tcp(SRC, 1, DST, 22).tcpFlags(Packet.SYN).tcpOptions(List.of(2)).mss(1460)))
                .isFalse();
        assertThat(small.matches(tcp(SRC, 1, DST, 22).tcpFlags(Packet.SYN))).isFalse();
        CompiledRule notSmall = CompiledRule.v4("-A INPUT -p tcp -m tcpmss ! --mss 1:500 -j DROP");
        assertThat(notSmall.matches(tcp(SRC, 1, DST, 22).tcpFlags(Packet.SYN))).isTrue();
    }
}
