package dev.rampart.sim.conntrack;

import dev.rampart.model.Family;
import dev.rampart.model.match.CtState;
import dev.rampart.model.net.IpAddress;
import dev.rampart.sim.conntrack.NatRequest.Manip;
import dev.rampart.sim.engine.Hook;
import dev.rampart.sim.engine.PacketState;
import dev.rampart.sim.packet.Packet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.random.RandomGenerator;

/**
 * The connection tracking table and NAT of one simulation run, modelled on Linux 6.x
 * ({@code nf_conntrack_core.c}, the TCP/UDP/ICMP/ICMPv6/GRE/generic trackers, {@code nf_nat_core.c}).
 *
 * <p>How the traversal engine drives it, per packet:
 * <ol>
 *   <li>{@link #track} once, at the first conntrack hook (PREROUTING for received packets, OUTPUT for local
 *       ones), after the raw table and only when the packet was not NOTRACKed. It sets the packet's state,
 *       connection and direction. A packet that starts a connection gets a new, unconfirmed
 *       {@link Connection}: not yet in the table.</li>
 *   <li>At each hook where the nat table has a built-in chain (PREROUTING and OUTPUT: destination NAT;
 *       INPUT and POSTROUTING: source NAT): if {@link #needsNatLookup} the engine runs the nat chain, and a
 *       NAT target calls {@link #bindNat}; then, whatever happened, {@link #applyNat} (which makes the null
 *       binding when no target bound, and rewrites packets of connections with NAT). Without a nat table for
 *       the family, the engine calls neither and no NAT happens.</li>
 *   <li>{@link #confirm} when the packet leaves the stack accepted (after POSTROUTING, or after INPUT for
 *       local delivery): a new connection enters the table. A packet dropped before leaves nothing behind.</li>
 * </ol>
 *
 * <p>Time is the run's virtual clock in nanoseconds since the epoch; a connection is gone once its timeout
 * passed (checked on every lookup, so no garbage collection is needed for correctness). Not thread-safe: one
 * instance per run. What is not modelled is listed in docs/simulator-conntrack.md.
 */
public final class Conntrack implements ConnectionTable {

    /** {@code nf_conntrack_udp_timeout}, seconds. */
    static final long UDP_TIMEOUT_SECONDS = 30;
    /** {@code nf_conntrack_udp_timeout_stream}, seconds. */
    static final long UDP_STREAM_TIMEOUT_SECONDS = 120;
    /** How long a replied UDP flow must live before it counts as a stream ({@code stream_ts}), ns. */
    static final long UDP_STREAM_AFTER_NANOS = 2_000_000_000L;
    /** {@code nf_conntrack_icmp_timeout} and {@code nf_conntrack_icmpv6_timeout}, seconds. */
    static final long ICMP_TIMEOUT_SECONDS = 30;
    /** GRE timeouts without and with a reply ({@code GRE_CT_UNREPLIED}, {@code GRE_CT_REPLIED}), seconds. */
    static final long GRE_TIMEOUT_SECONDS = 30;
    static final long GRE_STREAM_TIMEOUT_SECONDS = 180;
    /** {@code nf_conntrack_generic_timeout}, seconds. */
    static final long GENERIC_TIMEOUT_SECONDS = 600;

    private static final int ORIGINAL = 0;
    private static final int REPLY = 1;

    /** Both tuples of every confirmed connection. */
    private final Map<FlowKey, Connection> byTuple = new HashMap<>();
    /** Confirmed connections in insertion order. */
    private final Set<Connection> live = new LinkedHashSet<>();
    /** Connections with a source NAT binding by original source ({@code nf_nat_bysource}), newest first. */
    private final Map<FlowKey, Deque<Connection>> bySource = new HashMap<>();
    private final NatChooser chooser;
    /** Virtual time of the packet being processed (NAT calls carry no time of their own), ns. */
    private long clockNanos = Long.MIN_VALUE / 2;

    /**
     * A table whose NAT port search starts at the bottom of the range where the kernel starts at a random
     * point: results are the same on every run.
     */
    public Conntrack() {
        this(() -> 0);
    }

    /** A table whose NAT port search starts where {@code random} says, as the kernel's {@code get_random_u16}. */
    public Conntrack(RandomGenerator random) {
        this(() -> random.nextInt(65536));
    }

