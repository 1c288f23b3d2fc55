package dev.rampart.monitor.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.net.IpAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every variant of the kernel LOG line in the shared samples, field by field. */
class KernelLogParserTest {
    static final Path SHARED = Paths.get(System.getProperty("rampart.shared", "../../shared")).toAbsolutePath()
            .normalize().resolve("logs");
    static final TimeResolver UTC_2026 = new TimeResolver(ZoneId.of("UTC"), Instant.parse("2026-11-22T00:00:00Z"));

    private final KernelLogParser parser = new KernelLogParser(new SyslogHeaderParser(UTC_2026));

    private static List<String> sampleLines() throws IOException {
        return Files.readAllLines(SHARED.resolve("iptables-log-samples.txt")).stream()
                .filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
    }

    @Test
    void everySampleLineParsesExceptTheOneWithoutIn() throws IOException {
        for (String l : sampleLines()) {
            KernelLogRecord r = parser.parse(l);
            if (l.contains("XX=enp1s0")) {
                assertThat(r).as(l).isNull();
            } else {
                assertThat(r).as(l).isNotNull();
                assertThat(r.src()).as(l).isNotNull();
                assertThat(r.proto()).as(l).isPositive();
            }
        }
    }

    @Test
    void everyPsadScanLineParses() throws IOException {
        try (Stream<Path> files = Files.list(SHARED.resolve("psad-scans"))) {
            for (Path f : files.filter(p -> !p.getFileName().toString().matches("LICENSE|SOURCE.txt")).toList()) {
                for (String l : Files.readAllLines(f)) {
                    assertThat(parser.parse(l)).as(f + ": " + l).isNotNull();
                }
            }
        }
    }

    @Test
    void classicSyslogWithKernelStampPrefixAndTcpOptions() {
        KernelLogRecord r = parser.parse("Mar 11 20:35:11 linux kernel: [463490.251762] DROP IN=eth1 OUT= "
                + "MAC=23:87:fc:c6:24:58:00:21:3f:98:99:78:09:00 SRC=192.168.10.55 DST=192.168.10.1 LEN=44 TOS=0x00 "
                + "PREC=0x00 TTL=53 ID=15270 PROTO=TCP SPT=56247 DPT=1025 WINDOW=3072 RES=0x00 SYN URGP=0 OPT (020405B4) ");
        assertThat(r.time()).isEqualTo(Instant.parse("2026-03-11T20:35:11Z"));
        assertThat(r.host()).isEqualTo("linux");
        assertThat(r.prefix()).isEqualTo("DROP");
        assertThat(r.in()).isEqualTo("eth1");
        assertThat(r.out()).isEmpty();
        assertThat(r.mac()).isEqualTo("23:87:fc:c6:24:58:00:21:3f:98:99:78:09:00");
        assertThat(r.src()).isEqualTo(IpAddress.parse("192.168.10.55"));
        assertThat(r.dst()).isEqualTo(IpAddress.parse("192.168.10.1"));
        assertThat(r.length()).isEqualTo(44);
        assertThat(r.ttl()).isEqualTo(53);
        assertThat(r.ipId()).isEqualTo(15270);
        assertThat(r.proto()).isEqualTo(6);
        assertThat(r.sport()).isEqualTo(56247);
        assertThat(r.dport()).isEqualTo(1025);
        assertThat(r.window()).isEqualTo(3072);
        assertThat(r.tcpFlags()).isEqualTo(TcpFlags.SYN);
    }

    @Test
    void yearlessStampsInTheFutureBelongToLastYear() {
        KernelLogRecord r = parser.parse("Dec 20 20:10:01 rohan kernel: [  449.059230] DROP IN=eth0 OUT= MAC= "
                + "SRC=192.0.2.1 DST=198.18.0.1 LEN=40 TOS=0x00 PREC=0x00 TTL=64 ID=1 PROTO=TCP SPT=1 DPT=2 "
                + "WINDOW=1 RES=0x00 SYN URGP=0 ");
        assertThat(r.time()).isEqualTo(Instant.parse("2025-12-20T20:10:01Z"));
    }

    @Test
    void twoWordPrefixAndXmasFlags() {
        KernelLogRecord r = parser.parse("Mar 15 20:57:55 linux kernel: [810454.796629] DROP INVALID IN=eth0 OUT= "
                + "MAC=23:87:fc:c6:24:58:00:21:3f:98:99:78:09:00 SRC=192.168.10.55 DST=192.168.10.1 LEN=40 TOS=0x00 "
                + "PREC=0x00 TTL=44 ID=9043 PROTO=TCP SPT=43347 DPT=1025 WINDOW=1024 RES=0x00 URG PSH FIN URGP=0 ");
        assertThat(r.prefix()).isEqualTo("DROP INVALID");
        assertThat(r.tcpFlags()).isEqualTo(TcpFlags.URG | TcpFlags.PSH | TcpFlags.FIN);
        assertThat(TcpFlags.names(r.tcpFlags())).isEqualTo("URG PSH FIN");
    }

