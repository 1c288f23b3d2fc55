package dev.rampart.model.parse;

import java.util.Arrays;

/**
 * A reusable list of tokens of one line with the 1-based column each starts at. Parsers fill one
 * instance per line to avoid allocating per token position.
 */
public final class Tokens {
    private String[] text = new String[32];
    private int[] column = new int[32];
    private int size;
    /** Recently seen short tokens ("-A", "-m", "--dport", "tcp", chain names): reused instead of copied. */
    private final String[] seen = new String[SEEN_SLOTS];
    private static final int SEEN_SLOTS = 4096;
    /** Tokens longer than this are always copied (addresses, comments rarely repeat at one slot). */
    private static final int SEEN_MAX_LENGTH = 24;

    /** Empties the list. */
    public void clear() {
        size = 0;
    }

    /** Appends a token that starts at {@code col}. */
    public void add(String token, int col) {
        if (size == text.length) {
            text = Arrays.copyOf(text, size * 2);
            column = Arrays.copyOf(column, size * 2);
        }
        text[size] = token;
        column[size] = col;
        size++;
    }

    /**
     * The token {@code text[from, to)}, whose {@link String#hashCode()} is {@code hash}: a string seen
     * before at the same slot when equal, else a new copy (remembered for next time). Saves most of the
     * allocation of tokenising large files, where the same option names repeat on every line.
     */
    String token(String text, int from, int to, int hash) {
        int len = to - from;
        if (len > SEEN_MAX_LENGTH) {
            return text.substring(from, to);
        }
        int slot = (hash ^ (hash >>> 16)) & (SEEN_SLOTS - 1);
        String s = seen[slot];
        if (s != null && s.length() == len && text.regionMatches(from, s, 0, len)) {
            return s;
        }
        s = text.substring(from, to);
        seen[slot] = s;
        return s;
    }

    /** Number of tokens. */
    public int size() {
        return size;
    }

    /** Token {@code i}. */
    public String get(int i) {
        return text[i];
    }

    /** Column of token {@code i}. */
    public int column(int i) {
        return column[i];
    }

    /** A new list holding tokens {@code from..size-1}. */
    public Tokens slice(int from) {
        Tokens t = new Tokens();
        for (int i = from; i < size; i++) {
            t.add(text[i], column[i]);
        }
        return t;
    }

    @Override
    public String toString() {
        return String.join(" ", Arrays.asList(text).subList(0, size));
    }
}
