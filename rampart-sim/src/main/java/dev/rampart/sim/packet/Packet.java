package dev.rampart.sim.packet;

import dev.rampart.model.Family;
import dev.rampart.model.match.CtState;
import dev.rampart.model.match.TcpFlags;
import dev.rampart.model.net.IpAddress;
import java.time.Instant;
import java.util.List;

/**
 * One packet given to the simulator, as the packet contract of DESIGN.md describes it: the headers the
 * matches look at, where it enters or leaves the host, and optional facts the simulator would otherwise
 * derive ({@code ctState}) or default. Immutable; build with {@link #builder}.
 *
 * <p>Absent numeric fields are {@code -1} ({@code sport}, {@code dport}, {@code icmpType},
 * {@code icmpCode}, {@code mss}, {@code seq}, {@code ack}, {@code srcMac}); absent objects are null.
 * {@code in} only: the packet arrives for this host (PREROUTING, INPUT). {@code out} only: this host sends
 * it (OUTPUT, POSTROUTING). Both: forwarded. Neither: the host description decides, or it is an error.
 *
 * @param id          caller's name for the packet, echoed in the result (null: numbered by the run)
 * @param protocol    IP protocol number (IPv6: the upper-layer protocol after extension headers)
 * @param tcpFlags    TCP flag bits: FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10, URG 0x20,
 *                    ECE 0x40, CWR 0x80
 * @param tcpOptions  TCP option kinds present, in order (MSS is kind 2)
 * @param mss         value of the MSS option, -1 when absent
 * @param embedded    for ICMP/ICMPv6 errors: the offending packet's header carried inside, else null
 * @param length      IP total length in bytes (IPv6: payload length plus the 40-byte header)
 * @param ttl         TTL (IPv4) or hop limit (IPv6)
 * @param tos         the whole TOS / traffic class byte (DSCP is {@code tos >> 2})
 * @param mark        skb mark the packet arrives with
 * @param fragment    a non-first fragment (what {@code -f} matches): no transport header
 * @param ctState     forced conntrack state, or null to derive it from earlier packets in the run
 * @param time        the virtual clock when the packet is seen, or null for "just after the previous one"
 * @param physIn      bridge port it arrived on ({@code -m physdev}), or null
 * @param physOut     bridge port it leaves by, or null
 * @param srcMac      source MAC address (48 bits), or -1
 * @param uid         sending socket's user id for locally generated packets, or null
 * @param gid         sending socket's group id, or null
 * @param payload     transport payload, one char per byte (ISO-8859-1), never null
 * @param extensionHeaders IPv6 extension header protocol numbers in order (0 hop-by-hop, 43 routing,
 *                    44 fragment, 60 destination options, 51 AH, 50 ESP), empty for none
 * @param ipId        IPv4 identification field (0..65535, default 0); only the LOG line shows it
 * @param dontFragment IPv4 DF flag (default false); only the LOG line shows it
 * @param tcpWindow   TCP window field (0..65535, default {@link #DEFAULT_TCP_WINDOW}); only the LOG line shows it
 */
