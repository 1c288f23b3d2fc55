package dev.rampart.sim.match;

import dev.rampart.model.Family;
import dev.rampart.sim.engine.PacketState;
import dev.rampart.sim.packet.Packet;
import java.util.List;

/**
 * The bytes of a packet from its network header on, rebuilt from the packet's fields, as {@code -m u32},
 * {@code -m string} and {@code -m bpf} read them, with a mask of which bits are actually known.
 *
 * <p>Known: version, header length, TOS/traffic class, total/payload length, TTL/hop limit, protocol /
 * next header, addresses (as rewritten so far), the IPv4 fragment offset of unfragmented packets,
 * ports, TCP sequence and acknowledgement numbers when given, data offset, flags and the kinds (and MSS
 * value) of TCP options, the UDP length, ICMP type and code, the header of the offending packet inside an
 * ICMP error, and the payload. Unknown (read as zero): IP identification, DF/MF flags, checksums, IPv6
 * flow label, TCP window and urgent pointer, option values other than MSS, SCTP/DCCP fields beyond the
 * ports, ICMP identifier/sequence, and every byte after an IPv6 extension header (their lengths are not
 * in the packet). Built per evaluation; not for the hot path.
 */
final class PacketBytes {
    private final byte[] data;
    private final byte[] known;

    private PacketBytes(byte[] data, byte[] known) {
        this.data = data;
        this.known = known;
    }

    /** Number of bytes ({@code skb->len} from the network header). */
    int length() {
        return data.length;
    }

    /** The byte at {@code i} (0..length-1) as 0..255. */
    int byteAt(int i) {
        return data[i] & 0xFF;
    }

    /** Which bits of byte {@code i} are known (0..255). */
    int knownAt(int i) {
        return known[i] & 0xFF;
    }

    /** Whether every bit of bytes {@code from..from+n-1} is known. */
    boolean allKnown(int from, int n) {
        for (int i = from; i < from + n; i++) {
            if (known[i] != (byte) 0xFF) {
                return false;
            }
        }
        return true;
    }

    /** The packet as it is now (addresses, ports, TTL, TOS as rewritten so far). */
    static PacketBytes of(PacketState p) {
        Packet o = p.original();
        Writer w = new Writer(Math.max(o.length(), 64 + o.payload().length()));
        if (p.family() == Family.IPV4) {
            ipv4(w, p.tos(), o.length(), p.ttl(), p.protocol(), (int) p.src().lo(), (int) p.dst().lo(), p.fragment());
        } else {
            ipv6(w, p.tos(), o.length(), p.ttl(), o.extensionHeaders(), p.protocol(), p.src().hi(), p.src().lo(),
                    p.dst().hi(), p.dst().lo());
        }
        boolean opaque = p.family() == Family.IPV6 && !o.extensionHeaders().isEmpty();
        if (opaque || p.fragment()) {
            w.unknown(o.length() - w.pos);
        } else {
            transport(w, o, p.sport(), p.dport(), p.tcpMss());
            w.payload(o.payload());
        }
        return w.finish(o.length());
    }

    private static void ipv4(Writer w, int tos, int length, int ttl, int protocol, int src, int dst,
                             boolean fragment) {
        w.b(0x45).b(tos).s(length);
        w.unknown(2);
        w.partial(0, fragment ? 0x80 : 0x9F);
        if (fragment) {
            w.unknown(1);
        } else {
            w.b(0);
        }
        w.b(ttl).b(protocol);
        w.unknown(2);
        w.i(src).i(dst);
    }

    private static void ipv6(Writer w, int tclass, int length, int hopLimit, List<Integer> ext, int protocol,
                             long srcHi, long srcLo, long dstHi, long dstLo) {
        w.b(0x60 | (tclass >>> 4));
        w.partial((tclass & 0x0F) << 4, 0xF0);
        w.unknown(2);
        w.s(length - 40);
        w.b(ext.isEmpty() ? protocol : ext.get(0));
        w.b(hopLimit);
        w.l(srcHi).l(srcLo).l(dstHi).l(dstLo);
        if (!ext.isEmpty()) {
            w.b(ext.size() > 1 ? ext.get(1) : protocol);
        }
    }

