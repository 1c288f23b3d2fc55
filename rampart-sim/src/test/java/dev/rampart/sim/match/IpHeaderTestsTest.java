package dev.rampart.sim.match;

import static dev.rampart.sim.match.CompiledRule.tcp;
import static dev.rampart.sim.match.CompiledRule.udp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.sim.engine.Hook;
import dev.rampart.sim.engine.PacketState;
import dev.rampart.sim.packet.Packet;
import org.junit.jupiter.api.Test;

/** length, ttl, hl, tos, dscp, ecn, mark, pkttype, mac, physdev, and the addresses: iprange, addrtype, rpfilter. */
class IpHeaderTestsTest {
    private static final String SRC = "203.0.113.5";
    private static final String DST = "198.51.100.10";

    @Test
    void lengthRangeAndNegation() {
        CompiledRule small = CompiledRule.v4("-A INPUT -m length --length 0:64 -j ACCEPT");
        assertThat(small.matches(tcp(SRC, 1, DST, 22).length(64))).isTrue();
        assertThat(small.matches(tcp(SRC, 1, DST, 22).length(65))).isFalse();
        assertThat(CompiledRule.v4("-A INPUT -m length ! --length 0:64").matches(tcp(SRC, 1, DST, 22).length(1500)))
                .isTrue();
    }

    @Test
    void ttlAndHopLimitUseTheCurrentValue() {
        CompiledRule lt = CompiledRule.v4("-A INPUT -m ttl --ttl-lt 5 -j DROP");
        assertThat(lt.matches(tcp(SRC, 1, DST, 22).ttl(4))).isTrue();
        assertThat(lt.matches(tcp(SRC, 1, DST, 22).ttl(5))).isFalse();
        PacketState p = new PacketState(tcp(SRC, 1, DST, 22).ttl(64).build());
        p.setTtl(3);
        assertThat(lt.matches(p, new TestEnv())).isTrue();
        assertThat(CompiledRule.v4("-A INPUT -m ttl ! --ttl-eq 64").matches(tcp(SRC, 1, DST, 22).ttl(64))).isFalse();
        assertThat(CompiledRule.v4("-A INPUT -m ttl --ttl-gt 64").matches(tcp(SRC, 1, DST, 22).ttl(65))).isTrue();
        CompiledRule hl = CompiledRule.v6("-A INPUT -p ipv6-icmp -m hl --hl-eq 255 -j ACCEPT");
        assertThat(hl.matches(CompiledRule.icmp("fe80::1", "fe80::2", 135, 0).ttl(255))).isTrue();
        assertThat(hl.matches(CompiledRule.icmp("fe80::1", "fe80::2", 135, 0).ttl(254))).isFalse();
    }

    @Test
    void tosDscpAndEcn() {
        assertThat(CompiledRule.v4("-A INPUT -m tos --tos Minimize-Delay").matches(tcp(SRC, 1, DST, 22).tos(0x10)))
                .isTrue();
        assertThat(CompiledRule.v4("-A INPUT -m tos --tos 0x10/0x3f").matches(tcp(SRC, 1, DST, 22).tos(0x12)))
                .isFalse();
        assertThat(CompiledRule.v4("-A INPUT -m dscp --dscp-class EF").matches(tcp(SRC, 1, DST, 22).tos(0xB8)))
                .isTrue();
        assertThat(CompiledRule.v4("-A INPUT -m dscp ! --dscp 46").matches(tcp(SRC, 1, DST, 22).tos(0xB8)))
                .isFalse();
        CompiledRule ce = CompiledRule.v4("-A INPUT -m ecn --ecn-ip-ect 3 -j ACCEPT");
        assertThat(ce.matches(tcp(SRC, 1, DST, 22).tos(0x03))).isTrue();
        assertThat(ce.matches(tcp(SRC, 1, DST, 22).tos(0x02))).isFalse();
        CompiledRule ece = CompiledRule.v4("-A INPUT -p tcp -m ecn --ecn-tcp-ece -j ACCEPT");
        assertThat(ece.matches(tcp(SRC, 1, DST, 22).tcpFlags(Packet.ECE | Packet.ACK))).isTrue();
        assertThat(ece.matches(tcp(SRC, 1, DST, 22).tcpFlags(Packet.ACK))).isFalse();
    }

    @Test
    void markUsesTheInFlightMarkAndAnUnmaskedValue() {
        PacketState p = new PacketState(tcp(SRC, 1, DST, 22).build());
        p.setMark(0x10002);
        assertThat(CompiledRule.v4("-A INPUT -m mark --mark 0x2/0xffff").matches(p, new TestEnv())).isTrue();
        assertThat(CompiledRule.v4("-A INPUT -m mark --mark 0x10002").matches(p, new TestEnv())).isTrue();
        assertThat(CompiledRule.v4("-A INPUT -m mark ! --mark 0x2").matches(p, new TestEnv())).isTrue();
        // value bits outside the mask can never match
        assertThat(CompiledRule.v4("-A INPUT -m mark --mark 0x3/0x1").matches(p, new TestEnv())).isFalse();
    }

