package dev.rampart.sim.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.Family;
import dev.rampart.model.net.IpAddress;
import dev.rampart.model.target.LogTarget;
import dev.rampart.sim.engine.PacketState;
import dev.rampart.sim.packet.Packet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The LOG line layout of nf_log_syslog.c for the common packet shapes (the kernel itself is in {@code LogLineIT}). */
class LogLineTest {
    private static final LinkHeader ETH = LinkHeader.ethernet(LinkHeader.parseMac("02:00:00:00:00:01"),
            LinkHeader.parseMac("02:00:00:00:00:02"), Family.IPV4);

    private static LogTarget log(String prefix) {
        return new LogTarget(prefix, 4, false, false, false, false, false);
    }

    private static Packet.Builder tcp(String src, String dst, int sport, int dport) {
        return Packet.builder(IpAddress.parse(src), IpAddress.parse(dst), 6).sport(sport).dport(dport);
    }

    @Test
    void inboundSynWithMacHeader() {
        Packet p = tcp("203.0.113.5", "198.18.0.1", 40000, 22).in("eth0").tcpFlags(Packet.SYN).ipId(54321)
                .dontFragment(true).tcpWindow(29200).build();
        assertThat(LogLine.format(log("SSH "), new PacketState(p), ETH)).isEqualTo(
                "SSH IN=eth0 OUT= MAC=02:00:00:00:00:01:02:00:00:00:00:02:08:00 SRC=203.0.113.5 DST=198.18.0.1 "
                        + "LEN=40 TOS=0x00 PREC=0x00 TTL=64 ID=54321 DF PROTO=TCP SPT=40000 DPT=22 WINDOW=29200 "
                        + "RES=0x00 SYN URGP=0 ");
    }

    @Test
    void tosSplitsIntoTosAndPrecedenceAndFlagsPrintInKernelOrder() {
        Packet p = tcp("203.0.113.5", "198.18.0.1", 1, 2).in("eth0").tos(0xB8).ttl(3)
                .tcpFlags(Packet.FIN | Packet.ACK | Packet.PSH | Packet.CWR).build();
        assertThat(LogLine.format(log(""), new PacketState(p), null)).contains(
                "MAC= SRC=", "TOS=0x18 PREC=0xA0 TTL=3 ID=0 PROTO=TCP", "RES=0x00 CWR ACK PSH FIN URGP=0 ");
    }

    @Test
    void outboundUdpHasNoMacAndShowsUidAndMark() {
        Packet p = Packet.builder(IpAddress.parse("198.18.0.1"), IpAddress.parse("198.18.0.2"), 17).sport(5353)
                .dport(53).out("eth1").uid(1000).gid(100).mark(0x4000).payload("abcd").build();
        LogTarget t = new LogTarget("", 4, false, false, false, true, false);
        assertThat(LogLine.format(t, new PacketState(p), ETH)).isEqualTo(
                "IN= OUT=eth1 SRC=198.18.0.1 DST=198.18.0.2 LEN=32 TOS=0x00 PREC=0x00 TTL=64 ID=0 PROTO=UDP "
                        + "SPT=5353 DPT=53 LEN=12 UID=1000 GID=100 MARK=0x4000 ");
    }

    @Test
    void icmpEchoAndPortUnreachableWithTheOffendingPacket() {
        Packet echo = Packet.builder(IpAddress.parse("203.0.113.9"), IpAddress.parse("198.18.0.1"), 1).in("eth0")
                .icmpType(8).icmpCode(0).build();
        assertThat(LogLine.format(log("P "), new PacketState(echo), null)).isEqualTo(
                "P IN=eth0 OUT= MAC= SRC=203.0.113.9 DST=198.18.0.1 LEN=28 TOS=0x00 PREC=0x00 TTL=64 ID=0 "
                        + "PROTO=ICMP TYPE=8 CODE=0 ID=0 SEQ=0 ");
        Packet inner = Packet.builder(IpAddress.parse("198.18.0.1"), IpAddress.parse("203.0.113.9"), 17).sport(33434)
                .dport(33435).length(60).build();
        Packet error = Packet.builder(IpAddress.parse("203.0.113.9"), IpAddress.parse("198.18.0.1"), 1).in("eth0")
                .icmpType(3).icmpCode(3).embedded(inner).build();
        assertThat(LogLine.format(log(""), new PacketState(error), null)).endsWith(
                "LEN=56 TOS=0x00 PREC=0x00 TTL=64 ID=0 PROTO=ICMP TYPE=3 CODE=3 [SRC=198.18.0.1 DST=203.0.113.9 "
                        + "LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=0 PROTO=UDP SPT=33434 DPT=33435 LEN=40 ] ");
    }

    @Test
    void tcpSequenceOptionsAndMacDecode() {
        Packet p = tcp("203.0.113.5", "198.18.0.1", 40000, 443).in("eth0").tcpFlags(Packet.SYN).seq(1000).ack(0)
                .tcpOptions(List.of(2, 4, 8, 1, 3)).mss(1460).build();
        LogTarget t = new LogTarget("", 4, true, true, false, false, true);
        assertThat(LogLine.format(t, new PacketState(p), ETH)).isEqualTo(
                "IN=eth0 OUT= MACSRC=02:00:00:00:00:02 MACDST=02:00:00:00:00:01 MACPROTO=0800 SRC=203.0.113.5 "
                        + "DST=198.18.0.1 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=0 PROTO=TCP SPT=40000 DPT=443 "
                        + "SEQ=1000 ACK=0 WINDOW=64240 RES=0x00 SYN URGP=0 "
                        + "OPT (020405B40402080A000000000000000001030300) ");
    }

    @Test
    void laterFragmentsHaveNoTransportFields() {
        Packet p = tcp("203.0.113.5", "198.18.0.1", 1, 2).in("eth0").fragment(true).length(1000).build();
        assertThat(LogLine.format(log(""), new PacketState(p), null))
                .endsWith("LEN=1000 TOS=0x00 PREC=0x00 TTL=64 ID=0 FRAG:185 PROTO=TCP ");
    }

    @Test
    void ipv6AddressesPrintUncompressed() {
        Packet p = Packet.builder(IpAddress.parse("2001:db8::5"), IpAddress.parse("2001:db8:1::1"), 6).sport(40000)
                .dport(22).in("eth0").tcpFlags(Packet.SYN).ttl(63).tos(0x10).build();
        assertThat(LogLine.format(log(""), new PacketState(p), null)).isEqualTo(
                "IN=eth0 OUT= MAC= SRC=2001:0db8:0000:0000:0000:0000:0000:0005 DST=2001:0db8:0001:0000:0000:0000:"
                        + "0000:0001 LEN=60 TC=16 HOPLIMIT=63 FLOWLBL=0 PROTO=TCP SPT=40000 DPT=22 WINDOW=64240 "
                        + "RES=0x00 SYN URGP=0 ");
    }
}