    private static void transport(Writer w, Packet o, int sport, int dport, int mss) {
        int start = w.pos;
        switch (o.protocol()) {
            case 6 -> {
                int optBytes = 0;
                for (int kind : o.tcpOptions()) {
                    optBytes += optionLength(kind);
                }
                int padded = (optBytes + 3) & ~3;
                w.s(sport).s(dport);
                if (o.seq() >= 0) {
                    w.i((int) o.seq());
                } else {
                    w.unknown(4);
                }
                if (o.ack() >= 0) {
                    w.i((int) o.ack());
                } else {
                    w.unknown(4);
                }
                w.partial(((20 + padded) / 4) << 4, 0xFE);
                w.b(o.tcpFlags());
                w.unknown(6);
                for (int kind : o.tcpOptions()) {
                    int len = optionLength(kind);
                    w.b(kind);
                    if (len == 1) {
                        continue;
                    }
                    w.b(len);
                    if (kind == 2 && mss >= 0) {
                        w.s(mss);
                    } else {
                        w.unknown(len - 2);
                    }
                }
                w.unknown(padded - optBytes);
            }
            case 17, 136 -> {
                w.s(sport).s(dport).s(o.length() - (start));
                w.unknown(2);
            }
            case 1, 58 -> {
                w.b(Math.max(o.icmpType(), 0)).b(Math.max(o.icmpCode(), 0));
                w.unknown(6);
                Packet inner = o.embedded();
                if (inner != null) {
                    PacketBytes in = of(new PacketState(inner));
                    int n = Math.min(in.length(), inner.family() == Family.IPV4 ? 28 : 48);
                    for (int i = 0; i < n; i++) {
                        w.partial(in.byteAt(i), in.knownAt(i));
                    }
                }
            }
            case 132, 33 -> {
                w.s(sport).s(dport);
                w.unknown(8);
            }
            default -> {
                // no transport header modelled: the payload follows the IP header
            }
        }
    }

    private static int optionLength(int kind) {
        return dev.rampart.sim.packet.Packet.tcpOptionLength(kind);
    }

    /** Appends bytes with their known-bit masks. */
    private static final class Writer {
        byte[] data;
        byte[] known;
        int pos;

        Writer(int capacity) {
            data = new byte[capacity];
            known = new byte[capacity];
        }

        private void ensure(int n) {
            if (pos + n > data.length) {
                int size = Math.max(data.length * 2, pos + n);
                data = java.util.Arrays.copyOf(data, size);
                known = java.util.Arrays.copyOf(known, size);
            }
        }

        Writer partial(int value, int knownBits) {
            ensure(1);
            data[pos] = (byte) (value & knownBits);
            known[pos] = (byte) knownBits;
            pos++;
            return this;
        }

        Writer b(int v) {
            return partial(v, 0xFF);
        }

        Writer s(int v) {
            return b(v >>> 8).b(v);
        }

        Writer i(int v) {
            return s(v >>> 16).s(v);
        }

        Writer l(long v) {
            return i((int) (v >>> 32)).i((int) v);
        }

        void unknown(int n) {
            for (int k = 0; k < n; k++) {
                partial(0, 0);
            }
        }

        void payload(String text) {
            for (int k = 0; k < text.length(); k++) {
                b(text.charAt(k));
            }
        }

        /** The bytes, padded with unknown bytes up to {@code length} when the fields end earlier. */
        PacketBytes finish(int length) {
            if (pos < length) {
                unknown(length - pos);
            }
            return new PacketBytes(java.util.Arrays.copyOf(data, pos), java.util.Arrays.copyOf(known, pos));
        }
    }
}
