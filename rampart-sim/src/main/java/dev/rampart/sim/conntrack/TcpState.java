package dev.rampart.sim.conntrack;

/**
 * The TCP tracker's connection states ({@code enum tcp_conntrack} in the kernel), in the kernel's order, with
 * their default timeouts in seconds (the {@code net.netfilter.nf_conntrack_tcp_timeout_*} sysctls of Linux
 * 6.x, verified on 6.18).
 */
public enum TcpState {
    /** Initial state of a connection before its first packet was processed. */
    NONE(0),
    /** SYN seen in the original direction. */
    SYN_SENT(120),
    /** SYN/ACK seen. */
    SYN_RECV(60),
    /** ACK after SYN/ACK (or a picked-up mid-stream packet). */
    ESTABLISHED(432_000),
    /** FIN seen. */
    FIN_WAIT(120),
    /** ACK seen after FIN. */
    CLOSE_WAIT(60),
    /** FIN seen in both directions. */
    LAST_ACK(30),
    /** Last ACK seen. */
    TIME_WAIT(120),
    /** RST seen. */
    CLOSE(10),
    /** SYN seen from the reply direction: simultaneous open. */
    SYN_SENT2(120);

    /** {@code nf_conntrack_tcp_timeout_unacknowledged} and {@code _max_retrans}, seconds. */
    static final long UNACK_TIMEOUT_SECONDS = 300;

    private final long timeoutSeconds;

    TcpState(long timeoutSeconds) {
        this.timeoutSeconds = timeoutSeconds;
    }

    /** Default timeout of this state, in seconds. */
    public long timeoutSeconds() {
        return timeoutSeconds;
    }
}
