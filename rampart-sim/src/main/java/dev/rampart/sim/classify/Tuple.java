package dev.rampart.sim.classify;

import dev.rampart.sim.classify.RuleKey.PortField;

/**
 * Which header fields one hash table of a {@link TupleSpaceIndex} looks at, and how much of each: the
 * address bits under a mask, whether the protocol is part of the key, which port (or the ICMP type), and
 * how the interfaces are compared. A rule belongs in a table whose tuple asks no more than the rule's
 * own {@link RuleKey} fixes ({@link #covers}); then a packet the rule matches hashes to the rule's bucket.
 */
record Tuple(long srcMaskHi, long srcMaskLo, long dstMaskHi, long dstMaskLo, boolean protocolKeyed,
             PortField portField, int inMode, int outMode) {

    /** Whether a rule with {@code key} can be stored under this tuple: every keyed part is fixed by the rule. */
    boolean covers(RuleKey key) {
        return (srcMaskHi & ~key.srcMaskHi()) == 0 && (srcMaskLo & ~key.srcMaskLo()) == 0
                && (dstMaskHi & ~key.dstMaskHi()) == 0 && (dstMaskLo & ~key.dstMaskLo()) == 0
                && (!protocolKeyed || key.protocol() >= 0)
                && (portField == PortField.NONE || portField == key.portField())
                && (inMode == RuleKey.IFACE_ANY || inMode == key.inMode())
                && (outMode == RuleKey.IFACE_ANY || outMode == key.outMode());
    }

    /** For diagnostics: the keyed fields, e.g. {@code (src/32 dst/24 proto dport in=eth*3)}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("(");
        mask(sb, "src", srcMaskHi, srcMaskLo);
        mask(sb, "dst", dstMaskHi, dstMaskLo);
        if (protocolKeyed) {
            sb.append("proto ");
        }
        if (portField != PortField.NONE) {
            sb.append(portField.name().toLowerCase(java.util.Locale.ROOT)).append(' ');
        }
        iface(sb, "in", inMode);
        iface(sb, "out", outMode);
        if (sb.length() == 1) {
            sb.append("any ");
        }
        sb.setLength(sb.length() - 1);
        return sb.append(')').toString();
    }

    private static void mask(StringBuilder sb, String name, long hi, long lo) {
        if (hi != 0 || lo != 0) {
            int bits = Long.bitCount(hi) + Long.bitCount(lo);
            sb.append(name).append('/').append(bits).append(' ');
        }
    }

    private static void iface(StringBuilder sb, String name, int mode) {
        if (mode == RuleKey.IFACE_EXACT) {
            sb.append(name).append("=name ");
        } else if (mode > 0) {
            sb.append(name).append("=prefix").append(mode).append(' ');
        }
    }

    /** Number of header fields this tuple keys on (more is more selective). */
    int keyedFields() {
        return (srcMaskHi != 0 || srcMaskLo != 0 ? 1 : 0) + (dstMaskHi != 0 || dstMaskLo != 0 ? 1 : 0)
                + (protocolKeyed ? 1 : 0) + (portField != PortField.NONE ? 1 : 0)
                + (inMode != RuleKey.IFACE_ANY ? 1 : 0) + (outMode != RuleKey.IFACE_ANY ? 1 : 0);
    }
}