    @Test
    void pkttypeFromDestinationAddress() {
        CompiledRule bcast = CompiledRule.v4("-A INPUT -m pkttype --pkt-type broadcast -j DROP");
        assertThat(bcast.matches(udp(SRC, 68, "255.255.255.255", 67))).isTrue();
        assertThat(bcast.matches(udp(SRC, 1, DST, 2))).isFalse();
        TestEnv env = new TestEnv().broadcastAddress("198.51.100.255");
        assertThat(bcast.matches(new PacketState(udp(SRC, 1, "198.51.100.255", 137).build()), env)).isTrue();
        CompiledRule mcast = CompiledRule.v4("-A INPUT -m pkttype --pkt-type multicast -j DROP");
        assertThat(mcast.matches(udp(SRC, 1, "224.0.0.251", 5353))).isTrue();
        assertThat(CompiledRule.v4("-A INPUT -m pkttype ! --pkt-type unicast").matches(udp(SRC, 1, DST, 2)))
                .isFalse();
    }

    @Test
    void macSourceAddress() {
        CompiledRule mac = CompiledRule.v4("-A INPUT -m mac --mac-source 00:11:22:33:44:55 -j ACCEPT");
        assertThat(mac.matches(tcp(SRC, 1, DST, 22).srcMac(0x001122334455L))).isTrue();
        assertThat(mac.matches(tcp(SRC, 1, DST, 22).srcMac(0x001122334456L))).isFalse();
        CompiledRule notMac = CompiledRule.v4("-A INPUT -m mac ! --mac-source 00:11:22:33:44:55 -j DROP");
        assertThat(notMac.matches(tcp(SRC, 1, DST, 22).srcMac(0x001122334456L))).isTrue();
        // no Ethernet header on loopback: false even when inverted
        assertThat(notMac.matches(tcp(SRC, 1, DST, 22).in("lo").srcMac(0x001122334456L))).isFalse();
        TestEnv env = new TestEnv();
        assertThat(notMac.matches(new PacketState(tcp(SRC, 1, DST, 22).build()), env)).isTrue();
        assertThat(env.approximations).hasSize(1);
    }

    @Test
    void physdevPortsAndFlags() {
        CompiledRule in = CompiledRule.v4("-A FORWARD -m physdev --physdev-in veth+ -j ACCEPT");
        var bridged = tcp(SRC, 1, DST, 22).in("br0").out("br0").physIn("veth3").physOut("eth1");
        assertThat(in.matches(bridged)).isTrue();
        assertThat(in.matches(tcp(SRC, 1, DST, 22).in("br0").physIn("eth2"))).isFalse();
        // not bridged: only inverted parts can match
        assertThat(in.matches(tcp(SRC, 1, DST, 22))).isFalse();
        assertThat(CompiledRule.v4("-A FORWARD -m physdev ! --physdev-in veth0").matches(tcp(SRC, 1, DST, 22)))
                .isTrue();
        CompiledRule isBridged = CompiledRule.v4("-A FORWARD -m physdev --physdev-is-bridged -j ACCEPT");
        assertThat(isBridged.matches(bridged)).isTrue();
        assertThat(isBridged.matches(tcp(SRC, 1, DST, 22).in("br0").physIn("veth3"))).isFalse();
        // the output port is not known yet: --physdev-out passes
        assertThat(CompiledRule.v4("-A FORWARD -m physdev --physdev-out eth9")
                .matches(tcp(SRC, 1, DST, 22).in("br0").physIn("veth3"))).isTrue();
    }

    @Test
    void iprangeInclusiveAndReversed() {
        CompiledRule r = CompiledRule.v4("-A INPUT -m iprange --src-range 192.0.2.10-192.0.2.20 -j ACCEPT");
        assertThat(r.matches(tcp("192.0.2.10", 1, DST, 22))).isTrue();
        assertThat(r.matches(tcp("192.0.2.20", 1, DST, 22))).isTrue();
        assertThat(r.matches(tcp("192.0.2.21", 1, DST, 22))).isFalse();
        CompiledRule not = CompiledRule.v4("-A INPUT -m iprange ! --dst-range 198.51.100.0-198.51.100.9 -j ACCEPT");
        assertThat(not.matches(tcp(SRC, 1, "198.51.100.9", 22))).isFalse();
        assertThat(not.matches(tcp(SRC, 1, "198.51.100.10", 22))).isTrue();
        CompiledRule v6 = CompiledRule.v6("-A INPUT -m iprange --src-range 2001:db8::1-2001:db8::ff -j ACCEPT");
        assertThat(v6.matches(tcp("2001:db8::80", 1, "2001:db8:1::1", 22))).isTrue();
        assertThat(v6.matches(tcp("2001:db8::100", 1, "2001:db8:1::1", 22))).isFalse();
    }