public record Packet(String id, Family family, String in, String out, IpAddress src, IpAddress dst, int protocol,
                     int sport, int dport, int tcpFlags, long seq, long ack, List<Integer> tcpOptions, int mss,
                     int icmpType, int icmpCode, Packet embedded, int length, int ttl, int tos, long mark,
                     boolean fragment, CtState ctState, Instant time, String physIn, String physOut, long srcMac,
                     Integer uid, Integer gid, String payload, List<Integer> extensionHeaders,
                     int ipId, boolean dontFragment, int tcpWindow) {

    /** The TCP window a packet has unless told otherwise: what Linux sends in a SYN over Ethernet (bytes). */
    public static final int DEFAULT_TCP_WINDOW = 64240;

    public static final int FIN = TcpFlags.FIN;
    public static final int SYN = TcpFlags.SYN;
    public static final int RST = TcpFlags.RST;
    public static final int PSH = TcpFlags.PSH;
    public static final int ACK = TcpFlags.ACK;
    public static final int URG = TcpFlags.URG;
    public static final int ECE = 0x40;
    public static final int CWR = 0x80;

    public Packet {
        if (family == null || src == null || dst == null) {
            throw new IllegalArgumentException("a packet needs a family, a source and a destination");
        }
        if (src.family() != family || dst.family() != family) {
            throw new IllegalArgumentException("source and destination must both be IPv" + family.number());
        }
        if (protocol < 0 || protocol > 255) {
            throw new IllegalArgumentException("protocol out of range 0..255: " + protocol);
        }
        tcpOptions = List.copyOf(tcpOptions == null ? List.of() : tcpOptions);
        extensionHeaders = List.copyOf(extensionHeaders == null ? List.of() : extensionHeaders);
        if (payload == null) {
            payload = "";
        }
        if (ipId < 0 || ipId > 0xFFFF || tcpWindow < 0 || tcpWindow > 0xFFFF) {
            throw new IllegalArgumentException("IP id and TCP window must be within 0..65535");
        }
    }

    /** A packet with the default IP id (0), no DF flag and the default TCP window. */
    public Packet(String id, Family family, String in, String out, IpAddress src, IpAddress dst, int protocol,
                  int sport, int dport, int tcpFlags, long seq, long ack, List<Integer> tcpOptions, int mss,
                  int icmpType, int icmpCode, Packet embedded, int length, int ttl, int tos, long mark,
                  boolean fragment, CtState ctState, Instant time, String physIn, String physOut, long srcMac,
                  Integer uid, Integer gid, String payload, List<Integer> extensionHeaders) {
        this(id, family, in, out, src, dst, protocol, sport, dport, tcpFlags, seq, ack, tcpOptions, mss, icmpType,
                icmpCode, embedded, length, ttl, tos, mark, fragment, ctState, time, physIn, physOut, srcMac, uid,
                gid, payload, extensionHeaders, 0, false, DEFAULT_TCP_WINDOW);
    }

    /** Whether the packet carries ports (TCP, UDP, UDP-Lite, SCTP, DCCP) and is not a later fragment. */
    public boolean hasPorts() {
        return !fragment && sport >= 0 && dport >= 0;
    }

    /** Whether the packet is an ICMP (IPv4) or ICMPv6 (IPv6) message. */
    public boolean isIcmp() {
        return protocol == (family == Family.IPV4 ? 1 : 58);
    }

    /**
     * Bytes a TCP option of {@code kind} takes as Linux sends it: EOL/NOP 1, MSS 4, window scale 3, SACK
     * permitted 2, timestamps 10; others are taken as 2 (kind and length only).
     */
    public static int tcpOptionLength(int kind) {
        return switch (kind) {
            case 0, 1 -> 1;
            case 2 -> 4;
            case 3 -> 3;
            case 4 -> 2;
            case 8 -> 10;
            default -> 2;
        };
    }

    /** This packet with another id. */
    public Packet withId(String newId) {
        return toBuilder().id(newId).build();
    }

    /** A builder preset with this packet's fields. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = id; b.family = family; b.in = in; b.out = out; b.src = src; b.dst = dst; b.protocol = protocol;
        b.sport = sport; b.dport = dport; b.tcpFlags = tcpFlags; b.seq = seq; b.ack = ack;
        b.tcpOptions = tcpOptions; b.mss = mss; b.icmpType = icmpType; b.icmpCode = icmpCode;
        b.embedded = embedded; b.length = length; b.ttl = ttl; b.tos = tos; b.mark = mark;
        b.fragment = fragment; b.ctState = ctState; b.time = time; b.physIn = physIn; b.physOut = physOut;
        b.srcMac = srcMac; b.uid = uid; b.gid = gid; b.payload = payload; b.extensionHeaders = extensionHeaders;
        b.ipId = ipId; b.dontFragment = dontFragment; b.tcpWindow = tcpWindow;
        return b;
    }

    /** A builder for a packet from {@code src} to {@code dst} with protocol {@code protocol}. */
    public static Builder builder(IpAddress src, IpAddress dst, int protocol) {
        Builder b = new Builder();
        b.family = src.family();
        b.src = src;
        b.dst = dst;
        b.protocol = protocol;
        return b;
    }

    /**
     * Builds packets. {@code length} left at -1 is computed as IP header + transport header (TCP 20
     * plus options rounded to 4, UDP/ICMP 8) + payload.
     */
    public static final class Builder {
        private String id;
        private Family family;
        private String in;
        private String out;
        private IpAddress src;
        private IpAddress dst;
        private int protocol;
        private int sport = -1;
        private int dport = -1;
        private int tcpFlags;
        private long seq = -1;
        private long ack = -1;
        private List<Integer> tcpOptions = List.of();
        private int mss = -1;
        private int icmpType = -1;
        private int icmpCode = -1;
        private Packet embedded;
        private int length = -1;
        private int ttl = 64;
        private int tos;
        private long mark;
        private boolean fragment;
        private CtState ctState;
        private Instant time;
        private String physIn;
        private String physOut;
        private long srcMac = -1;
        private Integer uid;
        private Integer gid;
        private String payload = "";
        private List<Integer> extensionHeaders = List.of();
        private int ipId;
        private boolean dontFragment;
        private int tcpWindow = DEFAULT_TCP_WINDOW;

        private Builder() {
        }

        public Builder id(String v) { id = v; return this; }
        public Builder in(String v) { in = v; return this; }
        public Builder out(String v) { out = v; return this; }
        public Builder src(IpAddress v) { src = v; family = v.family(); return this; }
        public Builder dst(IpAddress v) { dst = v; return this; }
        public Builder protocol(int v) { protocol = v; return this; }
        public Builder sport(int v) { sport = v; return this; }
        public Builder dport(int v) { dport = v; return this; }
        public Builder tcpFlags(int v) { tcpFlags = v; return this; }
        public Builder seq(long v) { seq = v; return this; }
        public Builder ack(long v) { ack = v; return this; }
        public Builder tcpOptions(List<Integer> v) { tcpOptions = v; return this; }
        public Builder mss(int v) { mss = v; return this; }
        public Builder icmpType(int v) { icmpType = v; return this; }
        public Builder icmpCode(int v) { icmpCode = v; return this; }
        public Builder embedded(Packet v) { embedded = v; return this; }
        public Builder length(int v) { length = v; return this; }
        public Builder ttl(int v) { ttl = v; return this; }
        public Builder tos(int v) { tos = v; return this; }
        public Builder mark(long v) { mark = v; return this; }
        public Builder fragment(boolean v) { fragment = v; return this; }
        public Builder ctState(CtState v) { ctState = v; return this; }
        public Builder time(Instant v) { time = v; return this; }
        public Builder physIn(String v) { physIn = v; return this; }
        public Builder physOut(String v) { physOut = v; return this; }
        public Builder srcMac(long v) { srcMac = v; return this; }
        public Builder uid(Integer v) { uid = v; return this; }
        public Builder gid(Integer v) { gid = v; return this; }
        public Builder payload(String v) { payload = v; return this; }
        public Builder extensionHeaders(List<Integer> v) { extensionHeaders = v; return this; }
        public Builder ipId(int v) { ipId = v; return this; }
        public Builder dontFragment(boolean v) { dontFragment = v; return this; }
        public Builder tcpWindow(int v) { tcpWindow = v; return this; }

        /** The packet; throws IllegalArgumentException when fields disagree. */
        public Packet build() {
            int len = length >= 0 ? length : defaultLength();
            return new Packet(id, family, in, out, src, dst, protocol, sport, dport, tcpFlags, seq, ack, tcpOptions,
                    mss, icmpType, icmpCode, embedded, len, ttl, tos, mark, fragment, ctState, time, physIn, physOut,
                    srcMac, uid, gid, payload, extensionHeaders, ipId, dontFragment, tcpWindow);
        }

        private int defaultLength() {
            int ip = family == Family.IPV4 ? 20 : 40;
            int l4 = switch (protocol) {
                case 6 -> 20 + ((tcpOptionBytes() + 3) & ~3);
                case 17, 136, 1, 58 -> 8;
                case 132 -> 12;
                case 33 -> 12;
                default -> 0;
            };
            int inner = embedded == null ? 0 : Math.min(embedded.length(), family == Family.IPV4 ? 28 : 48);
            return ip + (fragment ? 0 : l4) + inner + (payload == null ? 0 : payload.length());
        }

        private int tcpOptionBytes() {
            int n = 0;
            for (int kind : tcpOptions == null ? List.<Integer>of() : tcpOptions) {
                n += tcpOptionLength(kind);
            }
            return n;
        }
    }
}
