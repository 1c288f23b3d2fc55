package dev.rampart.sim.match;

import dev.rampart.model.match.BpfMatch;
import dev.rampart.sim.engine.MatchEnv;
import java.util.List;

/**
 * A classic BPF (cBPF) interpreter for {@code -m bpf --bytecode}, over the packet bytes from the network
 * header on, as xt_bpf runs the program on the skb there. Semantics of the kernel's cBPF: 32-bit unsigned
 * accumulator A and index X, 16 scratch words, forward jumps only; a load outside the packet or a division
 * by zero ends the program with 0. Loads at {@code SKF_NET_OFF} address the network header; other
 * ancillary loads ({@code SKF_AD_*}, link layer) read facts the simulator lacks: approximated as 0.
 * Reading a byte the packet does not give is reported as approximate. Immutable.
 */
final class ClassicBpf {
    private static final long SKF_AD_OFF = -0x1000L;
    private static final long SKF_NET_OFF = -0x100000L;
    private static final String GUESS = "bpf: the program reads packet bytes or metadata the packet does not give";

    private final int[] code;
    private final int[] jt;
    private final int[] jf;
    private final long[] k;

    ClassicBpf(List<BpfMatch.Insn> program) {
        int n = program.size();
        code = new int[n];
        jt = new int[n];
        jf = new int[n];
        k = new long[n];
        for (int i = 0; i < n; i++) {
            BpfMatch.Insn in = program.get(i);
            code[i] = in.code();
            jt[i] = in.jt();
            jf[i] = in.jf();
            k[i] = in.k() & 0xFFFFFFFFL;
        }
    }

    /** Runs the program; returns its 32-bit return value. */
    long run(PacketBytes b, MatchEnv env) {
        long a = 0;
        long x = 0;
        long[] mem = new long[16];
        int pc = 0;
        while (pc < code.length) {
            int c = code[pc];
            long kk = k[pc];
            switch (c & 0x07) {
                case 0x00, 0x01 -> { // LD, LDX
                    boolean toX = (c & 0x07) == 0x01;
                    long v;
                    switch (c & 0xE0) {
                        case 0x00 -> v = kk;
                        case 0x80 -> v = b.length();
                        case 0x60 -> v = mem[(int) (kk & 15)];
                        case 0xA0 -> { // MSH: 4 * (P[k] & 0xf)
                            long byteVal = load(b, (int) kk, 1, env);
                            if (byteVal < 0) {
                                return 0;
                            }
                            v = (byteVal & 0x0F) << 2;
                        }
                        case 0x20, 0x40 -> {
                            long off = (c & 0xE0) == 0x40 ? (x + (int) kk) : (int) kk;
                            int size = switch (c & 0x18) {
                                case 0x00 -> 4;
                                case 0x08 -> 2;
                                default -> 1;
                            };
                            v = load(b, off, size, env);
                            if (v < 0) {
                                return 0;
                            }
                        }
                        default -> {
                            return 0;
                        }
                    }
                    if (toX) {
                        x = v;
                    } else {
                        a = v;
                    }
                }
                case 0x02 -> mem[(int) (kk & 15)] = a;
                case 0x03 -> mem[(int) (kk & 15)] = x;
                case 0x04 -> { // ALU
                    long src = (c & 0x08) != 0 ? x : kk;
                    switch (c & 0xF0) {
                        case 0x00 -> a = (a + src) & 0xFFFFFFFFL;
                        case 0x10 -> a = (a - src) & 0xFFFFFFFFL;
                        case 0x20 -> a = (a * src) & 0xFFFFFFFFL;
                        case 0x30 -> {
                            if (src == 0) {
                                return 0;
                            }
                            a = a / src;
                        }
                        case 0x90 -> {
                            if (src == 0) {
                                return 0;
                            }
                            a = a % src;
                        }
                        case 0x40 -> a |= src;
                        case 0x50 -> a &= src;
                        case 0xA0 -> a ^= src;
                        case 0x60 -> a = (a << (src & 31)) & 0xFFFFFFFFL;
                        case 0x70 -> a = a >>> (src & 31);
                        case 0x80 -> a = (-a) & 0xFFFFFFFFL;
                        default -> {
                            return 0;
                        }
                    }
                }
                case 0x05 -> { // JMP
                    long src = (c & 0x08) != 0 ? x : kk;
                    if ((c & 0xF0) == 0x00) {
                        pc += (int) kk;
                    } else {
                        boolean cond = switch (c & 0xF0) {
                            case 0x10 -> a == src;
                            case 0x20 -> a > src;
                            case 0x30 -> a >= src;
                            case 0x40 -> (a & src) != 0;
                            default -> false;
                        };
                        pc += cond ? jt[pc] : jf[pc];
                    }
                }
                case 0x06 -> { // RET
                    return switch (c & 0x18) {
                        case 0x10 -> a;
                        case 0x08 -> x;
                        default -> kk;
                    };
                }
                default -> { // MISC: TAX / TXA
                    if ((c & 0xF8) == 0x80) {
                        a = x;
                    } else {
                        x = a;
                    }
                }
            }
            pc++;
        }
        return 0;
    }

    /** Loads {@code size} bytes big-endian at {@code off}; -1 when outside the packet. */
    private static long load(PacketBytes b, long off, int size, MatchEnv env) {
        long o = off;
        if (o < 0) {
            if (o >= SKF_AD_OFF || o < SKF_NET_OFF) {
                env.approximate(GUESS);
                return 0;
            }
            o -= SKF_NET_OFF;
        }
        if (o + size > b.length()) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < size; i++) {
            v = (v << 8) | b.byteAt((int) o + i);
        }
        if (!b.allKnown((int) o, size)) {
            env.approximate(GUESS);
        }
        return v;
    }
}
