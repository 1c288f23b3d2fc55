package dev.rampart.sim.conntrack;

/**
 * Bob Jenkins' lookup3 {@code hashword} as the kernel's {@code jhash2} uses it (initial value
 * {@code 0xdeadbeef}), written from the public-domain algorithm description. NAT uses it to spread connections
 * over an address range the same way the kernel does, so the simulator picks the same address.
 */
final class Jhash {

    private static final int INITVAL = 0xdeadbeef;

    private Jhash() {
    }

    /** {@code jhash2(k, k.length, initval)}. */
    static int jhash2(int[] k, int initval) {
        int length = k.length;
        int a = INITVAL + (length << 2) + initval;
        int b = a;
        int c = a;
        int i = 0;
        while (length > 3) {
            a += k[i];
            b += k[i + 1];
            c += k[i + 2];
            // mix
            a -= c; a ^= Integer.rotateLeft(c, 4); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 6); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 8); b += a;
            a -= c; a ^= Integer.rotateLeft(c, 16); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 19); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 4); b += a;
            length -= 3;
            i += 3;
        }
        if (length == 0) {
            return c;
        }
        if (length == 3) {
            c += k[i + 2];
        }
        if (length >= 2) {
            b += k[i + 1];
        }
        a += k[i];
        // final
        c ^= b; c -= Integer.rotateLeft(b, 14);
        a ^= c; a -= Integer.rotateLeft(c, 11);
        b ^= a; b -= Integer.rotateLeft(a, 25);
        c ^= b; c -= Integer.rotateLeft(b, 16);
        a ^= c; a -= Integer.rotateLeft(c, 4);
        b ^= a; b -= Integer.rotateLeft(a, 14);
        c ^= b; c -= Integer.rotateLeft(b, 24);
        return c;
    }

    /** {@code reciprocal_scale(val, ep_ro)}: maps a 32-bit value onto {@code [0, range)}. */
    static long reciprocalScale(int val, long range) {
        return ((val & 0xFFFF_FFFFL) * (range & 0xFFFF_FFFFL)) >>> 32;
    }
}
