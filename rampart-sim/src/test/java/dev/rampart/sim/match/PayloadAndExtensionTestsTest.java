package dev.rampart.sim.match;

import static dev.rampart.sim.match.CompiledRule.ip;
import static dev.rampart.sim.match.CompiledRule.tcp;
import static dev.rampart.sim.match.CompiledRule.udp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.Family;
import dev.rampart.model.TableName;
import dev.rampart.sim.engine.Hook;
import dev.rampart.sim.engine.PacketState;
import dev.rampart.sim.packet.Packet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** string, u32, bpf over rebuilt packet bytes; IPv6 extension header matches; owner. */
class PayloadAndExtensionTestsTest {
    private static final String SRC = "203.0.113.5";
    private static final String DST = "198.51.100.10";

    @Test
    void stringFindsPayloadWithinFromTo() {
        CompiledRule get = CompiledRule.v4("-A INPUT -p tcp -m string --string \"GET /admin\" --algo bm -j DROP");
        assertThat(get.matches(tcp(SRC, 1, DST, 80).payload("GET /admin HTTP/1.1\r\n"))).isTrue();
        assertThat(get.matches(tcp(SRC, 1, DST, 80).payload("GET /index HTTP/1.1\r\n"))).isFalse();
        // the payload starts at byte 40 (20 IP + 20 TCP); --to 45 cuts the pattern off
        CompiledRule early = CompiledRule.v4("-A INPUT -p tcp -m string --string \"GET /admin\" --algo kmp --to 45");
        assertThat(early.matches(tcp(SRC, 1, DST, 80).payload("GET /admin"))).isFalse();
        CompiledRule icase = CompiledRule.v4("-A INPUT -m string --string \"bittorrent\" --algo bm --icase -j DROP");
        assertThat(icase.matches(udp(SRC, 1, DST, 6881).payload("\u0013BitTorrent protocol"))).isTrue();
        CompiledRule not = CompiledRule.v4("-A INPUT -m string ! --string \"x\" --algo bm -j DROP");
        assertThat(not.matches(udp(SRC, 1, DST, 2).payload("yyy"))).isTrue();
        assertThat(not.matches(udp(SRC, 1, DST, 2).payload("yxy"))).isFalse();
    }

    @Test
    void kernelToupperFoldsLatin1() {
        assertThat(PayloadTests.toUpper('a')).isEqualTo('A');
        assertThat(PayloadTests.toUpper(0xE9)).isEqualTo(0xC9);
        assertThat(PayloadTests.toUpper(0xF7)).isEqualTo(0xF7);
        assertThat(PayloadTests.toUpper('1')).isEqualTo('1');
    }

    @Test
    void u32ReadsHeadersAndFollowsOffsets() {
        // IPv4 protocol byte is TCP
        assertThat(CompiledRule.v4("-A INPUT -m u32 --u32 \"6&0xFF=6\"").matches(tcp(SRC, 1, DST, 22))).isTrue();
        assertThat(CompiledRule.v4("-A INPUT -m u32 --u32 \"6&0xFF=17\"").matches(tcp(SRC, 1, DST, 22))).isFalse();
        // destination port via the IHL: 0>>22&0x3C@0&0xFFFF = 22
        CompiledRule dport = CompiledRule.v4("-A INPUT -m u32 --u32 \"0>>22&0x3C@0&0xFFFF=22\"");
        assertThat(dport.matches(tcp(SRC, 1, DST, 22))).isTrue();
        assertThat(dport.matches(tcp(SRC, 1, DST, 23))).isFalse();
        // first payload byte of TCP: skip IP and TCP headers with two @ steps
        CompiledRule payload = CompiledRule.v4("-A INPUT -m u32 --u32 \"0>>22&0x3C@12>>26&0x3C@0>>24=0x47\"");
        assertThat(payload.matches(tcp(SRC, 1, DST, 80).payload("GET /"))).isTrue();
        assertThat(payload.matches(tcp(SRC, 1, DST, 80).payload("POST /"))).isFalse();
        // reading past the end makes the tests fail; u32_mt then XORs with ! as for any other failure
        assertThat(CompiledRule.v4("-A INPUT -m u32 --u32 \"100=0\"").matches(tcp(SRC, 1, DST, 80))).isFalse();
        assertThat(CompiledRule.v4("-A INPUT -m u32 ! --u32 \"100=0\"").matches(tcp(SRC, 1, DST, 80))).isTrue();
        // the IP id is not in the packet: reported as approximate
        TestEnv env = new TestEnv();
        CompiledRule id = CompiledRule.v4("-A INPUT -m u32 --u32 \"4>>16=0\"");
        assertThat(id.matches(new PacketState(tcp(SRC, 1, DST, 80).build()), env)).isTrue();
        assertThat(env.approximations).hasSize(1);
    }

    @Test
    void classicBpfProgram() {
        // ldb [9]; jeq #6 jt 0 jf 1; ret #1; ret #0  -> IPv4 protocol is TCP
        CompiledRule isTcp = CompiledRule.v4("-A INPUT -m bpf --bytecode \"4,48 0 0 9,21 0 1 6,6 0 0 1,6 0 0 0\"");
        assertThat(isTcp.matches(tcp(SRC, 1, DST, 22))).isTrue();
        assertThat(isTcp.matches(udp(SRC, 1, DST, 22))).isFalse();
    }

