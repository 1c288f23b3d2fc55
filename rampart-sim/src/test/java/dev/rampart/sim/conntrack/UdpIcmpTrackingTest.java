package dev.rampart.sim.conntrack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.match.CtState;
import dev.rampart.sim.engine.PacketState;
import dev.rampart.sim.packet.Packet;
import org.junit.jupiter.api.Test;

/** UDP, ICMP, ICMPv6 and generic tracking, RELATED errors and the ct_state override. */
class UdpIcmpTrackingTest extends ConntrackTestSupport {

    private static final String C = "203.0.113.5";
    private static final String S = "198.18.0.10";

    @Test
    void udpIsNewUntilAReplyThenEstablished() {
        PacketState q1 = pass(udp(C, 5353, S, 53), T0);
        PacketState q2 = pass(udp(C, 5353, S, 53), T0 + SECOND);
        assertThat(q1.ctState()).isEqualTo(CtState.NEW);
        assertThat(q2.ctState()).isEqualTo(CtState.NEW);
        assertThat(q2.ct()).isSameAs(q1.ct());
        PacketState answer = pass(udp(S, 53, C, 5353), T0 + SECOND);
        assertThat(answer.ctState()).isEqualTo(CtState.ESTABLISHED);
        assertThat(answer.ctReply()).isTrue();
        assertThat(pass(udp(C, 5353, S, 53), T0 + SECOND).ctState()).isEqualTo(CtState.ESTABLISHED);
    }

    @Test
    void udpTimeoutsAreThirtySecondsThenTwoMinutesForAStream() {
        Connection c = (Connection) pass(udp(C, 5353, S, 53), T0).ct();
        assertThat(c.expiresInSeconds(T0)).isEqualTo(30);
        pass(udp(S, 53, C, 5353), T0 + SECOND);
        pass(udp(C, 5353, S, 53), T0 + SECOND);
        assertThat(c.expiresInSeconds(T0 + SECOND)).isEqualTo(30); // replied, but not yet 2 s old
        assertThat(c.assured()).isFalse();
        pass(udp(C, 5353, S, 53), T0 + 3 * SECOND);
        assertThat(c.expiresInSeconds(T0 + 3 * SECOND)).isEqualTo(120);
        assertThat(c.assured()).isTrue();
    }

    @Test
    void unrepliedUdpExpiresAfterThirtySeconds() {
        Connection c = (Connection) pass(udp(C, 5353, S, 53), T0).ct();
        assertThat(pass(udp(S, 53, C, 5353), T0 + 30 * SECOND).ctState()).isEqualTo(CtState.NEW);
        assertThat(ct.find(c.original(), T0 + 30 * SECOND)).isNotSameAs(c);
        assertThat(ct.entries()).doesNotContain(c);
    }

    @Test
    void icmpEchoPairsRequestAndReplyById() {
        PacketState req = pass(icmp(C, S, 8, 0).sport(77), T0);
        assertThat(req.ctState()).isEqualTo(CtState.NEW);
        assertThat(req.ct().original()).isEqualTo(new CtTuple(ip(C), ip(S), 1, 77, 8));
        assertThat(req.ct().reply()).isEqualTo(new CtTuple(ip(S), ip(C), 1, 77, 0));
        assertThat(pass(icmp(S, C, 0, 0).sport(78), T0 + 1).ctState()).isEqualTo(CtState.INVALID);
        PacketState rep = pass(icmp(S, C, 0, 0).sport(77), T0 + 1);
        assertThat(rep.ctState()).isEqualTo(CtState.ESTABLISHED);
        assertThat(rep.ct()).isSameAs(req.ct());
        assertThat(req.ct().expiresInSeconds(T0 + 1 + 10 * SECOND)).isEqualTo(20);
        assertThat(pass(icmp(S, C, 0, 0).sport(77), T0 + 31 * SECOND).ctState()).isEqualTo(CtState.INVALID);
    }

