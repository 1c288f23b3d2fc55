package dev.rampart.sim.conntrack;

import dev.rampart.sim.packet.Packet;

/**
 * The TCP protocol tracker: {@code nf_conntrack_tcp_packet}, {@code tcp_new} and {@code tcp_error} of Linux 6.x
 * ({@code net/netfilter/nf_conntrack_proto_tcp.c}) without sequence-window tracking.
 *
 * <p>Design: a packet is classified by its flags into one of six indexes (RST, SYN, SYN/ACK, FIN, ACK, none),
 * and the kernel's transition table {@code tcp_conntracks[direction][index][old state]} gives the new state, or
 * IGNORE (the packet passes but changes nothing) or INVALID. The special cases around the table are kept:
 * re-opening a closed/aborted connection with a SYN (the old connection is deleted and the packet looked up
 * again), resynchronisation on a SYN/ACK answering an ignored SYN, RFC 5961 challenge ACKs in LAST_ACK,
 * simultaneous open, the RST that kills a never-answered connection, no timeout refresh on a retransmitted SYN,
 * and the 300 s cap on picked-up connections. {@code tcp_in_window} is not modelled: every packet is treated as
 * in window (see docs/simulator-conntrack.md).
 */
final class TcpTracker {

    /** Outcome of one packet. */
    enum Verdict {
        /** Part of the connection. */
        ACCEPT,
        /** Rejected by the tracker: the packet is INVALID and the connection unchanged. */
        INVALID,
        /** Re-open of a closed connection: delete it and look the packet up again. */
        REPEAT
    }

    static final int SYN_SET = 0;
    static final int SYNACK_SET = 1;
    static final int FIN_SET = 2;
    static final int ACK_SET = 3;
    static final int RST_SET = 4;
    static final int NONE_SET = 5;

    private static final int IV = 10; // sIV: TCP_CONNTRACK_MAX
    private static final int IG = 11; // sIG: TCP_CONNTRACK_IGNORE
    private static final int NO = 0;
    private static final int SS = 1;
    private static final int SR = 2;
    private static final int ES = 3;
    private static final int FW = 4;
    private static final int CW = 5;
    private static final int LA = 6;
    private static final int TW = 7;
    private static final int CL = 8;
    private static final int S2 = 9;

    /** tcp_conntracks[dir][index][old state], columns sNO sSS sSR sES sFW sCW sLA sTW sCL sS2. */
    private static final int[][][] TABLE = {
        { // ORIGINAL
            {SS, SS, IG, IG, IG, IG, IG, SS, SS, S2}, // syn
            {IV, IV, SR, IV, IV, IV, IV, IV, IV, SR}, // synack
            {IV, IV, FW, FW, LA, LA, LA, TW, CL, IV}, // fin
            {ES, IV, ES, ES, CW, CW, TW, TW, CL, IV}, // ack
            {IV, CL, CL, CL, CL, CL, CL, CL, CL, CL}, // rst
            {IV, IV, IV, IV, IV, IV, IV, IV, IV, IV}, // none
        },
        { // REPLY
            {IV, S2, IV, IV, IV, IV, IV, SS, IV, S2}, // syn
            {IV, SR, IG, IG, IG, IG, IG, IG, IG, SR}, // synack
            {IV, IV, FW, FW, LA, LA, LA, TW, CL, IV}, // fin
            {IV, IG, SR, ES, CW, CW, TW, TW, CL, IG}, // ack
            {IV, CL, CL, CL, CL, CL, CL, CL, CL, CL}, // rst
            {IV, IV, IV, IV, IV, IV, IV, IV, IV, IV}, // none
        },
    };

    private static final TcpState[] STATES = TcpState.values();

    private TcpTracker() {
    }

    /**
     * {@code tcp_valid_flags}: whether the flag combination, ignoring PSH, ECE and CWR, is one a TCP stack sends
     * (SYN, SYN+URG, SYN+ACK, RST, RST+ACK, FIN+ACK, FIN+ACK+URG, ACK, ACK+URG).
     */
    static boolean validFlags(int flags) {
        int f = flags & ~(Packet.ECE | Packet.CWR | Packet.PSH) & 0xFF;
        return switch (f) {
            case Packet.SYN, Packet.SYN | Packet.URG, Packet.SYN | Packet.ACK, Packet.RST, Packet.RST | Packet.ACK,
                 Packet.FIN | Packet.ACK, Packet.FIN | Packet.ACK | Packet.URG, Packet.ACK,
                 Packet.ACK | Packet.URG -> true;
            default -> false;
        };
    }

    /** {@code get_conntrack_index}. */
    static int index(int flags) {
        if ((flags & Packet.RST) != 0) {
            return RST_SET;
        }
        if ((flags & Packet.SYN) != 0) {
            return (flags & Packet.ACK) != 0 ? SYNACK_SET : SYN_SET;
        }
        if ((flags & Packet.FIN) != 0) {
            return FIN_SET;
        }
        return (flags & Packet.ACK) != 0 ? ACK_SET : NONE_SET;
    }