    private Conntrack(IntSupplier offsets) {
        this.chooser = new NatChooser(this::natTupleUsed, offsets);
    }

    // ---------------------------------------------------------------------------------------------- tracking

    /**
     * Classifies {@code p} ({@code nf_conntrack_in}) and records it with {@link PacketState#setConntrack}.
     *
     * <ul>
     *   <li>NEW: first packet of a connection (a new unconfirmed entry), or a later original-direction packet
     *       before any reply was seen (the kernel's {@code IP_CT_NEW} until {@code IPS_SEEN_REPLY}, for every
     *       protocol).</li>
     *   <li>ESTABLISHED: any packet in the reply direction, and original-direction packets after a reply.</li>
     *   <li>RELATED: an ICMP/ICMPv6 error whose embedded header ({@link Packet#embedded()}, as the error's
     *       sender saw it, i.e. after NAT) belongs to a known connection and whose outer destination is that
     *       connection's endpoint.</li>
     *   <li>INVALID (no entry): the protocol tracker rejects the packet (bad TCP flags, a TCP packet that cannot
     *       start a connection, an out-of-state TCP packet, an ICMP reply without request, an unmatched ICMP
     *       error, a non-first fragment).</li>
     *   <li>UNTRACKED: ICMPv6 neighbour discovery and MLD, which the kernel never tracks.</li>
     * </ul>
     *
     * <p>A non-null {@link Packet#ctState()} overrides the result. UNTRACKED and INVALID leave the table alone
     * and attach no entry. NEW, ESTABLISHED and RELATED track the packet normally (so the table evolves as it
     * would) and then report the forced state; when tracking found no entry (e.g. forced ESTABLISHED on a lone
     * SYN/ACK), the packet's connection is looked up ignoring the tracker's verdict, and if there is none a new
     * unconfirmed entry is made (TCP in ESTABLISHED, as a picked-up connection; {@code SEEN_REPLY} set for a
     * forced ESTABLISHED, {@code EXPECTED} for RELATED) so that NAT and connmark work. SNAT and DNAT are not
     * packet states and are ignored as overrides.
     */
    public void track(PacketState p, long nowNanos) {
        clockNanos = nowNanos;
        CtState forced = p.original().ctState();
        if (forced == CtState.UNTRACKED || forced == CtState.INVALID) {
            p.setConntrack(forced, null, false);
            return;
        }
        Result r = derive(p, nowNanos);
        if (forced != CtState.NEW && forced != CtState.ESTABLISHED && forced != CtState.RELATED) {
            p.setConntrack(r.state, r.entry, r.reply);
            return;
        }
        if (r.entry != null) {
            p.setConntrack(forced, r.entry, r.reply);
            return;
        }
        FlowKey key = FlowKey.of(p.original());
        Lookup found = lookup(key, nowNanos);
        if (found != null) {
            p.setConntrack(forced, found.connection, found.dir == REPLY);
            return;
        }
        FlowKey reply = key.invert();
        if (reply == null) {
            reply = new FlowKey(key.dst(), key.src(), key.protocol(), key.dport(), key.sport(), key.code());
        }
        Connection c = new Connection(key, reply);
        if (forced == CtState.ESTABLISHED) {
            c.setStatus(Connection.SEEN_REPLY);
        } else if (forced == CtState.RELATED) {
            c.setStatus(Connection.EXPECTED);
        }
        long timeout = switch (key.protocol()) {
            case FlowKey.TCP -> {
                c.tcpState = TcpState.ESTABLISHED;
                yield forced == CtState.ESTABLISHED ? TcpState.ESTABLISHED.timeoutSeconds()
                        : TcpState.UNACK_TIMEOUT_SECONDS;
            }
            case FlowKey.UDP, FlowKey.UDPLITE -> UDP_TIMEOUT_SECONDS;
            case FlowKey.ICMP, FlowKey.ICMPV6 -> ICMP_TIMEOUT_SECONDS;
            case FlowKey.GRE -> GRE_TIMEOUT_SECONDS;
            default -> GENERIC_TIMEOUT_SECONDS;
        };
        c.refresh(nowNanos, timeout, ORIGINAL, p.length());
        p.setConntrack(forced, c, false);
    }