    @Test
    void icmpMessagesWithoutAnswerTypeCannotStartAConnection() {
        assertThat(pass(icmp(S, C, 0, 0).sport(1), T0).ctState()).isEqualTo(CtState.INVALID); // stray reply
        assertThat(pass(icmp(S, C, 9, 0), T0).ctState()).isEqualTo(CtState.INVALID); // router advert
        assertThat(pass(icmp(C, S, 13, 0), T0).ctState()).isEqualTo(CtState.NEW); // timestamp request
    }

    @Test
    void portUnreachableForAUdpFlowIsRelated() {
        Connection c = (Connection) pass(udp(C, 5353, S, 53), T0).ct();
        Packet offending = udp(C, 5353, S, 53).build();
        PacketState err = pass(icmp(S, C, 3, 3).embedded(offending), T0 + 1);
        assertThat(err.ctState()).isEqualTo(CtState.RELATED);
        assertThat(err.ct()).isSameAs(c);
        assertThat(err.ctReply()).isTrue();
        assertThat(c.packets(true)).isZero(); // an error is not a reply
        assertThat(c.seenReply()).isFalse();

        Packet unknown = udp(C, 5354, S, 53).build();
        assertThat(pass(icmp(S, C, 3, 3).embedded(unknown), T0 + 1).ctState()).isEqualTo(CtState.INVALID);
        // addressed to someone else than the connection's endpoint
        assertThat(pass(icmp(S, "203.0.113.6", 3, 3).embedded(offending), T0 + 1).ctState())
                .isEqualTo(CtState.INVALID);
        assertThat(pass(icmp(S, C, 3, 3), T0 + 1).ctState()).isEqualTo(CtState.INVALID); // nothing embedded
    }

    @Test
    void icmpErrorsAreRelatedInTheDirectionOfTheirDestination() {
        pass(tcp(C, 40000, S, 22, Packet.SYN), T0);
        Packet clientSyn = tcp(C, 40000, S, 22, Packet.SYN).build();
        Packet serverSynAck = tcp(S, 22, C, 40000, Packet.SYN | Packet.ACK).build();
        // a router tells the client its SYN died: travels like a reply
        PacketState toClient = pass(icmp("198.51.100.1", C, 11, 0).embedded(clientSyn), T0 + 1);
        assertThat(toClient.ctState()).isEqualTo(CtState.RELATED);
        assertThat(toClient.ctReply()).isTrue();
        // a router tells the server its SYN/ACK died: travels in the original direction
        PacketState toServer = pass(icmp("198.51.100.1", S, 11, 0).embedded(serverSynAck), T0 + 1);
        assertThat(toServer.ctState()).isEqualTo(CtState.RELATED);
        assertThat(toServer.ctReply()).isFalse();
        // an error about the client's packet sent to the server does not fit the connection
        assertThat(pass(icmp("198.51.100.1", S, 11, 0).embedded(clientSyn), T0 + 1).ctState())
                .isEqualTo(CtState.INVALID);
    }

    @Test
    void icmpv6NeighbourDiscoveryIsUntrackedAndEchoIsTracked() {
        PacketState ns = pass(Packet.builder(ip("2001:db8::1"), ip("2001:db8::2"), 58).icmpType(135).icmpCode(0),
                T0);
        assertThat(ns.ctState()).isEqualTo(CtState.UNTRACKED);
        assertThat(ns.ct()).isNull();
        PacketState req = pass(Packet.builder(ip("2001:db8::1"), ip("2001:db8::2"), 58).icmpType(128).icmpCode(0)
                .sport(9), T0);
        assertThat(req.ctState()).isEqualTo(CtState.NEW);
        PacketState rep = pass(Packet.builder(ip("2001:db8::2"), ip("2001:db8::1"), 58).icmpType(129).icmpCode(0)
                .sport(9), T0);
        assertThat(rep.ctState()).isEqualTo(CtState.ESTABLISHED);
        PacketState tooBig = pass(Packet.builder(ip("2001:db8::9"), ip("2001:db8::1"), 58).icmpType(2)
                .icmpCode(0).embedded(Packet.builder(ip("2001:db8::1"), ip("2001:db8::2"), 58).icmpType(128)
                        .icmpCode(0).sport(9).build()), T0);
        assertThat(tooBig.ctState()).isEqualTo(CtState.RELATED);
    }