    @Test
    void ipv6headerExactAndSoft() {
        var hbhTcp = tcp("2001:db8::1", 1, "2001:db8::2", 22).extensionHeaders(List.of(0));
        CompiledRule exact = CompiledRule.v6("-A INPUT -m ipv6header --header hop-by-hop,protocol -j ACCEPT");
        assertThat(exact.matches(hbhTcp)).isTrue();
        assertThat(exact.matches(tcp("2001:db8::1", 1, "2001:db8::2", 22))).isFalse();
        CompiledRule soft = CompiledRule.v6("-A INPUT -m ipv6header --header hop-by-hop --soft -j DROP");
        assertThat(soft.matches(hbhTcp)).isTrue();
        assertThat(soft.matches(tcp("2001:db8::1", 1, "2001:db8::2", 22))).isFalse();
        CompiledRule notSoft = CompiledRule.v6("-A INPUT -m ipv6header ! --header hop-by-hop --soft -j DROP");
        assertThat(notSoft.matches(hbhTcp)).isFalse();
        assertThat(notSoft.matches(tcp("2001:db8::1", 1, "2001:db8::2", 22))).isTrue();
        CompiledRule rh = CompiledRule.v6("-A INPUT -m ipv6header --header ipv6-route --soft -j DROP");
        var espAfterRouting = ip("2001:db8::1", "2001:db8::2", 6).extensionHeaders(List.of(50, 43));
        assertThat(rh.matches(espAfterRouting)).isFalse();
    }

    @Test
    void fragAndExtensionHeaderPresence() {
        CompiledRule frag = CompiledRule.v6("-A INPUT -m frag --fragfirst -j ACCEPT");
        var first = udp("2001:db8::1", 1, "2001:db8::2", 53).extensionHeaders(List.of(44));
        var later = ip("2001:db8::1", "2001:db8::2", 17).extensionHeaders(List.of(44)).fragment(true);
        assertThat(frag.matches(first)).isTrue();
        assertThat(frag.matches(later)).isFalse();
        assertThat(frag.matches(udp("2001:db8::1", 1, "2001:db8::2", 53))).isFalse();
        CompiledRule rt = CompiledRule.v6("-A INPUT -m rt -j DROP");
        assertThat(rt.matches(tcp("2001:db8::1", 1, "2001:db8::2", 22).extensionHeaders(List.of(43)))).isTrue();
        assertThat(rt.matches(tcp("2001:db8::1", 1, "2001:db8::2", 22))).isFalse();
        TestEnv env = new TestEnv();
        CompiledRule rt0 = CompiledRule.v6("-A INPUT -m rt --rt-type 0 -j DROP");
        assertThat(rt0.matches(new PacketState(tcp("2001:db8::1", 1, "2001:db8::2", 22)
                .extensionHeaders(List.of(43)).build()), env)).isTrue();
        assertThat(env.approximations).hasSize(1);
    }

    @Test
    void espWithDefaultRangeIsExact() {
        TestEnv env = new TestEnv();
        CompiledRule esp = CompiledRule.v4("-A INPUT -p esp -m esp --espspi 0:4294967295 -j ACCEPT");
        assertThat(esp.matches(new PacketState(ip(SRC, DST, 50).build()), env)).isTrue();
        assertThat(env.approximations).isEmpty();
        CompiledRule one = CompiledRule.v4("-A INPUT -p esp -m esp --espspi 500 -j ACCEPT");
        assertThat(one.matches(new PacketState(ip(SRC, DST, 50).build()), env)).isTrue();
        assertThat(env.approximations).hasSize(1);
    }

    @Test
    void eui64ComparesInterfaceIdWithMac() {
        CompiledRule r = CompiledRule.v6("-A INPUT -m eui64 -j ACCEPT");
        var p = tcp("2001:db8::211:22ff:fe33:4455", 1, "2001:db8::2", 22).srcMac(0x001122334455L);
        assertThat(r.matches(p)).isTrue();
        assertThat(r.matches(p.srcMac(0x001122334456L))).isFalse();
    }

    @Test
    void ownerUidGidAndNoSocket() {
        TestEnv env = new TestEnv().at(Hook.OUTPUT);
        CompiledRule root = CompiledRule.of(Family.IPV4, TableName.FILTER, "-A OUTPUT -m owner --uid-owner 0 -j ACCEPT");
        CompiledRule notRoot = CompiledRule.of(Family.IPV4, TableName.FILTER,
                "-A OUTPUT -m owner ! --uid-owner 0 -j ACCEPT");
        Packet.Builder local = tcp(DST, 1, SRC, 22).in(null).out("eth0");
        assertThat(root.matches(new PacketState(local.uid(0).gid(0).build()), env)).isTrue();
        assertThat(root.matches(new PacketState(local.uid(1000).gid(1000).build()), env)).isFalse();
        assertThat(notRoot.matches(new PacketState(local.uid(1000).gid(1000).build()), env)).isTrue();
        // forwarded packets have no socket: only fully inverted tests match
        PacketState fwd = new PacketState(tcp(SRC, 1, DST, 22).out("eth1").build());
        assertThat(root.matches(fwd, env)).isFalse();
        assertThat(notRoot.matches(fwd, env)).isTrue();
        assertThat(env.approximations).isEmpty();
        CompiledRule www = CompiledRule.of(Family.IPV4, TableName.FILTER,
                "-A OUTPUT -m owner --gid-owner 33 -j ACCEPT");
        assertThat(www.matches(new PacketState(local.uid(33).gid(33).build()), env)).isTrue();
    }
}
