package dev.rampart.sim.conntrack;

import static dev.rampart.sim.packet.Packet.ACK;
import static dev.rampart.sim.packet.Packet.SYN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.model.match.CtState;
import dev.rampart.sim.conntrack.NatRequest.Manip;
import dev.rampart.sim.engine.Hook;
import dev.rampart.sim.engine.PacketState;
import dev.rampart.sim.packet.Packet;
import org.junit.jupiter.api.Test;

/** DNAT, SNAT/MASQUERADE, REDIRECT bindings, their replies, and port clashes. */
class NatTest extends ConntrackTestSupport {

    private static final String CLIENT = "203.0.113.5";
    private static final String PUBLIC = "198.18.0.1";
    private static final String BACKEND = "198.18.1.10";
    private static final NatRequest PORT_FORWARD = NatRequest.to(Manip.DESTINATION, ip(BACKEND), 80);

    private static final String LAN_A = "198.18.0.2";
    private static final String LAN_B = "198.18.0.3";
    private static final String WAN = "198.51.100.1";
    private static final String SERVER = "192.0.2.10";
    private static final NatRequest MASQ = NatRequest.to(Manip.SOURCE, ip(WAN), -1);

    @Test
    void dnatPortForwardRewritesFirstAndLaterPacketsAndRestoresReplies() {
        PacketState syn = forward(tcp(CLIENT, 40000, PUBLIC, 8080, SYN), T0, PORT_FORWARD, null);
        assertThat(syn.ctState()).isEqualTo(CtState.NEW);
        assertThat(syn.dst()).isEqualTo(ip(BACKEND));
        assertThat(syn.dport()).isEqualTo(80);
        assertThat(syn.src()).isEqualTo(ip(CLIENT));
        assertThat(syn.sport()).isEqualTo(40000);
        Connection c = (Connection) syn.ct();
        assertThat(c.dnat()).isTrue();
        assertThat(c.snat()).isFalse();
        assertThat(c.original()).isEqualTo(new CtTuple(ip(CLIENT), ip(PUBLIC), 6, 40000, 8080));
        assertThat(c.reply()).isEqualTo(new CtTuple(ip(BACKEND), ip(CLIENT), 6, 80, 40000));

        PacketState synAck = forward(tcp(BACKEND, 80, CLIENT, 40000, SYN | ACK), T0 + 1, PORT_FORWARD, null);
        assertThat(synAck.ctState()).isEqualTo(CtState.ESTABLISHED);
        assertThat(synAck.src()).isEqualTo(ip(PUBLIC));
        assertThat(synAck.sport()).isEqualTo(8080);
        assertThat(synAck.dst()).isEqualTo(ip(CLIENT));
        assertThat(synAck.dport()).isEqualTo(40000);

        PacketState ack = received(tcp(CLIENT, 40000, PUBLIC, 8080, ACK), T0 + 2);
        assertThat(ct.needsNatLookup(ack, Hook.PREROUTING)).isFalse();
        ct.applyNat(ack, Hook.PREROUTING);
        assertThat(ack.dst()).isEqualTo(ip(BACKEND));
        assertThat(ack.dport()).isEqualTo(80);
        assertThat(ack.ct()).isSameAs(c);
    }

    @Test
    void onlyTheFirstPacketOfAConnectionSeesTheNatTable() {
        PacketState syn = received(tcp(CLIENT, 40000, PUBLIC, 8080, SYN), T0);
        assertThat(ct.needsNatLookup(syn, Hook.PREROUTING)).isTrue();
        ct.bindNat(syn, PORT_FORWARD);
        assertThat(ct.needsNatLookup(syn, Hook.PREROUTING)).isFalse();
        assertThat(ct.needsNatLookup(syn, Hook.POSTROUTING)).isTrue();
        ct.applyNat(syn, Hook.POSTROUTING); // no SNAT rule: the null binding
        assertThat(ct.needsNatLookup(syn, Hook.POSTROUTING)).isFalse();
        ct.confirm(syn, T0);
        PacketState retransmit = received(tcp(CLIENT, 40000, PUBLIC, 8080, SYN), T0 + SECOND);
        assertThat(retransmit.ctState()).isEqualTo(CtState.NEW);
        assertThat(ct.needsNatLookup(retransmit, Hook.PREROUTING)).isFalse();
    }