    private record Result(CtState state, Connection entry, boolean reply) {
        static final Result INVALID = new Result(CtState.INVALID, null, false);
    }

    private record Lookup(Connection connection, int dir) {
    }

    private Result derive(PacketState ps, long now) {
        Packet p = ps.original();
        if (p.fragment()) {
            return Result.INVALID; // no transport header: "not prepared to track yet"
        }
        int proto = p.protocol();
        if (FlowKey.isIcmp(proto) && proto == (p.family() == Family.IPV4 ? FlowKey.ICMP : FlowKey.ICMPV6)) {
            int type = p.icmpType();
            if (proto == FlowKey.ICMPV6 && neverTracked(type)) {
                return new Result(CtState.UNTRACKED, null, false);
            }
            if (isIcmpError(proto, type)) {
                return related(ps, now);
            }
        }
        FlowKey key = FlowKey.of(ps.src(), ps.dst(), proto, ps.sport(), ps.dport(), p.icmpType(), p.icmpCode());
        for (int repeat = 0; ; repeat++) {
            Lookup l = lookup(key, now);
            Connection c;
            int dir;
            boolean fresh = l == null;
            if (fresh) {
                FlowKey reply = key.invert();
                if (reply == null) {
                    return Result.INVALID; // init_conntrack cannot invert the tuple
                }
                c = new Connection(key, reply);
                dir = ORIGINAL;
            } else {
                c = l.connection;
                dir = l.dir;
            }
            CtState state;
            if (dir == REPLY || c.has(Connection.SEEN_REPLY)) {
                state = CtState.ESTABLISHED;
            } else if (c.has(Connection.EXPECTED)) {
                state = CtState.RELATED;
            } else {
                state = CtState.NEW;
            }
            TcpTracker.Verdict v = handle(c, p, dir, fresh, now);
            if (v == TcpTracker.Verdict.REPEAT && repeat == 0) {
                kill(c);
                continue;
            }
            if (v != TcpTracker.Verdict.ACCEPT) {
                return Result.INVALID;
            }
            if (c.has(Connection.DYING) && !fresh) {
                kill(c);
            }
            if (dir == REPLY) {
                c.setStatus(Connection.SEEN_REPLY);
            }
            return new Result(state, c, dir == REPLY);
        }
    }

    /** The protocol tracker's packet handler ({@code nf_conntrack_handle_packet}). */
    private static TcpTracker.Verdict handle(Connection c, Packet p, int dir, boolean fresh, long now) {
        int len = p.length();
        switch (c.protocol()) {
            case FlowKey.TCP -> {
                return TcpTracker.packet(c, p, dir, fresh, now, len);
            }
            case FlowKey.UDP, FlowKey.UDPLITE -> {
                if (fresh) {
                    c.udpStreamDeadlineNanos = now + UDP_STREAM_AFTER_NANOS;
                }
                if (c.has(Connection.SEEN_REPLY)) {
                    long timeout = UDP_TIMEOUT_SECONDS;
                    boolean stream = false;
                    if (now - c.udpStreamDeadlineNanos > 0) {
                        timeout = UDP_STREAM_TIMEOUT_SECONDS;
                        stream = !c.has(Connection.ASSURED);
                    }
                    c.refresh(now, timeout, dir, len);
                    if (stream) {
                        c.setStatus(Connection.ASSURED);
                    }
                } else {
                    c.refresh(now, UDP_TIMEOUT_SECONDS, dir, len);
                }
                return TcpTracker.Verdict.ACCEPT;
            }
            case FlowKey.ICMP, FlowKey.ICMPV6 -> {
                int type = c.originalKey().dport();
                boolean request = c.protocol() == FlowKey.ICMP
                        ? type == 8 || type == 13 || type == 15 || type == 17
                        : type == 128 || type == 139;
                if (fresh && !request) {
                    return TcpTracker.Verdict.INVALID; // can't create a new ICMP "connection" with a reply
                }
                c.refresh(now, ICMP_TIMEOUT_SECONDS, dir, len);
                return TcpTracker.Verdict.ACCEPT;
            }
            case FlowKey.GRE -> {
                if (c.has(Connection.SEEN_REPLY)) {
                    c.refresh(now, GRE_STREAM_TIMEOUT_SECONDS, dir, len);
                    c.setStatus(Connection.ASSURED);
                } else {
                    c.refresh(now, GRE_TIMEOUT_SECONDS, dir, len);
                }
                return TcpTracker.Verdict.ACCEPT;
            }
            default -> {
                c.refresh(now, GENERIC_TIMEOUT_SECONDS, dir, len);
                return TcpTracker.Verdict.ACCEPT;
            }
        }
    }

