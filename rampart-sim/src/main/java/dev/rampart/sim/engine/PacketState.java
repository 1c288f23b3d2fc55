package dev.rampart.sim.engine;

import dev.rampart.model.Family;
import dev.rampart.model.match.CtState;
import dev.rampart.model.net.IpAddress;
import dev.rampart.sim.conntrack.CtEntry;
import dev.rampart.sim.packet.Packet;

/**
 * A packet in flight through the hooks: starts as a copy of the {@link Packet} it was made from, then
 * changes as targets act on it (NAT rewrites addresses and ports, MARK/TOS/TTL rewrite fields) and as
 * conntrack classifies it. Fields the kernel never rewrites are read from {@link #original()}.
 * Mutable and owned by one traversal.
 */
public final class PacketState {
    private Packet original;
    private IpAddress src;
    private IpAddress dst;
    private int sport;
    private int dport;
    private String in;
    private String out;
    private int ttl;
    private int tos;
    private long mark;
    private int tcpMss;
    private Hook hook;
    private CtState ctState;
    private CtEntry ct;
    private boolean ctReply;

    /** The in-flight state of {@code p} (null: an empty state to {@link #reset} later). */
    public PacketState(Packet p) {
        if (p != null) {
            reset(p);
        }
    }

    /** Makes this the in-flight state of {@code p}, as new (a run reuses one state for its packets). */
    public void reset(Packet p) {
        this.original = p;
        this.hook = null;
        this.ctState = null;
        this.ct = null;
        this.ctReply = false;
        this.src = p.src();
        this.dst = p.dst();
        this.sport = p.sport();
        this.dport = p.dport();
        this.in = p.in();
        this.out = p.out();
        this.ttl = p.ttl();
        this.tos = p.tos();
        this.mark = p.mark();
        this.tcpMss = p.mss();
    }

    /** The packet as given, before any change. */
    public Packet original() { return original; }

    public Family family() { return original.family(); }
    public int protocol() { return original.protocol(); }
    public int tcpFlags() { return original.tcpFlags(); }
    public int icmpType() { return original.icmpType(); }
    public int icmpCode() { return original.icmpCode(); }
    public int length() { return original.length(); }
    public boolean fragment() { return original.fragment(); }

    /** Whether the packet has a transport header with ports (TCP, UDP, UDP-Lite, SCTP, DCCP). */
    public boolean hasPorts() { return !original.fragment() && sport >= 0 && dport >= 0; }

    public IpAddress src() { return src; }
    public IpAddress dst() { return dst; }
    public int sport() { return sport; }
    public int dport() { return dport; }
    /** Input interface, or null at OUTPUT/POSTROUTING of locally generated packets. */
    public String in() { return in; }
    /** Output interface, or null before the routing decision / for packets to this host. */
    public String out() { return out; }
    public int ttl() { return ttl; }
    public int tos() { return tos; }
    public long mark() { return mark; }
    /** MSS option value after TCPMSS, or -1. */
    public int tcpMss() { return tcpMss; }
    /** The hook being traversed. */
    public Hook hook() { return hook; }
    /** The conntrack state of this packet (UNTRACKED after NOTRACK, INVALID when conntrack rejects it). */
    public CtState ctState() { return ctState; }
    /** The connection this packet belongs to, or null when untracked or invalid. */
    public CtEntry ct() { return ct; }
    /** Whether the packet travels in the reply direction of its connection. */
    public boolean ctReply() { return ctReply; }

    public void setSrc(IpAddress v) { src = v; }
    public void setDst(IpAddress v) { dst = v; }
    public void setSport(int v) { sport = v; }
    public void setDport(int v) { dport = v; }
    public void setIn(String v) { in = v; }
    public void setOut(String v) { out = v; }
    public void setTtl(int v) { ttl = v; }
    public void setTos(int v) { tos = v; }
    public void setMark(long v) { mark = v; }
    public void setTcpMss(int v) { tcpMss = v; }
    public void setHook(Hook v) { hook = v; }

    /** Sets the conntrack verdict for this packet. */
    public void setConntrack(CtState state, CtEntry entry, boolean reply) {
        ctState = state;
        ct = entry;
        ctReply = reply;
    }
}
