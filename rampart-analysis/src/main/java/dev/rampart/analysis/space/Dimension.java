package dev.rampart.analysis.space;

/**
 * One axis of the packet space: a header field (or derived fact) the model's matches test, with the
 * values it takes encoded as {@code long}s. A {@link Box} holds one {@link IntervalSet} per dimension, in
 * the order of this enum; adding a dimension means adding a constant here, its values in
 * {@link PacketSpace} (universe, encoding of a packet, witness choice) and the matches that test it.
 *
 * <p>Encodings:
 * <ul>
 *   <li>addresses are two unsigned 64-bit halves ({@code hi}, {@code lo}; IPv4 lives in the low 32 bits
 *       of {@code lo} with {@code hi} = 0), stored with the sign bit flipped so that signed order is
 *       unsigned order ({@link #encode});</li>
 *   <li>ports and ICMP type/code have an extra value ({@link #PORT_ABSENT}, {@link #ICMP_ABSENT}) for
 *       packets without them (other protocols, non-first fragments);</li>
 *   <li>interfaces are indexes into the space's {@link InterfaceAlphabet};</li>
 *   <li>the conntrack state is the ordinal of {@link dev.rampart.model.match.CtState} (INVALID, NEW,
 *       RELATED, ESTABLISHED, UNTRACKED; the virtual SNAT/DNAT states are never a packet's state).</li>
 * </ul>
 */
public enum Dimension {
    /** Source address, high 64 bits (0 for IPv4). */
    SRC_HI(true),
    /** Source address, low 64 bits. */
    SRC_LO(true),
    /** Destination address, high 64 bits (0 for IPv4). */
    DST_HI(true),
    /** Destination address, low 64 bits. */
    DST_LO(true),
    /** IP protocol number (IPv6: the upper-layer protocol), 0..255. */
    PROTOCOL(false),
    /** 1 for a non-first fragment (no transport header), else 0. */
    FRAGMENT(false),
    /** Source port 0..65535, or {@link #PORT_ABSENT}. */
    SPORT(false),
    /** Destination port 0..65535, or {@link #PORT_ABSENT}. */
    DPORT(false),
    /** TCP flag byte 0..255 (0 for every non-TCP packet). */
    TCP_FLAGS(false),
    /** ICMP/ICMPv6 type 0..255, or {@link #ICMP_ABSENT}. */
    ICMP_TYPE(false),
    /** ICMP/ICMPv6 code 0..255, or {@link #ICMP_ABSENT} (exactly when the type is absent). */
    ICMP_CODE(false),
    /** Input interface: index into the {@link InterfaceAlphabet}; 0 is "no device". */
    IN_IFACE(false),
    /** Output interface: index into the {@link InterfaceAlphabet}; 0 is "no device". */
    OUT_IFACE(false),
    /** Conntrack state ordinal 0..4 (INVALID, NEW, RELATED, ESTABLISHED, UNTRACKED). */
    CT_STATE(false),
    /** IP total length in bytes, 0..{@link #MAX_LENGTH}. */
    LENGTH(false),
    /** TTL (IPv4) or hop limit (IPv6), 0..255. */
    TTL(false),
    /** skb mark, 0..2^32-1. */
    MARK(false),
    /** Ethernet source address (48 bits), or {@link #MAC_ABSENT}. */
    SRC_MAC(false);

    /** The port value of a packet without ports. */
    public static final long PORT_ABSENT = 65536;
    /** The ICMP type/code value of a packet that is not an ICMP message (or a non-first fragment of one). */
    public static final long ICMP_ABSENT = 256;
    /** The source MAC value of a packet that gives none. */
    public static final long MAC_ABSENT = 1L << 48;
    /** Largest IP total length (bytes): an IPv6 payload of 65535 plus its 40-byte header. */
    public static final long MAX_LENGTH = 65535 + 40;

    /** Number of dimensions. */
    public static final int COUNT = values().length;

    /** {@link #values()} without the copy each call makes (hot loops of the engine); never modified. */
    static final Dimension[] VALUES = values();

    private final boolean unsigned64;

    Dimension(boolean unsigned64) {
        this.unsigned64 = unsigned64;
    }

    /** The stored value of field value {@code v} (an unsigned 64-bit half for addresses). */
    public long encode(long v) {
        return unsigned64 ? v ^ Long.MIN_VALUE : v;
    }

    /** The field value of stored value {@code v}. */
    public long decode(long v) {
        return unsigned64 ? v ^ Long.MIN_VALUE : v;
    }

    /** The stored values of the unsigned field range {@code [lo, hi]} (compared unsigned). */
    public IntervalSet range(long lo, long hi) {
        return IntervalSet.of(encode(lo), encode(hi));
    }
}
