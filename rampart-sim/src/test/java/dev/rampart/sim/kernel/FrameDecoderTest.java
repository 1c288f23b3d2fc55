package dev.rampart.sim.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.sim.packet.Packet;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The capture side of the handshake test: frames made by {@link FrameEncoder} decode back into the packet
 * they were made from, and pcap files are read with their timestamps.
 */
class FrameDecoderTest {
    private static final byte[] FW = FrameEncoder.mac(KernelLab.FW_MAC);
    private static final byte[] PEER = FrameEncoder.mac(KernelLab.PEER_MAC);
    private static final Instant T = Instant.parse("2026-03-01T10:00:00.123456Z");

    private static Packet roundTrip(String json, String in, String out) {
        Packet p = PacketLines.packet(json);
        byte[] frame = new FrameEncoder().frame(p, FW, PEER);
        return FrameDecoder.decode(frame, "x", in, out, T);
    }

    @Test
    void tcpSegmentsKeepPortsFlagsSequenceOptionsAndPayload() {
        Packet p = roundTrip("""
                {"src":"198.18.0.2","dst":"198.18.0.1","proto":"tcp","sport":40000,"dport":5001,
                 "tcp_flags":["SYN"],"tcp_options":[2,4,8,1,3],"mss":1460,"ttl":63,"tos":16,"in":"eth0"}""",
                "eth0", null);
        assertThat(p.src().toString()).isEqualTo("198.18.0.2");
        assertThat(p.dst().toString()).isEqualTo("198.18.0.1");
        assertThat(p.protocol()).isEqualTo(6);
        assertThat(p.sport()).isEqualTo(40000);
        assertThat(p.dport()).isEqualTo(5001);
        assertThat(p.tcpFlags()).isEqualTo(Packet.SYN);
        assertThat(p.seq()).isEqualTo(1000);
        assertThat(p.ack()).isEqualTo(0);
        assertThat(p.tcpOptions()).containsExactly(2, 4, 8, 1, 3);
        assertThat(p.mss()).isEqualTo(1460);
        assertThat(p.ttl()).isEqualTo(63);
        assertThat(p.tos()).isEqualTo(16);
        assertThat(p.length()).isEqualTo(20 + 20 + 20);
        assertThat(p.in()).isEqualTo("eth0");
        assertThat(p.out()).isNull();
        assertThat(p.time()).isEqualTo(T);
        assertThat(p.srcMac()).isEqualTo(0x0200_0018_0002L);

        Packet data = roundTrip("""
                {"src":"198.18.0.1","dst":"198.18.0.2","proto":"tcp","sport":5001,"dport":40000,
                 "tcp_flags":["PSH","ACK"],"payload":"hello","out":"eth0"}""", null, "eth0");
        assertThat(data.tcpFlags()).isEqualTo(Packet.PSH | Packet.ACK);
        assertThat(data.payload()).isEqualTo("hello");
        assertThat(data.length()).isEqualTo(45);
        assertThat(data.out()).isEqualTo("eth0");
        assertThat(data.srcMac()).as("only received packets carry a source MAC for -m mac").isEqualTo(-1);
    }

    @Test
    void udpAndIcmpErrorsWithTheirQuotedHeader() {
        Packet udp = roundTrip("""
                {"src":"198.18.0.2","dst":"198.18.0.1","proto":"udp","sport":5353,"dport":33434,"payload":"probe"}""",
                "eth0", null);
        assertThat(udp.protocol()).isEqualTo(17);
        assertThat(udp.sport()).isEqualTo(5353);
        assertThat(udp.dport()).isEqualTo(33434);
        assertThat(udp.payload()).isEqualTo("probe");

        Packet error = PacketLines.packet("""
                {"src":"198.18.0.1","dst":"198.18.0.2","proto":"icmp","icmp_type":3,"icmp_code":3}""")
                .toBuilder().embedded(udp.toBuilder().in(null).time(null).srcMac(-1).build()).length(-1).build();
        Packet icmp = FrameDecoder.decode(new FrameEncoder().frame(error, PEER, FW), "x", null, "eth0", T);
        assertThat(icmp.icmpType()).isEqualTo(3);
        assertThat(icmp.icmpCode()).isEqualTo(3);
        Packet inner = icmp.embedded();
        assertThat(inner).isNotNull();
        assertThat(inner.src().toString()).isEqualTo("198.18.0.2");
        assertThat(inner.dst().toString()).isEqualTo("198.18.0.1");
        assertThat(inner.protocol()).isEqualTo(17);
        assertThat(inner.sport()).isEqualTo(5353);
        assertThat(inner.dport()).isEqualTo(33434);
        assertThat(inner.length()).as("the quoted header's own total length").isEqualTo(20 + 8 + 5);

        Packet echo = roundTrip("""
                {"src":"198.18.0.2","dst":"198.18.0.1","proto":"icmp","icmp_type":8,"icmp_code":0}""", "eth0", null);
        assertThat(echo.embedded()).as("an echo request quotes nothing").isNull();
    }

