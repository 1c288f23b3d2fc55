package dev.rampart.model.ext;

/**
 * An inclusive range of unsigned numbers, {@code min..max}, as the range-taking options of iptables
 * extensions ({@code --length}, {@code --mss}, {@code --espspi}, {@code --fragid}, ...) hold it. Both
 * ends lie in 0..2^32-1; {@code min <= max}.
 *
 * <p>{@link #parse} follows libxtables' {@code xtopt_parse_mint}: {@code N}, {@code A:B}, {@code A:}
 * (up to the type's maximum), {@code :B} (from 0) and {@code :} (everything); numbers as
 * {@code strtoul(..., 0)}; the second number may not be below the first.
 */
public record UintRange(long min, long max) {

    public UintRange {
        if (min < 0 || max < min || max > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("bad range " + min + ":" + max);
        }
    }

    /** The range {@code n..n}. */
    public static UintRange of(long n) {
        return new UintRange(n, n);
    }

    /**
     * Parses {@code text} as a range of numbers in 0..{@code limit}; errors name {@code use}'s option
     * and point at its argument.
     */
    public static UintRange parse(OptionUse use, String text, long limit) throws ExtensionException {
        int colon = text.indexOf(':');
        if (colon < 0) {
            long v = number(use, text, 0, limit);
            return new UintRange(v, v);
        }
        if (text.indexOf(':', colon + 1) >= 0) {
            throw ExtensionException.badValue(use, "too many ':' in range '" + text + "' for --" + use.name(),
                    "write FROM:TO");
        }
        String a = text.substring(0, colon);
        String b = text.substring(colon + 1);
        long lo = a.isEmpty() ? 0 : number(use, a, 0, limit);
        if (!b.isEmpty()) {
            long hi = Values.parseUnsigned(b);
            if (hi >= 0 && hi <= limit && hi < lo) {
                throw ExtensionException.badValue(use, "invalid range '" + text + "' for --" + use.name()
                        + ": start is greater than end", "write the range as " + hi + ":" + lo);
            }
        }
        long hi = b.isEmpty() ? limit : number(use, b, lo, limit);
        return new UintRange(lo, hi);
    }

    private static long number(OptionUse use, String text, long min, long limit) throws ExtensionException {
        long v = Values.parseUnsigned(text);
        if (v < 0 || v < min || v > limit) {
            throw ExtensionException.badValue(use, "invalid value '" + text + "' for --" + use.name()
                    + "; expected a number from " + min + " to " + limit);
        }
        return v;
    }

    /** Whether this range is {@code 0..limit}. */
    public boolean isAll(long limit) {
        return min == 0 && max == limit;
    }

    /** Whether {@code n} lies in the range. */
    public boolean contains(long n) {
        return n >= min && n <= max;
    }

    /** {@code N} when both ends are equal, else {@code MIN:MAX}, in decimal (as iptables-save prints). */
    @Override
    public String toString() {
        return min == max ? Long.toString(min) : min + ":" + max;
    }
}