    @Test
    void udpSecondLenAndIcmpSecondIdDoNotOverwriteTheIpHeader() {
        KernelLogRecord udp = parser.parse("Mar 11 20:41:04 linux kernel: [463843.171785] DROP IN=eth1 OUT= MAC= "
                + "SRC=192.168.10.55 DST=192.168.10.1 LEN=28 TOS=0x00 PREC=0x00 TTL=50 ID=54985 PROTO=UDP SPT=44318 "
                + "DPT=1146 LEN=8 ");
        assertThat(udp.length()).isEqualTo(28);
        assertThat(udp.proto()).isEqualTo(17);
        assertThat(udp.dport()).isEqualTo(1146);
        KernelLogRecord icmp = parser.parse("Mar 23 21:29:27 linux kernel: [1503546.179768] ICMP IN=eth0 OUT= MAC= "
                + "SRC=192.168.10.55 DST=192.168.10.1 LEN=28 TOS=0x00 PREC=0x00 TTL=64 ID=18443 PROTO=ICMP TYPE=8 "
                + "CODE=0 ID=2158 SEQ=512");
        assertThat(icmp.ipId()).isEqualTo(18443);
        assertThat(icmp.icmpType()).isEqualTo(8);
        assertThat(icmp.icmpCode()).isZero();
        assertThat(icmp.dport()).isEqualTo(-1);
    }

    @Test
    void shorewallPrefixGluedToInAndProtocolNumber() {
        KernelLogRecord r = parser.parse("Apr 24 12:06:50 localhost kernel: [ 3445.031964] Shorewall:wlan0_mac:DROP:"
                + "IN=wlan0 OUT= MAC=02:00:5e:02:03:01:18:53:33:33:d6:41:03:00 SRC=192.168.10.55 DST=224.0.0.1 LEN=36 "
                + "TOS=0x00 PREC=0xC0 TTL=1 ID=0 PROTO=2");
        assertThat(r.prefix()).isEqualTo("Shorewall:wlan0_mac:DROP:");
        assertThat(r.in()).isEqualTo("wlan0");
        assertThat(r.proto()).isEqualTo(2);
    }

    @Test
    void rfc3339StampWithOffset() {
        KernelLogRecord r = parser.parse("2015-03-07T05:09:30.045015+02:00 servername kernel: DROP: IN=eth0 OUT= "
                + "MAC=00:00:00:00:00:00:00:00:00:00:00:00:00:00 SRC=4.4.4.4 DST=1.2.3.4 LEN=40 TOS=0x00 PREC=0x00 "
                + "TTL=228 ID=54321 PROTO=TCP SPT=58923 DPT=21 WINDOW=65535 RES=0x00 SYN URGP=0 ");
        assertThat(r.time()).isEqualTo(Instant.parse("2015-03-07T03:09:30.045015Z"));
        assertThat(r.prefix()).isEqualTo("DROP:");
        assertThat(r.host()).isEqualTo("servername");
    }

    @Test
    void ipv6FullFormWithExtensionHeaderGroupsAndHopLimit() {
        KernelLogRecord r = parser.parse("Dec 20 20:10:01 rohan kernel: [  449.059230] DROP IN=eth0 OUT= "
                + "MAC=00:1b:b9:76:9c:e4:00:13:46:3a:41:36:86:dd SRC=2012:1234:1234:0000:0000:0000:0000:0001 "
                + "DST=2012:1234:1234:0000:0000:0000:0000:0002 LEN=132 TC=0 HOPLIMIT=64 FLOWLBL=0 OPT ( ) OPT ( ) "
                + "PROTO=TCP SPT=58537 DPT=1234 WINDOW=8192 RES=0x00 SYN URGP=0 ");
        assertThat(r.src()).isEqualTo(IpAddress.parse("2012:1234:1234::1"));
        assertThat(r.ttl()).isEqualTo(64);
        assertThat(r.tos()).isZero();
        assertThat(r.dport()).isEqualTo(1234);
        assertThat(r.tcpFlags()).isEqualTo(TcpFlags.SYN);
    }

