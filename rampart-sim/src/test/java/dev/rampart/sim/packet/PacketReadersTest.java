package dev.rampart.sim.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.model.Family;
import dev.rampart.model.match.CtState;
import dev.rampart.model.net.IpAddress;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The text and JSON packet readers: every field, defaults, and precise errors. */
class PacketReadersTest {

    @Test
    void textFormOfTheIssueExample() throws Exception {
        Packet p = PacketText.parse("tcp 203.0.113.5:40000 > 198.51.100.10:22 in eth0 syn");
        assertThat(p.family()).isEqualTo(Family.IPV4);
        assertThat(p.src()).isEqualTo(IpAddress.parse("203.0.113.5"));
        assertThat(p.dst()).isEqualTo(IpAddress.parse("198.51.100.10"));
        assertThat(p.protocol()).isEqualTo(6);
        assertThat(p.sport()).isEqualTo(40000);
        assertThat(p.dport()).isEqualTo(22);
        assertThat(p.in()).isEqualTo("eth0");
        assertThat(p.out()).isNull();
        assertThat(p.tcpFlags()).isEqualTo(Packet.SYN);
        assertThat(p.length()).isEqualTo(40);
        assertThat(p.ttl()).isEqualTo(64);
    }

    @Test
    void textFormWithIpv6IcmpAndOptions() throws Exception {
        Packet p = PacketText.parse("icmpv6 2001:db8::5 > 2001:db8::1 in eth0 type echo-request ttl 3 mark 0x10 "
                + "state ESTABLISHED at 2026-03-01T10:00:00Z id ping1");
        assertThat(p.family()).isEqualTo(Family.IPV6);
        assertThat(p.protocol()).isEqualTo(58);
        assertThat(p.icmpType()).isEqualTo(128);
        assertThat(p.icmpCode()).isEqualTo(0);
        assertThat(p.ttl()).isEqualTo(3);
        assertThat(p.mark()).isEqualTo(16);
        assertThat(p.ctState()).isEqualTo(CtState.ESTABLISHED);
        assertThat(p.time()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
        assertThat(p.id()).isEqualTo("ping1");
        Packet q = PacketText.parse("tcp [2001:db8::5]:5353 > [2001:db8::1]:53 in eth0 out eth1 len 100 syn,ack");
        assertThat(q.sport()).isEqualTo(5353);
        assertThat(q.out()).isEqualTo("eth1");
        assertThat(q.length()).isEqualTo(100);
    }

    @Test
    void textErrorsPointAtTheWord() {
        assertThatThrownBy(() -> PacketText.parse("tcp 203.0.113.5:40000 > 198.51.100.10:70000 in eth0"))
                .isInstanceOf(PacketSyntaxException.class).hasMessageContaining("70000")
                .extracting(e -> ((PacketSyntaxException) e).column()).isEqualTo(25);
        assertThatThrownBy(() -> PacketText.parse("tcp 203.0.113.5:1 > 198.51.100.10:2 inn eth0"))
                .hasMessageContaining("unknown word 'inn'").hasMessageContaining("did you mean 'in'");
        assertThatThrownBy(() -> PacketText.parse("tpc 203.0.113.5:1 > 198.51.100.10:2"))
                .hasMessageContaining("unknown protocol 'tpc'").hasMessageContaining("did you mean 'tcp'");
        assertThatThrownBy(() -> PacketText.parse("tcp 203.0.113.5 > 198.51.100.10:2"))
                .hasMessageContaining("needs a source and a destination port");
        assertThatThrownBy(() -> PacketText.parse("udp 203.0.113.5:1 > 198.51.100.10:2 syn"))
                .hasMessageContaining("TCP flags given for a non-TCP packet");
        assertThatThrownBy(() -> PacketText.parse("tcp 203.0.113.5:1 > [2001:db8::1]:2"))
                .hasMessageContaining("one family");
        assertThatThrownBy(() -> PacketText.parse("icmp 203.0.113.5 > 198.51.100.10 type echo-requst"))
                .hasMessageContaining("did you mean 'echo-request'");
    }

    @Test
    void jsonFormOfTheContract() throws Exception {
        Packet p = PacketJson.parse("{\"id\":\"p1\",\"family\":4,\"in\":\"eth0\",\"out\":null,\"src\":\"203.0.113.5\","
                + "\"dst\":\"198.51.100.10\",\"proto\":\"tcp\",\"sport\":40000,\"dport\":22,\"tcp_flags\":[\"SYN\"],"
                + "\"ct_state\":null,\"len\":60,\"ttl\":64,\"icmp_type\":null,\"icmp_code\":null,\"fragment\":false,"
                + "\"mark\":0,\"time\":\"2026-01-01T12:00:00Z\"}");
        assertThat(p.id()).isEqualTo("p1");
        assertThat(p.tcpFlags()).isEqualTo(Packet.SYN);
        assertThat(p.length()).isEqualTo(60);
        assertThat(p.ctState()).isNull();
        assertThat(p.time()).isEqualTo(Instant.parse("2026-01-01T12:00:00Z"));
        Packet minimal = PacketJson.parse("{\"src\":\"192.0.2.1\",\"dst\":\"198.18.0.1\",\"proto\":1,\"icmp_type\":8,"
                + "\"in\":\"eth0\"}");
        assertThat(minimal.protocol()).isEqualTo(1);
        assertThat(minimal.icmpType()).isEqualTo(8);
        assertThat(minimal.icmpCode()).isEqualTo(0);
    }

    @Test
    void jsonErrorsNameTheMember() {
        assertThatThrownBy(() -> PacketJson.parse("{\"src\":\"192.0.2.1\",\"dst\":\"198.18.0.1\",\"proto\":\"tcp\","
                + "\"sport\":1,\"dprot\":2}"))
                .isInstanceOf(PacketSyntaxException.class).hasMessageContaining("unknown member 'dprot'")
                .hasMessageContaining("did you mean 'dport'")
                .extracting(e -> ((PacketSyntaxException) e).field()).isEqualTo("dprot");
        assertThatThrownBy(() -> PacketJson.parse("{\"src\":\"192.0.2.1\",\"proto\":\"tcp\"}"))
                .hasMessageContaining("missing required member 'dst'");
        assertThatThrownBy(() -> PacketJson.parse("{\"src\":\"192.0.2.1\",\"dst\":\"198.18.0.300\",\"proto\":\"udp\"}"))
                .hasMessageContaining("198.18.0.300");
        assertThatThrownBy(() -> PacketJson.parse("{\"src\":"))
                .hasMessageContaining("invalid JSON");
    }
}