    /** {@code nf_conntrack_inet_error}: an ICMP error is RELATED to the connection its payload belongs to. */
    private Result related(PacketState ps, long now) {
        Packet inner = ps.original().embedded();
        if (inner == null || inner.family() != ps.family()) {
            return Result.INVALID;
        }
        FlowKey innerKey = FlowKey.of(inner).invert();
        if (innerKey == null) {
            return Result.INVALID;
        }
        Lookup l = lookup(innerKey, now);
        if (l == null) {
            return Result.INVALID;
        }
        // The error must be addressed to the endpoint the connection's tuple in that direction goes to.
        if (!l.connection.key(l.dir).dst().equals(ps.dst())) {
            return Result.INVALID;
        }
        return new Result(CtState.RELATED, l.connection, l.dir == REPLY);
    }

    /** ICMPv6 types conntrack marks untracked: MLD queries/reports, router/neighbour solicitation/advert. */
    private static boolean neverTracked(int type) {
        return type == 130 || type == 131 || type == 132 || type == 133 || type == 134 || type == 135
                || type == 136 || type == 143 || type == 151 || type == 152;
    }

    /** {@code icmp_is_err} for ICMP; ICMPv6 types below 128 are errors. */
    static boolean isIcmpError(int protocol, int type) {
        if (protocol == FlowKey.ICMP) {
            return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
        }
        return type >= 0 && type < 128;
    }

    // ------------------------------------------------------------------------------------------------ table

    private Lookup lookup(FlowKey key, long now) {
        Connection c = byTuple.get(key);
        if (c == null) {
            return null;
        }
        if (c.isExpired(now)) {
            kill(c);
            return null;
        }
        return new Lookup(c, key.equals(c.originalKey()) ? ORIGINAL : REPLY);
    }

    /**
     * Inserts the packet's new connection into the table ({@code __nf_conntrack_confirm}); nothing happens for
     * packets without an entry or whose entry is already confirmed. Returns false when the kernel would drop
     * the packet instead: another live connection already holds one of its tuples (only possible through NAT
     * choosing a taken tuple, e.g. a fixed {@code --to-source addr:port} for two clients); the kernel's UDP
     * clash resolution is not modelled.
     */
    public boolean confirm(PacketState p, long nowNanos) {
        clockNanos = nowNanos;
        if (!(p.ct() instanceof Connection c) || c.confirmed() || c.has(Connection.DYING)) {
            return true;
        }
        if (lookup(c.originalKey(), nowNanos) != null || lookup(c.replyKey(), nowNanos) != null) {
            return false;
        }
        c.setStatus(Connection.CONFIRMED);
        byTuple.put(c.originalKey(), c);
        byTuple.put(c.replyKey(), c);
        live.add(c);
        if (c.has(Connection.SRC_NAT_DONE)) {
            bySource.computeIfAbsent(sourceKey(c.originalKey()), k -> new ArrayDeque<>()).addFirst(c);
        }
        return true;
    }

    private void kill(Connection c) {
        c.setStatus(Connection.DYING);
        if (!live.remove(c)) {
            return;
        }
        byTuple.remove(c.originalKey(), c);
        byTuple.remove(c.replyKey(), c);
        Deque<Connection> d = bySource.get(sourceKey(c.originalKey()));
        if (d != null) {
            d.remove(c);
            if (d.isEmpty()) {
                bySource.remove(sourceKey(c.originalKey()));
            }
        }
    }

    private static FlowKey sourceKey(FlowKey k) {
        return new FlowKey(k.src(), k.src(), k.protocol(), k.sport(), 0, 0);
    }

    /** Removes every connection expired at {@code nowNanos} (the kernel's garbage collector). */
    public void expire(long nowNanos) {
        for (Connection c : new ArrayList<>(live)) {
            if (c.isExpired(nowNanos)) {
                kill(c);
            }
        }
    }

