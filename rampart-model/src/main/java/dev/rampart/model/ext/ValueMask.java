package dev.rampart.model.ext;

/**
 * A value with an optional mask, as {@code --mark 0x1/0xff} takes it. {@code mask} is all ones
 * ({@code fullMask}) when none was given; printing follows iptables: {@code value} alone when the mask
 * is full, else {@code value/mask}, both in hex.
 */
public record ValueMask(long value, long mask, long fullMask) {

    /** Parses {@code value[/mask]} with 32-bit unsigned parts. */
    public static ValueMask parse32(OptionUse use, String text) throws ExtensionException {
        int slash = text.indexOf('/');
        long v = Values.number(use, slash < 0 ? text : text.substring(0, slash), 0, 0xFFFFFFFFL);
        long m = slash < 0 ? 0xFFFFFFFFL : Values.number(use, text.substring(slash + 1), 0, 0xFFFFFFFFL);
        return new ValueMask(v, m, 0xFFFFFFFFL);
    }

    /** Whether no mask (or a full one) applies. */
    public boolean fullMaskOnly() {
        return mask == fullMask;
    }

    /** {@code 0xV} or {@code 0xV/0xM}. */
    @Override
    public String toString() {
        return fullMaskOnly() ? "0x" + Long.toHexString(value) : "0x" + Long.toHexString(value) + "/0x" + Long.toHexString(mask);
    }
}