    @Test
    void laterFragmentsHaveNoTransportHeader() {
        Packet p = roundTrip("""
                {"src":"198.18.0.2","dst":"198.18.0.1","proto":"tcp","fragment":true,"len":100}""", "eth0", null);
        assertThat(p.fragment()).isTrue();
        assertThat(p.sport()).isEqualTo(-1);
        assertThat(p.length()).isEqualTo(100);
    }

    @Test
    void whatIsNotAWholeIpv4FrameIsRefused() {
        byte[] frame = new FrameEncoder().frame(PacketLines.packet("""
                {"src":"2001:db8:1::5","dst":"2001:db8:18::1","proto":"udp","sport":1,"dport":2}"""), FW, PEER);
        assertThatThrownBy(() -> FrameDecoder.decode(frame, "x", "eth0", null, T)).hasMessageContaining("not IPv4");
        byte[] v4 = new FrameEncoder().frame(PacketLines.packet("""
                {"src":"198.18.0.2","dst":"198.18.0.1","proto":"udp","sport":1,"dport":2,"payload":"abcdef"}"""), FW, PEER);
        byte[] cut = java.util.Arrays.copyOf(v4, v4.length - 3);
        assertThatThrownBy(() -> FrameDecoder.decode(cut, "x", "eth0", null, T)).hasMessageContaining("captured");
        assertThatThrownBy(() -> FrameDecoder.decode(v4, "x", "eth0", "eth0", T)).hasMessageContaining("either");
    }

    @Test
    void pcapFilesAreReadInOrderWithTheirTimestamps() {
        byte[] a = {1, 2, 3};
        byte[] b = {4, 5, 6, 7};
        ByteBuffer f = ByteBuffer.allocate(24 + 16 + 3 + 16 + 4 + 5).order(ByteOrder.LITTLE_ENDIAN);
        f.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144).putInt(1);
        f.putInt(1_772_359_200).putInt(123456).putInt(3).putInt(3).put(a);
        f.putInt(1_772_359_201).putInt(7).putInt(4).putInt(60).put(b);
        f.put(new byte[5]); // a record header cut short when tcpdump was stopped
        List<PcapFile.Frame> frames = PcapFile.read(f.array());
        assertThat(frames).hasSize(2);
        assertThat(frames.get(0).time()).isEqualTo(Instant.ofEpochSecond(1_772_359_200, 123_456_000));
        assertThat(frames.get(0).bytes()).containsExactly(a);
        assertThat(frames.get(0).complete()).isTrue();
        assertThat(frames.get(1).time()).isEqualTo(Instant.ofEpochSecond(1_772_359_201, 7_000));
        assertThat(frames.get(1).complete()).as("60 bytes on the wire, 4 captured").isFalse();

        ByteBuffer big = ByteBuffer.allocate(24).order(ByteOrder.BIG_ENDIAN);
        big.putInt(0xa1b23c4d).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(113);
        assertThatThrownBy(() -> PcapFile.read(big.array())).hasMessageContaining("not Ethernet");
        assertThatThrownBy(() -> PcapFile.read(new byte[] {1, 2})).hasMessageContaining("not a pcap file");
    }
}