    /** Forgets every connection, as {@code conntrack -F}. */
    public void flush() {
        for (Connection c : live) {
            c.setStatus(Connection.DYING);
        }
        live.clear();
        byTuple.clear();
        bySource.clear();
    }

    /** Confirmed connections in the table, expired ones not yet collected included (see {@link #expire}). */
    public int size() {
        return live.size();
    }

    /** The confirmed connections in the table, oldest first; expired ones not yet collected included. */
    public List<Connection> entries() {
        return List.copyOf(live);
    }

    /** The live connection with {@code tuple} as its original or reply tuple at {@code nowNanos}, or null. */
    public Connection find(CtTuple tuple, long nowNanos) {
        for (Connection c : live) {
            if (!c.isExpired(nowNanos) && (c.original().equals(tuple) || c.reply().equals(tuple))) {
                return c;
            }
        }
        return null;
    }

    @Override
    public int count(IpAddress key, int prefixBits, boolean byDestination, int protocol, long nowNanos) {
        IpAddress want = key.masked(prefixBits);
        int n = 0;
        for (Connection c : live) {
            if (c.isExpired(nowNanos) || (protocol != 0 && c.protocol() != protocol)) {
                continue;
            }
            if (c.protocol() == FlowKey.TCP
                    && (c.tcpState == TcpState.TIME_WAIT || c.tcpState == TcpState.CLOSE)) {
                continue;
            }
            IpAddress a = byDestination ? c.originalKey().dst() : c.originalKey().src();
            if (a.family() == want.family() && a.masked(prefixBits).equals(want)) {
                n++;
            }
        }
        return n;
    }

    // -------------------------------------------------------------------------------------------------- NAT

    /**
     * Whether the nat table's chain must be traversed for {@code p} at {@code hook}: the packet is NEW or
     * RELATED and its connection has no binding yet for the hook's NAT type ({@code nf_nat_initialized}).
     * Established packets and later packets of a bound connection never see the nat table.
     */
    public boolean needsNatLookup(PacketState p, Hook hook) {
        if (!(p.ct() instanceof Connection c)) {
            return false;
        }
        if (p.ctState() != CtState.NEW && p.ctState() != CtState.RELATED) {
            return false;
        }
        return !natInitialized(c, manipOf(hook)) && !c.confirmed();
    }

    /**
     * Binds the packet's connection as a NAT target asks ({@code nf_nat_setup_info}) and rewrites the packet.
     * The new tuple is chosen like the kernel (see {@link NatChooser}); the reply tuple becomes the inverse of
     * it, so replies are recognised and un-NATed. Sets {@code IPS_SRC_NAT}/{@code IPS_DST_NAT} when the tuple
     * changed and marks the manip type done. Does nothing for a packet without an unconfirmed connection or
     * when this manip type is already bound (the kernel would warn and drop).
     */
    public void bindNat(PacketState p, NatRequest r) {
        if (!(p.ct() instanceof Connection c) || c.confirmed() || natInitialized(c, r.manip())) {
            return;
        }
        setupInfo(c, r, r.manip());
        rewrite(p, c, r.manip());
    }

    /**
     * The NAT hook proper ({@code nf_nat_inet_fn}) at {@code hook}, after its nat chain ran (or was skipped):
     * a NEW/RELATED connection still without a binding for this hook's manip type gets the null binding (its
     * current address kept, its port changed only if another connection already uses that tuple); then packets
     * are rewritten: at PREROUTING/OUTPUT the destination of original-direction packets of DNATed connections
     * and of reply packets of SNATed ones; at POSTROUTING/INPUT the source of original-direction packets of
     * SNATed connections and of reply packets of DNATed ones. ICMP errors RELATED to a connection get their
     * outer addresses rewritten the same way (the embedded header is left as it is).
     *
     * @throws IllegalArgumentException for FORWARD, which has no NAT
     */
    public void applyNat(PacketState p, Hook hook) {
        Manip manip = manipOf(hook);
        if (!(p.ct() instanceof Connection c)) {
            return;
        }
        if ((p.ctState() == CtState.NEW || p.ctState() == CtState.RELATED) && !c.confirmed()
                && !natInitialized(c, manip)) {
            FlowKey reply = c.replyKey();
            IpAddress keep = manip == Manip.SOURCE ? reply.dst() : reply.src();
            setupInfo(c, NatRequest.to(manip, keep, -1), manip);
        }
        rewrite(p, c, manip);
    }