    @Test
    void masqueradeKeepsTheSourcePortAndUnNatsTheReply() {
        PacketState out = forward(tcp(LAN_A, 40000, SERVER, 443, SYN), T0, null, MASQ);
        assertThat(out.src()).isEqualTo(ip(WAN));
        assertThat(out.sport()).isEqualTo(40000);
        assertThat(out.dst()).isEqualTo(ip(SERVER));
        assertThat(out.ct().snat()).isTrue();
        assertThat(out.ct().dnat()).isFalse();

        PacketState reply = forward(tcp(SERVER, 443, WAN, 40000, SYN | ACK), T0 + 1, null, MASQ);
        assertThat(reply.ctState()).isEqualTo(CtState.ESTABLISHED);
        assertThat(reply.ctReply()).isTrue();
        assertThat(reply.dst()).isEqualTo(ip(LAN_A));
        assertThat(reply.dport()).isEqualTo(40000);
        assertThat(reply.src()).isEqualTo(ip(SERVER));
    }

    @Test
    void secondClientWithTheSamePortGetsTheLowestFreePort() {
        forward(tcp(LAN_A, 40000, SERVER, 443, SYN), T0, null, MASQ);
        PacketState b = forward(tcp(LAN_B, 40000, SERVER, 443, SYN), T0, null, MASQ);
        assertThat(b.src()).isEqualTo(ip(WAN));
        assertThat(b.sport()).isEqualTo(1024);
        assertThat(ct.size()).isEqualTo(2);

        PacketState replyToB = forward(tcp(SERVER, 443, WAN, 1024, SYN | ACK), T0 + 1, null, MASQ);
        assertThat(replyToB.ct()).isSameAs(b.ct());
        assertThat(replyToB.dst()).isEqualTo(ip(LAN_B));
        assertThat(replyToB.dport()).isEqualTo(40000);
        PacketState replyToA = forward(tcp(SERVER, 443, WAN, 40000, SYN | ACK), T0 + 1, null, MASQ);
        assertThat(replyToA.dst()).isEqualTo(ip(LAN_A));
    }

    @Test
    void aClientKeepsItsMappingTowardsOtherDestinations() {
        forward(tcp(LAN_A, 40000, SERVER, 443, SYN), T0, null, MASQ);
        forward(tcp(LAN_B, 40000, SERVER, 443, SYN), T0, null, MASQ); // mapped to WAN:1024
        PacketState other = forward(tcp(LAN_B, 40000, "192.0.2.20", 443, SYN), T0, null, MASQ);
        assertThat(other.sport()).isEqualTo(1024); // find_appropriate_src, though 40000 is free there
    }

    @Test
    void privilegedSourcePortsStayPrivilegedWhenRemapped() {
        forward(tcp(LAN_A, 700, SERVER, 443, SYN), T0, null, MASQ);
        PacketState b = forward(tcp(LAN_B, 700, SERVER, 443, SYN), T0, null, MASQ);
        assertThat(b.sport()).isEqualTo(600);
        forward(tcp(LAN_A, 100, SERVER, 443, SYN), T0, null, MASQ);
        assertThat(forward(tcp(LAN_B, 100, SERVER, 443, SYN), T0, null, MASQ).sport()).isEqualTo(1);
    }

    @Test
    void nullBindingMovesALocalConnectionOffATupleAMappingHolds() {
        forward(tcp(LAN_A, 40000, SERVER, 443, SYN), T0, null, MASQ); // holds WAN:40000 -> SERVER:443
        PacketState local = new PacketState(tcp(WAN, 40000, SERVER, 443, SYN).out("eth1").build());
        local.setHook(Hook.OUTPUT);
        ct.track(local, T0);
        natHook(local, Hook.OUTPUT, null);
        natHook(local, Hook.POSTROUTING, null);
        assertThat(ct.confirm(local, T0)).isTrue();
        assertThat(local.src()).isEqualTo(ip(WAN));
        assertThat(local.sport()).isEqualTo(1024);
        assertThat(local.ct().snat()).isTrue();
    }