    @Test
    void icmpErrorIgnoresTheEmbeddedPacket() {
        KernelLogRecord r = parser.parse("Nov 28 11:17:33 malloc kernel: in: IN=ppp0 OUT= MAC= SRC=192.168.2.113 "
                + "DST=192.168.0.223 LEN=492 TOS=0x00 PREC=0x00 TTL=240 ID=39184 PROTO=ICMP TYPE=3 CODE=3 "
                + "[SRC=192.168.0.223 DST=192.168.2.113 LEN=464 TOS=0x00 PREC=0x00 TTL=52 ID=58665 DF PROTO=TCP "
                + "SPT=34373 DPT=80 WINDOW=63712 RES=0x00 ACK PSH FIN URGP=0 ]");
        assertThat(r.src()).isEqualTo(IpAddress.parse("192.168.2.113"));
        assertThat(r.proto()).isEqualTo(1);
        assertThat(r.icmpType()).isEqualTo(3);
        assertThat(r.dport()).isEqualTo(-1);
        assertThat(r.tcpFlags()).isZero();
        assertThat(r.dontFragment()).isFalse();
    }

    @Test
    void journalMessageWithoutAnyHeaderAndUfwPrefixWithoutMonotonicStamp() {
        KernelLogRecord bare = parser.parse("[UFW BLOCK] IN=eth0 OUT= MAC= SRC=203.0.113.7 DST=198.18.0.1 LEN=60 "
                + "TOS=0x00 PREC=0x00 TTL=50 ID=1 DF PROTO=TCP SPT=4000 DPT=22 WINDOW=1 RES=0x00 SYN URGP=0 ");
        assertThat(bare.time()).isNull();
        assertThat(bare.prefix()).isEqualTo("[UFW BLOCK]");
        assertThat(bare.dontFragment()).isTrue();
        KernelLogRecord ufw = parser.parse("Nov 21 10:00:00 web kernel: [UFW BLOCK] IN=eth0 OUT= MAC= "
                + "SRC=203.0.113.7 DST=198.18.0.1 LEN=60 TOS=0x00 PREC=0x00 TTL=50 ID=1 PROTO=TCP SPT=4000 DPT=22 "
                + "WINDOW=1 RES=0x00 SYN URGP=0 ");
        assertThat(ufw.prefix()).isEqualTo("[UFW BLOCK]");
        KernelLogRecord journal = parser.parse("web kernel: [ 12.5] DROP IN=eth0 OUT= MAC= SRC=203.0.113.7 "
                + "DST=198.18.0.1 LEN=60 TOS=0x00 PREC=0x00 TTL=50 ID=1 PROTO=UDP SPT=4000 DPT=53 LEN=40 ");
        assertThat(journal.prefix()).isEqualTo("DROP");
        assertThat(journal.host()).isEqualTo("web");
    }

    @Test
    void proxmoxNflogLineWithCompressedIpv6AndPhysicalDevices() {
        KernelLogRecord r = parser.parse("101 1 tap101i0-IN 20/Jun/2022:13:13:32 +0200 PVEFW-reject: IN=fwbr101i0 "
                + "OUT=fwbr101i0 PHYSIN=fwln101i0 PHYSOUT=tap101i0 MAC=24:8a:07:50:2c:ef:5e:29:c3:7c:13:a3:86:dd "
                + "SRC=2a0a:1580::a DST=2a0a:1580::17 LEN=40 TC=0 FLOWLBL=634336 HOPLIMIT=64 PROTO=TCP SPT=59368 "
                + "DPT=22 SEQ=3146558957 ACK=0 WINDOW=64800 SYN ");
        assertThat(r.physIn()).isEqualTo("fwln101i0");
        assertThat(r.physOut()).isEqualTo("tap101i0");
        assertThat(r.src()).isEqualTo(IpAddress.parse("2a0a:1580::a"));
        assertThat(r.tcpFlags()).isEqualTo(TcpFlags.SYN);
        assertThat(r.prefix()).endsWith("PVEFW-reject:");
    }

    @Test
    void linesWithoutPacketFieldsAreNotPackets() {
        assertThat(parser.parse("Nov 21 10:00:00 web kernel: [ 1.0] eth0: link up")).isNull();
        assertThat(parser.parse("Nov 21 10:00:00 web sshd[1]: Invalid user LOGIN=x from 192.0.2.1")).isNull();
        assertThat(parser.parse("Jun  8 14:34:33 h kernel: XX=enp1s0 OUT= SRC=195.54.160.107 DST=51.15.166.67")).isNull();
    }

    @Test
    void journalctlShortIsoStampWithCompactOffset() {
        KernelLogRecord r = parser.parse("2026-11-21T10:00:01+0100 web kernel: DROP IN=eth0 OUT= MAC= "
                + "SRC=203.0.113.7 DST=198.18.0.1 LEN=60 TOS=0x00 PREC=0x00 TTL=50 ID=1 PROTO=UDP SPT=4000 DPT=53 LEN=40 ");
        assertThat(r.time()).isEqualTo(Instant.parse("2026-11-21T09:00:01Z"));
        assertThat(r.host()).isEqualTo("web");
        assertThat(r.prefix()).isEqualTo("DROP");
    }
}
