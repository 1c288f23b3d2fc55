package dev.rampart.sim.conntrack;

/**
 * One tracked connection ({@code struct nf_conn}): its two tuples, status bits with the kernel's values, the
 * protocol tracker's state, timeout on the virtual clock, mark and per-direction counters. Created by
 * {@link Conntrack#track}; lives in the table from {@link Conntrack#confirm} until it expires, is replaced or
 * killed. Mutable, owned by one {@link Conntrack}; not thread-safe.
 */
public final class Connection implements CtEntry {

    /** {@code IPS_EXPECTED}: created by a helper's expectation (never set here: no helpers). */
    public static final int EXPECTED = 1;
    /** {@code IPS_SEEN_REPLY}: a packet was seen in the reply direction. */
    public static final int SEEN_REPLY = 1 << 1;
    /** {@code IPS_ASSURED}: the connection is established enough not to be evicted early. */
    public static final int ASSURED = 1 << 2;
    /** {@code IPS_CONFIRMED}: the first packet left the stack; the connection is in the table. */
    public static final int CONFIRMED = 1 << 3;
    /** {@code IPS_SRC_NAT}: the source is rewritten in the original direction. */
    public static final int SRC_NAT = 1 << 4;
    /** {@code IPS_DST_NAT}: the destination is rewritten in the original direction. */
    public static final int DST_NAT = 1 << 5;
    /** {@code IPS_SRC_NAT_DONE}: the source NAT binding (maybe a null binding) is made. */
    public static final int SRC_NAT_DONE = 1 << 7;
    /** {@code IPS_DST_NAT_DONE}: the destination NAT binding (maybe a null binding) is made. */
    public static final int DST_NAT_DONE = 1 << 8;
    /** {@code IPS_DYING}: removed from the table (killed by RST, replaced, expired or flushed). */
    public static final int DYING = 1 << 9;

    /** Per-direction TCP flag: this side sent the first FIN ({@code IP_CT_TCP_FLAG_CLOSE_INIT}). */
    static final int TCP_CLOSE_INIT = 0x04;
    /** {@code last_flags}: simultaneous open seen ({@code IP_CT_TCP_SIMULTANEOUS_OPEN}). */
    static final int TCP_SIMULTANEOUS_OPEN = 0x40;
    /** {@code last_flags}: a SYN in LAST_ACK may draw an RFC 5961 challenge ACK ({@code IP_CT_EXP_CHALLENGE_ACK}). */
    static final int TCP_EXP_CHALLENGE_ACK = 0x40 << 1;

    private final FlowKey original;
    private FlowKey reply;
    private int status;
    private long mark;
    private long expiresAtNanos;
    private final long[] packets = new long[2];
    private final long[] bytes = new long[2];

    // TCP tracker state (struct ip_ct_tcp without the window fields, which are not modelled).
    TcpState tcpState = TcpState.NONE;
    final int[] tcpSeenFlags = new int[2];
    int lastIndex = TcpTracker.NONE_SET;
    int lastDir;
    long lastSeq = -1;
    long lastEnd = -1;
    long lastAck = -1;
    int lastFlags;

    /** UDP: end of the two-second window after which a replied flow counts as a stream, ns. */
    long udpStreamDeadlineNanos;

    Connection(FlowKey original, FlowKey reply) {
        this.original = original;
        this.reply = reply;
    }

    FlowKey originalKey() {
        return original;
    }

    FlowKey replyKey() {
        return reply;
    }

    /** The tuple of direction {@code dir} (0 original, 1 reply). */
    FlowKey key(int dir) {
        return dir == 0 ? original : reply;
    }

    void setReplyKey(FlowKey k) {
        reply = k;
    }

    void setStatus(int bits) {
        status |= bits;
    }

    void clearStatus(int bits) {
        status &= ~bits;
    }

    boolean has(int bits) {
        return (status & bits) == bits;
    }

    /** Restarts the timeout at {@code nowNanos} and counts the packet ({@code nf_ct_refresh_acct}). */
    void refresh(long nowNanos, long timeoutSeconds, int dir, int length) {
        expiresAtNanos = nowNanos + timeoutSeconds * 1_000_000_000L;
        account(dir, length);
    }

    void account(int dir, int length) {
        packets[dir]++;
        bytes[dir] += Math.max(length, 0);
    }

    void setExpiresAtNanos(long t) {
        expiresAtNanos = t;
    }

    /** Whether the connection is expired at {@code nowNanos} (the kernel's {@code nf_ct_is_expired}). */
    public boolean isExpired(long nowNanos) {
        return nowNanos - expiresAtNanos >= 0;
    }

    /** The virtual time the connection expires at, in nanoseconds since the epoch. */
    public long expiresAtNanos() {
        return expiresAtNanos;
    }

    /** Status bits with the kernel's {@code IPS_*} values (see the constants of this class). */
    public int status() {
        return status;
    }

    /** The IP protocol number. */
    public int protocol() {
        return original.protocol();
    }

    /** The TCP tracker's state; {@link TcpState#NONE} for other protocols. */
    public TcpState tcpState() {
        return tcpState;
    }

    @Override
    public CtTuple original() {
        return original.toCtTuple();
    }

    @Override
    public CtTuple reply() {
        return reply.toCtTuple();
    }

    @Override
    public long mark() {
        return mark;
    }

    @Override
    public void setMark(long mark) {
        this.mark = mark & 0xFFFF_FFFFL;
    }

    @Override
    public boolean seenReply() {
        return has(SEEN_REPLY);
    }

    @Override
    public boolean assured() {
        return has(ASSURED);
    }

    @Override
    public boolean confirmed() {
        return has(CONFIRMED);
    }

    @Override
    public boolean expected() {
        return has(EXPECTED);
    }

    @Override
    public boolean snat() {
        return has(SRC_NAT);
    }

    @Override
    public boolean dnat() {
        return has(DST_NAT);
    }

    /** Always null: connection tracking helpers (ftp, sip, ...) are not modelled. */
    @Override
    public String helper() {
        return null;
    }

    /** Whole seconds left, as {@code --ctexpire} sees them ({@code nf_ct_expires(ct) / HZ}); 0 once expired. */
    @Override
    public long expiresInSeconds(long nowNanos) {
        return Math.max(0, expiresAtNanos - nowNanos) / 1_000_000_000L;
    }

    @Override
    public long packets(boolean replyDirection) {
        return packets[replyDirection ? 1 : 0];
    }

    @Override
    public long bytes(boolean replyDirection) {
        return bytes[replyDirection ? 1 : 0];
    }

    @Override
    public String toString() {
        return "Connection[" + original + " / " + reply + ", status=0x" + Integer.toHexString(status)
                + (original.protocol() == FlowKey.TCP ? ", " + tcpState : "") + "]";
    }
}
