package dev.rampart.sim.conntrack;

import static dev.rampart.sim.packet.Packet.ACK;
import static dev.rampart.sim.packet.Packet.FIN;
import static dev.rampart.sim.packet.Packet.PSH;
import static dev.rampart.sim.packet.Packet.RST;
import static dev.rampart.sim.packet.Packet.SYN;
import static dev.rampart.sim.packet.Packet.URG;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.match.CtState;
import dev.rampart.sim.engine.PacketState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The TCP tracker's states as {@code -m conntrack --ctstate} and {@code --ctstatus} see them. */
class TcpTrackingTest extends ConntrackTestSupport {

    private static final String C = "203.0.113.5";
    private static final String S = "198.18.0.10";

    private PacketState out(int flags, long t) {
        return pass(tcp(C, 40000, S, 22, flags), t);
    }

    private PacketState back(int flags, long t) {
        return pass(tcp(S, 22, C, 40000, flags), t);
    }

    private Connection handshake() {
        out(SYN, T0);
        back(SYN | ACK, T0 + 1);
        return (Connection) out(ACK, T0 + 2).ct();
    }

    @Test
    void handshakeIsNewThenEstablishedInBothDirections() {
        PacketState syn = out(SYN, T0);
        assertThat(syn.ctState()).isEqualTo(CtState.NEW);
        Connection c = (Connection) syn.ct();
        assertThat(c.tcpState()).isEqualTo(TcpState.SYN_SENT);
        assertThat(c.confirmed()).isTrue();
        assertThat(ct.size()).isEqualTo(1);
        assertThat(c.expiresInSeconds(T0)).isEqualTo(120);

        PacketState synAck = back(SYN | ACK, T0 + SECOND);
        assertThat(synAck.ctState()).isEqualTo(CtState.ESTABLISHED);
        assertThat(synAck.ctReply()).isTrue();
        assertThat(synAck.ct()).isSameAs(c);
        assertThat(c.tcpState()).isEqualTo(TcpState.SYN_RECV);
        assertThat(c.seenReply()).isTrue();
        assertThat(c.assured()).isFalse();

        PacketState ack = out(ACK, T0 + 2 * SECOND);
        assertThat(ack.ctState()).isEqualTo(CtState.ESTABLISHED);
        assertThat(ack.ctReply()).isFalse();
        assertThat(c.tcpState()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(c.assured()).isTrue();
        assertThat(c.expiresInSeconds(T0 + 2 * SECOND)).isEqualTo(432_000);
        assertThat(ct.size()).isEqualTo(1);
    }

    @Test
    void dataBothWaysIsEstablishedAndCounted() {
        Connection c = handshake();
        PacketState data = pass(tcp(C, 40000, S, 22, PSH | ACK).payload("hello"), T0 + 3);
        PacketState answer = pass(tcp(S, 22, C, 40000, PSH | ACK).payload("hi"), T0 + 4);
        assertThat(data.ctState()).isEqualTo(CtState.ESTABLISHED);
        assertThat(answer.ctState()).isEqualTo(CtState.ESTABLISHED);
        assertThat(c.packets(false)).isEqualTo(3);
        assertThat(c.packets(true)).isEqualTo(2);
        assertThat(c.bytes(false)).isEqualTo(40 + 40 + 45);
        assertThat(c.bytes(true)).isEqualTo(40 + 42);
    }

    @Test
    void finTeardownReachesTimeWaitAndExpiresAfterTwoMinutes() {
        Connection c = handshake();
        out(FIN | ACK, T0 + SECOND);
        assertThat(c.tcpState()).isEqualTo(TcpState.FIN_WAIT);
        back(ACK, T0 + SECOND);
        assertThat(c.tcpState()).isEqualTo(TcpState.CLOSE_WAIT);
        back(FIN | ACK, T0 + SECOND);
        assertThat(c.tcpState()).isEqualTo(TcpState.LAST_ACK);
        PacketState last = out(ACK, T0 + SECOND);
        assertThat(last.ctState()).isEqualTo(CtState.ESTABLISHED);
        assertThat(c.tcpState()).isEqualTo(TcpState.TIME_WAIT);
        assertThat(c.expiresInSeconds(T0 + SECOND)).isEqualTo(120);

        long before = T0 + SECOND + 120 * SECOND - 1;
        assertThat(back(ACK, before).ct()).isSameAs(c);
        // the ACK above refreshed TIME_WAIT; 120 s after it the connection is gone
        long gone = before + 120 * SECOND;
        assertThat(ct.find(c.original(), gone)).isNull();
        PacketState late = out(ACK, gone);
        assertThat(late.ctState()).isEqualTo(CtState.NEW); // picked up again as a new connection
        assertThat(late.ct()).isNotSameAs(c);
    }

    @Test
    void synReopensAConnectionInTimeWait() {
        Connection c = handshake();
        out(FIN | ACK, T0 + 3);
        back(FIN | ACK, T0 + 4);
        out(ACK, T0 + 5);
        assertThat(c.tcpState()).isEqualTo(TcpState.TIME_WAIT);
        PacketState syn = out(SYN, T0 + 6);
        assertThat(syn.ctState()).isEqualTo(CtState.NEW);
        assertThat(syn.ct()).isNotSameAs(c);
        assertThat(((Connection) syn.ct()).tcpState()).isEqualTo(TcpState.SYN_SENT);
        assertThat(ct.size()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {ACK, PSH | ACK, ACK | URG})
    void midStreamAckIsPickedUpAsNew(int flags) {
        PacketState mid = out(flags, T0);
        assertThat(mid.ctState()).isEqualTo(CtState.NEW);
        Connection c = (Connection) mid.ct();
        assertThat(c.tcpState()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(c.expiresInSeconds(T0)).isEqualTo(300); // capped until a reply is seen
        assertThat(back(ACK, T0 + 1).ctState()).isEqualTo(CtState.ESTABLISHED);
        assertThat(out(ACK, T0 + 2).ctState()).isEqualTo(CtState.ESTABLISHED);
        assertThat(c.assured()).isTrue();
        assertThat(c.expiresInSeconds(T0 + 2)).isEqualTo(432_000);
    }

    @ParameterizedTest
    @ValueSource(ints = {RST, RST | ACK, FIN | ACK, SYN | ACK})
    void packetsThatCannotStartAConnectionAreInvalid(int flags) {
        PacketState stray = out(flags, T0);
        assertThat(stray.ctState()).isEqualTo(CtState.INVALID);
        assertThat(stray.ct()).isNull();
        assertThat(ct.size()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {SYN | FIN, FIN, 0, SYN | RST, FIN | PSH | URG, SYN | FIN | RST | PSH | ACK | URG,
        RST | FIN | ACK})
    void invalidFlagCombinationsAreInvalidEvenInAConnection(int flags) {
        Connection c = handshake();
        assertThat(out(flags, T0 + 3).ctState()).isEqualTo(CtState.INVALID);
        assertThat(out(flags, T0 + 3).ct()).isNull();
        assertThat(c.tcpState()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(c.packets(false)).isEqualTo(2);
    }

    @Test
    void ackBeforeSynAckIsInvalid() {
        out(SYN, T0);
        PacketState early = out(ACK, T0 + 1);
        assertThat(early.ctState()).isEqualTo(CtState.INVALID);
        assertThat(ct.entries().get(0).tcpState()).isEqualTo(TcpState.SYN_SENT);
    }

    @Test
    void resetAnsweringASynIsEstablishedAndEndsTheConnection() {
        out(SYN, T0);
        PacketState rst = back(RST | ACK, T0 + 1);
        assertThat(rst.ctState()).isEqualTo(CtState.ESTABLISHED);
        assertThat(rst.ctReply()).isTrue();
        assertThat(ct.size()).isZero();
        assertThat(back(SYN | ACK, T0 + 2).ctState()).isEqualTo(CtState.INVALID);
    }

    @Test
    void resetInEstablishedClosesWithTenSecondTimeout() {
        Connection c = handshake();
        back(RST, T0 + 3);
        assertThat(c.tcpState()).isEqualTo(TcpState.CLOSE);
        assertThat(c.expiresInSeconds(T0 + 3)).isEqualTo(10);
        assertThat(ct.count(ip(C), 32, false, 6, T0 + 4)).isZero(); // closed: connlimit ignores it
    }

    @Test
    void retransmittedSynDoesNotRenewTheTimeout() {
        Connection c = (Connection) out(SYN, T0).ct();
        out(SYN, T0 + 60 * SECOND);
        assertThat(c.expiresInSeconds(T0 + 60 * SECOND)).isEqualTo(60);
        assertThat(out(SYN, T0 + 120 * SECOND).ct()).isNotSameAs(c);
    }

    @Test
    void synInEstablishedIsIgnoredNotInvalid() {
        Connection c = handshake();
        PacketState syn = out(SYN, T0 + 3);
        assertThat(syn.ctState()).isEqualTo(CtState.ESTABLISHED);
        assertThat(c.tcpState()).isEqualTo(TcpState.ESTABLISHED);
    }

    @Test
    void simultaneousOpenReachesEstablished() {
        Connection c = (Connection) out(SYN, T0).ct();
        back(SYN, T0 + 1);
        assertThat(c.tcpState()).isEqualTo(TcpState.SYN_SENT2);
        out(SYN | ACK, T0 + 2);
        assertThat(c.tcpState()).isEqualTo(TcpState.SYN_RECV);
        back(ACK, T0 + 3);
        assertThat(c.tcpState()).isEqualTo(TcpState.ESTABLISHED);
    }

    @Test
    void unconfirmedConnectionLeavesNothing() {
        PacketState syn = received(tcp(C, 40000, S, 22, SYN), T0); // dropped: never confirmed
        assertThat(syn.ctState()).isEqualTo(CtState.NEW);
        assertThat(ct.size()).isZero();
        assertThat(back(SYN | ACK, T0 + 1).ctState()).isEqualTo(CtState.INVALID);
        PacketState again = out(SYN, T0 + 2);
        assertThat(again.ctState()).isEqualTo(CtState.NEW);
        assertThat(again.ct()).isNotSameAs(syn.ct());
    }

    @Test
    void expiryFollowsTheVirtualClock() {
        Connection c = (Connection) out(SYN, T0).ct();
        assertThat(ct.find(c.original(), T0 + 120 * SECOND - 1)).isSameAs(c);
        assertThat(ct.find(c.original(), T0 + 120 * SECOND)).isNull();
        ct.expire(T0 + 120 * SECOND);
        assertThat(ct.size()).isZero();
    }
}