    private static Manip manipOf(Hook hook) {
        return switch (hook) {
            case PREROUTING, OUTPUT -> Manip.DESTINATION;
            case INPUT, POSTROUTING -> Manip.SOURCE;
            case FORWARD -> throw new IllegalArgumentException("no NAT at FORWARD");
        };
    }

    private static boolean natInitialized(Connection c, Manip manip) {
        return c.has(manip == Manip.SOURCE ? Connection.SRC_NAT_DONE : Connection.DST_NAT_DONE);
    }

    private void setupInfo(Connection c, NatRequest r, Manip manip) {
        FlowKey current = c.replyKey().invert();
        if (current == null) {
            current = c.originalKey();
        }
        FlowKey reuse = null;
        if (manip == Manip.SOURCE && !r.randomAll() && !NatChooser.inRange(current, r)) {
            reuse = appropriateSource(current, r);
        }
        FlowKey chosen = chooser.choose(current, r, manip, reuse);
        if (!chosen.equals(current)) {
            FlowKey reply = chosen.invert();
            c.setReplyKey(reply != null ? reply : c.replyKey());
            c.setStatus(manip == Manip.SOURCE ? Connection.SRC_NAT : Connection.DST_NAT);
        }
        c.setStatus(manip == Manip.SOURCE ? Connection.SRC_NAT_DONE : Connection.DST_NAT_DONE);
    }

    /** {@code find_appropriate_src}: the mapping another connection from the same source got, if in range. */
    private FlowKey appropriateSource(FlowKey current, NatRequest r) {
        Deque<Connection> d = bySource.get(sourceKey(current));
        if (d == null) {
            return null;
        }
        for (Iterator<Connection> it = d.iterator(); it.hasNext(); ) {
            Connection other = it.next();
            FlowKey mapped = other.replyKey().invert();
            if (mapped == null) {
                continue;
            }
            FlowKey result = new FlowKey(mapped.src(), current.dst(), current.protocol(), mapped.sport(),
                    current.dport(), current.code());
            if (NatChooser.inRange(result, r)) {
                return result;
            }
        }
        return null;
    }

    /** {@code nf_nat_used_tuple}: another live connection already has the reply tuple {@code t} implies. */
    private boolean natTupleUsed(FlowKey t) {
        FlowKey reply = t.invert();
        if (reply == null) {
            return false;
        }
        Connection other = byTuple.get(reply);
        return other != null && !other.isExpired(clockNanos);
    }

    /** {@code nf_nat_packet}: rewrite the packet's {@code manip} side if the connection's status says so. */
    private static void rewrite(PacketState p, Connection c, Manip manip) {
        int statusBit = manip == Manip.SOURCE ? Connection.SRC_NAT : Connection.DST_NAT;
        int dir = p.ctReply() ? REPLY : ORIGINAL;
        if (dir == REPLY) {
            statusBit = statusBit == Connection.SRC_NAT ? Connection.DST_NAT : Connection.SRC_NAT;
        }
        if (!c.has(statusBit)) {
            return;
        }
        FlowKey target = c.key(1 - dir).invert();
        if (target == null) {
            return;
        }
        boolean sameProtocol = p.protocol() == c.protocol()
                && !(FlowKey.isIcmp(p.protocol()) && isIcmpError(p.protocol(), p.icmpType()));
        if (manip == Manip.SOURCE) {
            p.setSrc(target.src());
            if (sameProtocol && (FlowKey.hasPorts(c.protocol()) || FlowKey.isIcmp(c.protocol()))) {
                p.setSport(target.sport());
            }
        } else {
            p.setDst(target.dst());
            if (sameProtocol && FlowKey.hasPorts(c.protocol())) {
                p.setDport(target.dport());
            } else if (sameProtocol && FlowKey.isIcmp(c.protocol())) {
                p.setSport(target.sport()); // the echo identifier lives in both directions' tuples
            }
        }
    }
}