    /**
     * {@code tcp_new}: whether a packet may create a connection. SYN (without ACK) creates one in SYN_SENT; with
     * {@code nf_conntrack_tcp_loose=1} any packet indexed ACK (ACK without SYN, FIN, RST; PSH/URG allowed) picks
     * up a mid-stream connection in ESTABLISHED. Everything else (SYN/ACK, FIN, RST, no flags) cannot.
     */
    static boolean canCreate(int flags) {
        return TABLE[0][index(flags)][NO] < IV;
    }

    /** Processes one packet of {@code c} in direction {@code dir} ({@code nf_conntrack_tcp_packet}). */
    static Verdict packet(Connection c, Packet p, int dir, boolean fresh, long nowNanos, int length) {
        int flags = p.tcpFlags();
        if (!validFlags(flags)) {
            return Verdict.INVALID;
        }
        int index = index(flags);
        if (fresh) {
            if (!canCreate(flags)) {
                return Verdict.INVALID;
            }
            c.tcpState = TcpState.NONE;
            c.lastIndex = NONE_SET;
        }
        int oldState = c.tcpState.ordinal();
        int newState = TABLE[dir][index][oldState];
        boolean hasSeq = p.seq() >= 0;
        long seq = p.seq() & 0xFFFF_FFFFL;
        long ack = p.ack() & 0xFFFF_FFFFL;
        long end = (seq + p.payload().length() + ((flags & Packet.SYN) != 0 ? 1 : 0)
                + ((flags & Packet.FIN) != 0 ? 1 : 0)) & 0xFFFF_FFFFL;

        boolean ignore = false;
        switch (newState) {
            case SS -> {
                if (oldState >= TW) {
                    boolean closeInit = ((c.tcpSeenFlags[0] | c.tcpSeenFlags[1]) & Connection.TCP_CLOSE_INIT) != 0;
                    if (closeInit || (c.lastDir == dir && c.lastIndex == RST_SET)) {
                        return Verdict.REPEAT;
                    }
                    ignore = true;
                }
            }
            case IG -> ignore = true;
            case IV -> {
                return Verdict.INVALID;
            }
            case TW -> {
                if (oldState == LA && index == ACK_SET && c.lastDir != dir && c.lastIndex == SYN_SET
                        && (c.lastFlags & Connection.TCP_EXP_CHALLENGE_ACK) != 0) {
                    // An RFC 5961 challenge ACK answering a SYN, not the ACK of the last FIN.
                    c.lastFlags &= ~Connection.TCP_EXP_CHALLENGE_ACK;
                    return Verdict.ACCEPT;
                }
            }
            case S2 -> c.lastFlags |= Connection.TCP_SIMULTANEOUS_OPEN;
            case SR -> {
                if (dir == 1 && index == ACK_SET && (c.lastFlags & Connection.TCP_SIMULTANEOUS_OPEN) != 0) {
                    newState = ES;
                }
            }
            default -> {
                // CLOSE: the kernel's RST sequence checks need window data; an RST is accepted as in window.
            }
        }
        if (ignore) {
            if (index == SYNACK_SET && c.lastIndex == SYN_SET && c.lastDir != dir && hasSeq && p.ack() >= 0
                    && ack == c.lastEnd) {
                // The SYN/ACK answers a SYN we ignored: client and server are in sync, we get in sync too.
                oldState = SS;
                newState = SR;
                c.lastFlags &= ~Connection.TCP_EXP_CHALLENGE_ACK;
            } else {
                c.lastIndex = index;
                c.lastDir = dir;
                c.lastSeq = hasSeq ? seq : -1;
                c.lastEnd = hasSeq ? end : -1;
                if (index == SYN_SET && dir == 0) {
                    c.lastFlags = oldState == LA ? Connection.TCP_EXP_CHALLENGE_ACK : 0;
                }
                if (oldState == SS && index == ACK_SET && dir == 1) {
                    c.lastAck = p.ack() >= 0 ? ack : -1;
                }
                return Verdict.ACCEPT; // passes, no state change, no timeout refresh
            }
        }

        c.lastIndex = index;
        c.lastDir = dir;
        c.tcpState = STATES[newState];
        if (oldState != newState && newState == FW) {
            c.tcpSeenFlags[dir] |= Connection.TCP_CLOSE_INIT;
        }
        long timeout = index == RST_SET ? TcpState.CLOSE.timeoutSeconds() : STATES[newState].timeoutSeconds();
        if (!c.has(Connection.SEEN_REPLY)) {
            if ((flags & Packet.RST) != 0) {
                // Only reply is a RST: not a connection; the caller deletes it after counting the packet.
                c.account(dir, length);
                c.setStatus(Connection.DYING);
                return Verdict.ACCEPT;
            }
            if (index == SYN_SET && oldState == SS) {
                return Verdict.ACCEPT; // retransmitted SYN does not renew the timeout
            }
            if (newState == ES && timeout > TcpState.UNACK_TIMEOUT_SECONDS) {
                timeout = TcpState.UNACK_TIMEOUT_SECONDS; // picked-up connection without a reply yet
            }
        } else if (!c.has(Connection.ASSURED) && (oldState == SR || oldState == ES) && newState == ES) {
            c.setStatus(Connection.ASSURED);
        }
        c.refresh(nowNanos, timeout, dir, length);
        return Verdict.ACCEPT;
    }
}