    @Test
    void fixedPortMappingThatClashesIsDroppedAtConfirm() {
        NatRequest fixed = NatRequest.to(Manip.SOURCE, ip(WAN), 5000);
        PacketState a = forward(tcp(LAN_A, 40000, SERVER, 443, SYN), T0, null, fixed);
        assertThat(a.sport()).isEqualTo(5000);
        PacketState b = received(tcp(LAN_B, 40001, SERVER, 443, SYN), T0);
        natHook(b, Hook.PREROUTING, null);
        natHook(b, Hook.POSTROUTING, fixed);
        assertThat(b.sport()).isEqualTo(5000);
        assertThat(ct.confirm(b, T0)).isFalse();
        assertThat(ct.size()).isEqualTo(1);
    }

    @Test
    void portRangeIsSearchedFromItsBottom() {
        NatRequest range = new NatRequest(Manip.SOURCE, ip(WAN), ip(WAN), 6000, 6002, false, false, false);
        assertThat(forward(tcp(LAN_A, 6001, SERVER, 443, SYN), T0, null, range).sport()).isEqualTo(6001);
        assertThat(forward(tcp(LAN_B, 6001, SERVER, 443, SYN), T0, null, range).sport()).isEqualTo(6000);
        assertThat(forward(tcp("198.18.0.4", 40000, SERVER, 443, SYN), T0, null, range).sport()).isEqualTo(6002);
    }

    @Test
    void randomNeverKeepsTheOriginalPort() {
        NatRequest random = new NatRequest(Manip.SOURCE, ip(WAN), ip(WAN), -1, -1, true, false, false);
        PacketState p = forward(tcp(LAN_A, 40000, SERVER, 443, SYN), T0, null, random);
        assertThat(p.sport()).isEqualTo(1024);
    }

    @Test
    void redirectOfReceivedTrafficAnswersFromTheOriginalPort() {
        NatRequest redirect = NatRequest.to(Manip.DESTINATION, ip(PUBLIC), 3128);
        PacketState in = received(tcp(CLIENT, 40000, PUBLIC, 80, SYN), T0);
        natHook(in, Hook.PREROUTING, redirect);
        assertThat(in.dport()).isEqualTo(3128);
        natHook(in, Hook.INPUT, null);
        ct.confirm(in, T0);

        PacketState answer = new PacketState(tcp(PUBLIC, 3128, CLIENT, 40000, SYN | ACK).out("eth0").build());
        answer.setHook(Hook.OUTPUT);
        ct.track(answer, T0 + 1);
        assertThat(answer.ctState()).isEqualTo(CtState.ESTABLISHED);
        natHook(answer, Hook.OUTPUT, null);
        assertThat(answer.sport()).isEqualTo(3128);
        natHook(answer, Hook.POSTROUTING, null);
        assertThat(answer.sport()).isEqualTo(80);
        assertThat(answer.src()).isEqualTo(ip(PUBLIC));
    }

    @Test
    void icmpErrorForADnatedConnectionHasItsOuterAddressRestored() {
        forward(udp(CLIENT, 5000, PUBLIC, 53), T0, NatRequest.to(Manip.DESTINATION, ip(BACKEND), 53), null);
        Packet asSent = udp(CLIENT, 5000, BACKEND, 53).build();
        PacketState err = forward(icmp(BACKEND, CLIENT, 3, 3).embedded(asSent), T0 + 1, null, null);
        assertThat(err.ctState()).isEqualTo(CtState.RELATED);
        assertThat(err.src()).isEqualTo(ip(PUBLIC));
        assertThat(err.dst()).isEqualTo(ip(CLIENT));
    }

    @Test
    void pingThroughMasqueradeKeepsItsIdentifier() {
        PacketState req = forward(icmp(LAN_A, SERVER, 8, 0).sport(4242), T0, null, MASQ);
        assertThat(req.src()).isEqualTo(ip(WAN));
        assertThat(req.sport()).isEqualTo(4242);
        PacketState rep = forward(icmp(SERVER, WAN, 0, 0).sport(4242), T0 + 1, null, MASQ);
        assertThat(rep.ctState()).isEqualTo(CtState.ESTABLISHED);
        assertThat(rep.dst()).isEqualTo(ip(LAN_A));
    }

    @Test
    void forwardHasNoNat() {
        PacketState p = received(tcp(CLIENT, 1, PUBLIC, 2, SYN), T0);
        assertThatThrownBy(() -> ct.applyNat(p, Hook.FORWARD)).isInstanceOf(IllegalArgumentException.class);
    }
}