    @Test
    void addrtypeIpv4() {
        TestEnv env = new TestEnv().address("eth0", DST).broadcastAddress("198.51.100.255");
        CompiledRule local = CompiledRule.v4("-A INPUT -m addrtype --dst-type LOCAL -j ACCEPT");
        assertThat(local.matches(new PacketState(tcp(SRC, 1, DST, 22).build()), env)).isTrue();
        assertThat(local.matches(new PacketState(tcp(SRC, 1, "198.51.100.11", 22).build()), env)).isFalse();
        assertThat(local.matches(new PacketState(tcp(SRC, 1, "127.0.0.1", 22).build()), env)).isTrue();
        CompiledRule bm = CompiledRule.v4("-A INPUT -m addrtype --dst-type BROADCAST,MULTICAST -j DROP");
        assertThat(bm.matches(new PacketState(udp(SRC, 1, "198.51.100.255", 2).build()), env)).isTrue();
        assertThat(bm.matches(new PacketState(udp(SRC, 1, "239.1.1.1", 2).build()), env)).isTrue();
        assertThat(bm.matches(new PacketState(udp(SRC, 1, "0.0.0.0", 2).build()), env)).isTrue();
        assertThat(bm.matches(new PacketState(udp(SRC, 1, DST, 2).build()), env)).isFalse();
        CompiledRule notLocalSrc = CompiledRule.v4("-A OUTPUT -m addrtype ! --src-type LOCAL -j DROP");
        assertThat(notLocalSrc.matches(new PacketState(tcp(DST, 1, SRC, 22).in(null).out("eth0").build()), env))
                .isFalse();
        assertThat(env.approximations).isEmpty();
        // --limit-iface-in with 127.0.0.1 arriving on eth0: the loopback route is on lo, so UNICAST
        CompiledRule limited = CompiledRule.v4("-A INPUT -m addrtype --dst-type LOCAL --limit-iface-in -j ACCEPT");
        assertThat(limited.matches(new PacketState(tcp(SRC, 1, "127.0.0.1", 22).build()), env)).isFalse();
        assertThat(limited.matches(new PacketState(tcp(SRC, 1, DST, 22).build()), env)).isTrue();
    }

    @Test
    void addrtypeIpv6() {
        TestEnv env = new TestEnv().address("eth0", "2001:db8::10");
        CompiledRule local = CompiledRule.v6("-A INPUT -m addrtype --dst-type LOCAL -j ACCEPT");
        assertThat(local.matches(new PacketState(tcp("2001:db8::1", 1, "2001:db8::10", 22).build()), env)).isTrue();
        assertThat(local.matches(new PacketState(tcp("2001:db8::1", 1, "2001:db8::11", 22).build()), env)).isFalse();
        CompiledRule mcast = CompiledRule.v6("-A INPUT -m addrtype --dst-type MULTICAST -j DROP");
        assertThat(mcast.matches(new PacketState(udp("2001:db8::1", 1, "ff02::fb", 5353).build()), env)).isTrue();
        assertThat(mcast.matches(new PacketState(udp("2001:db8::1", 1, "2001:db8::10", 53).build()), env)).isFalse();
    }

    @Test
    void rpfilterStrictAndLoose() {
        TestEnv env = new TestEnv().at(Hook.PREROUTING).route(SRC, "eth1").address("eth0", DST);
        CompiledRule strict = CompiledRule.of(dev.rampart.model.Family.IPV4, dev.rampart.model.TableName.RAW,
                "-A PREROUTING -m rpfilter --invert -j DROP");
        CompiledRule loose = CompiledRule.of(dev.rampart.model.Family.IPV4, dev.rampart.model.TableName.RAW,
                "-A PREROUTING -m rpfilter --loose -j ACCEPT");
        PacketState wrongIf = new PacketState(tcp(SRC, 1, DST, 22).in("eth0").build());
        PacketState rightIf = new PacketState(tcp(SRC, 1, DST, 22).in("eth1").build());
        assertThat(strict.matches(wrongIf, env)).isTrue();
        assertThat(strict.matches(rightIf, env)).isFalse();
        assertThat(loose.matches(wrongIf, env)).isTrue();
        // a spoofed local source fails without --accept-local
        PacketState spoofed = new PacketState(tcp(DST, 1, DST, 22).in("eth0").build());
        assertThat(strict.matches(spoofed, env)).isTrue();
    }
}
