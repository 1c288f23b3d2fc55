package dev.rampart.model.parse;

import java.util.Arrays;

/**
 * A reusable list of tokens of one line with the 1-based column each starts at. Parsers fill one
 * instance per line to avoid allocating per token position.
 *
 * <p>A token is either a string or a region of a source text ({@link #addRegion}); a region is only
 * copied into a string when {@link #get} asks for it. The rule parser recognises options and option
 * names in place ({@link #is}, {@link #isLongOption}), so on big files most option words are never
 * copied at all.
 */
public final class Tokens {
    private String[] text = new String[32];
    private int[] column = new int[32];
    private int[] from = new int[32];
    private int[] to = new int[32];
    private String source;
    private int size;

    /** Empties the list. */
    public void clear() {
        size = 0;
    }

    private void grow() {
        if (size == text.length) {
            text = Arrays.copyOf(text, size * 2);
            column = Arrays.copyOf(column, size * 2);
            from = Arrays.copyOf(from, size * 2);
            to = Arrays.copyOf(to, size * 2);
        }
    }

    /** Appends a token that starts at {@code col}. */
    public void add(String token, int col) {
        grow();
        text[size] = token;
        column[size] = col;
        size++;
    }

    /**
     * Appends the token {@code src[start, end)}, starting at {@code col}, without copying it yet. All
     * region tokens of one fill must come from the same {@code src}.
     */
    public void addRegion(String src, int start, int end, int col) {
        grow();
        source = src;
        text[size] = null;
        from[size] = start;
        to[size] = end;
        column[size] = col;
        size++;
    }

    /** Number of tokens. */
    public int size() {
        return size;
    }

    /** Token {@code i} as a string (copied out of the source on first use). */
    public String get(int i) {
        String s = text[i];
        if (s == null) {
            s = source.substring(from[i], to[i]);
            text[i] = s;
        }
        return s;
    }

    /**
     * The text token {@code i} lies in: the source text for a region token, else the token's own string;
     * the token is {@code textOf(i)[start(i), end(i))}. For reading a value in place without a copy.
     */
    public String textOf(int i) {
        String s = text[i];
        return s != null ? s : source;
    }

    /** Where token {@code i} starts in {@link #textOf}. */
    public int start(int i) {
        return text[i] != null ? 0 : from[i];
    }

    /** Where token {@code i} ends (exclusive) in {@link #textOf}. */
    public int end(int i) {
        String s = text[i];
        return s != null ? s.length() : to[i];
    }

    /** Length of token {@code i}. */
    public int length(int i) {
        String s = text[i];
        return s != null ? s.length() : to[i] - from[i];
    }

    /** Character {@code k} of token {@code i}. */
    public char charAt(int i, int k) {
        String s = text[i];
        return s != null ? s.charAt(k) : source.charAt(from[i] + k);
    }

    /** Whether token {@code i} is exactly {@code s}. */
    public boolean is(int i, String s) {
        String t = text[i];
        if (t != null) {
            return t.equals(s);
        }
        return to[i] - from[i] == s.length() && source.startsWith(s, from[i]);
    }

    /** Whether token {@code i} is exactly {@code --name}. */
    public boolean isLongOption(int i, String name) {
        String t = text[i];
        if (t != null) {
            return t.length() == name.length() + 2 && t.startsWith("--") && t.startsWith(name, 2);
        }
        int f = from[i];
        return to[i] - f == name.length() + 2 && source.charAt(f) == '-' && source.charAt(f + 1) == '-'
                && source.startsWith(name, f + 2);
    }

    /** Whether token {@code i} contains {@code c}. */
    public boolean contains(int i, char c) {
        String t = text[i];
        if (t != null) {
            return t.indexOf(c) >= 0;
        }
        for (int k = from[i]; k < to[i]; k++) {
            if (source.charAt(k) == c) {
                return true;
            }
        }
        return false;
    }

    /** Column of token {@code i}. */
    public int column(int i) {
        return column[i];
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < size; i++) {
            sb.append(i == 0 ? "" : " ").append(get(i));
        }
        return sb.toString();
    }
}
