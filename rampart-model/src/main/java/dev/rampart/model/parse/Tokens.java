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
