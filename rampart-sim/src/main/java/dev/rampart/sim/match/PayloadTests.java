package dev.rampart.sim.match;

import dev.rampart.model.match.BpfMatch;
import dev.rampart.model.match.StringMatch;
import dev.rampart.model.match.U32Match;
import dev.rampart.model.ext.UintRange;
import dev.rampart.sim.engine.MatchEnv;
import dev.rampart.sim.engine.PacketTest;
import java.util.List;

/**
 * Matches that read raw packet bytes from the network header on: string, u32 and bpf, over the bytes
 * {@link PacketBytes} rebuilds. A result that depends on a byte the packet does not give is reported as
 * approximate (the byte is read as zero).
 */
final class PayloadTests {
    private PayloadTests() {
    }

    /**
     * {@code -m string} (xt_string.c, {@code skb_find_text}): the pattern lies wholly within bytes
     * {@code [from, to)} of the packet, XOR {@code !}. Both algorithms (bm, kmp) find the same
     * occurrences. {@code --icase} compares with the kernel's {@code toupper}, which also folds the
     * ISO-8859-1 letters its ctype table marks lower case.
     */
    static PacketTest string(StringMatch m) {
        final boolean icase = m.icase();
        final byte[] pattern = new byte[m.pattern().length()];
        for (int i = 0; i < pattern.length; i++) {
            int c = m.pattern().charAt(i);
            pattern[i] = (byte) (icase ? toUpper(c) : c);
        }
        final int from = m.from();
        final int to = m.to();
        final boolean inv = m.inverted();
        return (p, e) -> {
            PacketBytes b = PacketBytes.of(p);
            int end = Math.min(to, b.length());
            for (int i = from; i + pattern.length <= end; i++) {
                if (matchesAt(b, i, pattern, icase)) {
                    if (!b.allKnown(i, pattern.length)) {
                        e.approximate("string: the match overlaps header bytes the packet does not give");
                    }
                    return !inv;
                }
            }
            return inv;
        };
    }

    private static boolean matchesAt(PacketBytes b, int at, byte[] pattern, boolean icase) {
        for (int k = 0; k < pattern.length; k++) {
            int c = b.byteAt(at + k);
            if ((icase ? toUpper(c) : c) != (pattern[k] & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The kernel's {@code toupper} (lib/ctype.c): ASCII a-z and the ISO-8859-1 bytes 0xDF-0xF6 and
     * 0xF8-0xFF, which its table marks lower case, lose 0x20.
     */
    static int toUpper(int c) {
        if (c >= 'a' && c <= 'z' || c >= 0xDF && c <= 0xFF && c != 0xF7) {
            return c - 0x20;
        }
        return c;
    }

    /**
     * {@code -m u32} (xt_u32.c {@code u32_match_it}): every test reads a big-endian 32-bit word at its
     * start offset, applies {@code &}, {@code <<}, {@code >>} (shift counts taken modulo 32, as x86 does)
     * and {@code @} (advance by the value and read again), and must land in one of its ranges; a read past
     * the end of the packet makes the tests fail. The result is then XORed with {@code !}. Which bits are
     * known is tracked through the operations, so reading an unknown field is reported only when the
     * bits it leaves in the value decide the outcome.
     */
    static PacketTest u32(U32Match m) {
        final List<U32Match.Test> tests = m.tests();
        final boolean inv = m.inverted();
        return (p, e) -> u32Matches(tests, PacketBytes.of(p), e) != inv;
    }

    private static boolean u32Matches(List<U32Match.Test> tests, PacketBytes b, MatchEnv env) {
        long len = b.length();
        for (U32Match.Test t : tests) {
            List<U32Match.Location> locs = t.locations();
            long at = 0;
            long pos = locs.get(0).number();
            if (len < 4 || pos > len - 4) {
                return false;
            }
            long val = word(b, (int) pos);
            long known = knownWord(b, (int) pos);
            for (int i = 1; i < locs.size(); i++) {
                long n = locs.get(i).number();
                switch (locs.get(i).op()) {
                    case AND -> {
                        val &= n;
                        known |= ~n & 0xFFFFFFFFL;
                    }
                    case LEFT_SHIFT -> {
                        int s = (int) (n & 31);
                        val = (val << s) & 0xFFFFFFFFL;
                        known = ((known << s) | ((1L << s) - 1)) & 0xFFFFFFFFL;
                    }
                    case RIGHT_SHIFT -> {
                        int s = (int) (n & 31);
                        val >>>= s;
                        known = (known >>> s) | (~(0xFFFFFFFFL >>> s) & 0xFFFFFFFFL);
                    }
                    case AT -> {
                        if (known != 0xFFFFFFFFL) {
                            env.approximate("u32: an offset is computed from bytes the packet does not give");
                        }
                        at += val;
                        if (at > 0xFFFFFFFFL) {
                            return false;
                        }
                        pos = n;
                        if (len < at + 4 || pos > len - at - 4) {
                            return false;
                        }
                        val = word(b, (int) (at + pos));
                        known = knownWord(b, (int) (at + pos));
                    }
                    case START -> throw new IllegalStateException("u32: START after the first step");
                }
            }
            if (known != 0xFFFFFFFFL) {
                env.approximate("u32: a tested value contains bits the packet does not give");
            }
            if (!inAny(t.values(), val)) {
                return false;
            }
        }
        return true;
    }

    private static boolean inAny(List<UintRange> ranges, long v) {
        for (UintRange r : ranges) {
            if (r.contains(v)) {
                return true;
            }
        }
        return false;
    }

    private static long word(PacketBytes b, int at) {
        return ((long) b.byteAt(at) << 24) | (b.byteAt(at + 1) << 16) | (b.byteAt(at + 2) << 8) | b.byteAt(at + 3);
    }

    private static long knownWord(PacketBytes b, int at) {
        return ((long) b.knownAt(at) << 24) | (b.knownAt(at + 1) << 16) | (b.knownAt(at + 2) << 8) | b.knownAt(at + 3);
    }

    /**
     * {@code -m bpf} (xt_bpf.c): a classic BPF program given as bytecode runs over the packet from its
     * network header; a non-zero return matches. Pinned eBPF objects cannot be run: approximated as
     * matching.
     */
    static PacketTest bpf(BpfMatch m) {
        if (m.pinnedPath() != null) {
            return Approximations.constant("bpf: pinned eBPF object " + m.pinnedPath() + " cannot be run (taken to match)",
                    true);
        }
        final ClassicBpf program = new ClassicBpf(m.program());
        return (p, e) -> program.run(PacketBytes.of(p), e) != 0;
    }
}