    @Test
    void otherProtocolsAreTrackedByAddressesForTenMinutes() {
        PacketState esp = pass(Packet.builder(ip(C), ip(S), 50), T0);
        assertThat(esp.ctState()).isEqualTo(CtState.NEW);
        assertThat(esp.ct().expiresInSeconds(T0)).isEqualTo(600);
        assertThat(pass(Packet.builder(ip(S), ip(C), 50), T0).ctState()).isEqualTo(CtState.ESTABLISHED);
    }

    @Test
    void laterFragmentsAreInvalid() {
        assertThat(pass(udp(C, 5353, S, 53).fragment(true), T0).ctState()).isEqualTo(CtState.INVALID);
    }

    @Test
    void forcedStateOverridesButKeepsAConnection() {
        PacketState forced = pass(tcp(S, 22, C, 40000, Packet.SYN | Packet.ACK).ctState(CtState.ESTABLISHED), T0);
        assertThat(forced.ctState()).isEqualTo(CtState.ESTABLISHED);
        assertThat(forced.ct()).isNotNull();
        forced.ct().setMark(7);
        assertThat(ct.size()).isEqualTo(1);
        PacketState next = pass(tcp(S, 22, C, 40000, Packet.ACK), T0 + 1);
        assertThat(next.ct()).isSameAs(forced.ct());
        assertThat(next.ctState()).isEqualTo(CtState.ESTABLISHED);
        assertThat(next.ct().mark()).isEqualTo(7);
    }

    @Test
    void forcedInvalidAndUntrackedLeaveTheTableAlone() {
        PacketState inv = pass(tcp(C, 40000, S, 22, Packet.SYN).ctState(CtState.INVALID), T0);
        PacketState unt = pass(tcp(C, 40000, S, 22, Packet.SYN).ctState(CtState.UNTRACKED), T0);
        assertThat(inv.ctState()).isEqualTo(CtState.INVALID);
        assertThat(unt.ctState()).isEqualTo(CtState.UNTRACKED);
        assertThat(inv.ct()).isNull();
        assertThat(unt.ct()).isNull();
        assertThat(ct.size()).isZero();
    }

    @Test
    void forcedNewOnARealFirstPacketKeepsTheDerivedEntry() {
        PacketState s = pass(tcp(C, 40000, S, 22, Packet.SYN).ctState(CtState.NEW), T0);
        assertThat(((Connection) s.ct()).tcpState()).isEqualTo(TcpState.SYN_SENT);
    }

    @Test
    void connlimitCountsLiveConnectionsPerSourcePrefix() {
        pass(tcp("203.0.113.5", 1000, S, 22, Packet.SYN), T0);
        pass(tcp("203.0.113.6", 1000, S, 22, Packet.SYN), T0);
        pass(tcp("198.51.100.7", 1000, S, 22, Packet.SYN), T0);
        pass(udp("203.0.113.5", 1000, S, 53), T0);
        assertThat(ct.count(ip("203.0.113.99"), 24, false, 6, T0)).isEqualTo(2);
        assertThat(ct.count(ip("203.0.113.99"), 24, false, 0, T0)).isEqualTo(3);
        assertThat(ct.count(ip("203.0.113.5"), 32, false, 0, T0)).isEqualTo(2);
        assertThat(ct.count(ip(S), 32, true, 6, T0)).isEqualTo(3);
        assertThat(ct.count(ip(S), 32, true, 17, T0 + 30 * SECOND)).isZero(); // expired
        ct.flush();
        assertThat(ct.count(ip(S), 32, true, 0, T0)).isZero();
        assertThat(ct.size()).isZero();
    }
}
