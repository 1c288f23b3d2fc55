package dev.rampart.monitor.parse;

/**
 * Re-uses the strings a log repeats on every line (host names, program names, interface names, MAC
 * headers, log prefixes) instead of allocating a copy per line: a small direct-mapped cache keyed by
 * the hash of the text range; a miss allocates and replaces the slot. Logs have few distinct values of
 * these fields, so almost every lookup hits. Not thread-safe (one per parser).
 */
final class StringCache {
    /** Slots; a power of two. */
    private static final int SLOTS = 64;
    private final String[] slots = new String[SLOTS];

    /** {@code s.substring(from, to)}, shared with earlier calls for the same text. */
    String get(String s, int from, int to) {
        int len = to - from;
        if (len <= 0) {
            return "";
        }
        int h = len;
        for (int i = from; i < to; i++) {
            h = 31 * h + s.charAt(i);
        }
        int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
        String e = slots[slot];
        if (e != null && e.length() == len && s.regionMatches(from, e, 0, len)) {
            return e;
        }
        e = s.substring(from, to);
        slots[slot] = e;
        return e;
    }
}
