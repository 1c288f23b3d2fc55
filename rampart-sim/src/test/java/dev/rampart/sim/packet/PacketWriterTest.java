package dev.rampart.sim.packet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Written packets read back as the same packet in both forms. */
class PacketWriterTest {

    private static void roundTrips(String line) throws PacketSyntaxException {
        Packet p = PacketText.parse(line);
        assertThat(PacketText.parse(PacketWriter.text(p))).as(PacketWriter.text(p)).isEqualTo(p);
        assertThat(PacketJson.parse(PacketWriter.json(p).toString())).as(PacketWriter.json(p).toString()).isEqualTo(p);
    }

    @Test
    void tcpUdpIcmpAndIpv6RoundTrip() throws PacketSyntaxException {
        roundTrips("tcp 203.0.113.5:40000 > 198.51.100.10:22 in eth0 syn state NEW");
        roundTrips("tcp 203.0.113.5:40000 > 198.51.100.10:22 in eth0 out eth1 syn,ack mark 7 ttl 3");
        roundTrips("udp [2001:db8::5]:5353 > [2001:db8::1]:53 out eth1");
        roundTrips("icmp 192.0.2.1 > 198.51.100.10 in eth0 type 3/4 state RELATED");
        roundTrips("47 192.0.2.1 > 198.51.100.10 in eth0 frag");
    }

    @Test
    void jsonUsesTheContractNames() throws PacketSyntaxException {
        Packet p = PacketText.parse("tcp 203.0.113.5:40000 > 198.51.100.10:22 in eth0 syn");
        assertThat(PacketWriter.json(p).toString()).contains("\"src\":\"203.0.113.5\"", "\"dport\":22",
                "\"tcp_flags\":[\"SYN\"]", "\"in\":\"eth0\"", "\"out\":null", "\"family\":4");
    }
}
