package dev.rampart.model.parse;

import java.util.Arrays;

/**
 * {@code -A} lines waiting to be parsed, in file order: for each, its line number, and where in the text
 * it starts, where its first non-blank character is and where it ends (before any CR/LF).
 *
 * <p>The four numbers of a line are packed into one {@code int[]} instead of an object per line: a big
 * file has hundreds of thousands of pending lines, all alive until their batch is parsed.
 */
final class PendingLines {
    private static final int FIELDS = 4;
    private int[] data;
    private int size;

    /** An empty list with room for {@code capacity} lines before it grows. */
    PendingLines(int capacity) {
        data = new int[Math.max(1, capacity) * FIELDS];
    }

    void add(int lineNo, int lineStart, int start, int end) {
        int at = size * FIELDS;
        if (at == data.length) {
            data = Arrays.copyOf(data, data.length * 2);
        }
        data[at] = lineNo;
        data[at + 1] = lineStart;
        data[at + 2] = start;
        data[at + 3] = end;
        size++;
    }

    /** Empties the list, keeping its room. */
    void clear() {
        size = 0;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** 1-based line number of line {@code i}. */
    int lineNo(int i) {
        return data[i * FIELDS];
    }

    /** Index in the text where line {@code i} begins. */
    int lineStart(int i) {
        return data[i * FIELDS + 1];
    }

    /** Index of the first non-blank character of line {@code i}. */
    int start(int i) {
        return data[i * FIELDS + 2];
    }

    /** Index where line {@code i} ends (exclusive, before any CR/LF). */
    int end(int i) {
        return data[i * FIELDS + 3];
    }
}
