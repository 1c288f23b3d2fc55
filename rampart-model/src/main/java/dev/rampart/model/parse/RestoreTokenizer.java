package dev.rampart.model.parse;

/**
 * Splits one line of {@code iptables-restore} input into arguments exactly as iptables-restore does:
 * whitespace (space, tab) separates; a double quote opens and closes a quoted part, inside which a
 * backslash escapes the next character; a closing quote ends the argument (so {@code ""} is an empty
 * argument); single quotes are ordinary characters. Each argument is at most 1023 bytes and a line
 * holds at most 255 arguments.
 */
public final class RestoreTokenizer {
    /** Longest argument iptables-restore accepts, in bytes. */
    public static final int MAX_PARAM_BYTES = 1023;
    /** Most arguments iptables-restore accepts on one line. */
    public static final int MAX_ARGS = 255;

    private RestoreTokenizer() {
    }

    private static boolean noBackslash(String s, int from, int to) {
        for (int k = from; k < to; k++) {
            if (s.charAt(k) == '\\') {
                return false;
            }
        }
        return true;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    /** Why a line could not be split: the problem and the 1-based column it is at. */
    public record Problem(String message, int column, boolean tooLong, boolean tooMany) {
    }

    /**
     * Splits {@code line} from index {@code start} into {@code out} (cleared first). Returns null on
     * success, or the problem.
     */
    public static Problem tokenize(String line, int start, Tokens out) {
        return tokenize(line, start, line.length(), 0, out);
    }

    /**
     * Splits {@code text[start, end)} into {@code out}; columns are counted from {@code lineStart}, the
     * index where the line begins in {@code text}. Returns null on success, or the problem.
     */
    public static Problem tokenize(String line, int start, int end, int lineStart, Tokens out) {
        out.clear();
        int n = end;
        int i = start;
        StringBuilder buf = null;
        while (i < n) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                i++;
                continue;
            }
            int tokenStart = i;
            // fast path: plain token without quotes
            int j = i;
            while (j < n) {
                char d = line.charAt(j);
                if (d == ' ' || d == '\t' || d == '\n' || d == '\r' || d == '"') {
                    break;
                }
                j++;
            }
            if (j == n || line.charAt(j) != '"') {
                if (j - i > MAX_PARAM_BYTES) {
                    return new Problem("argument is longer than " + MAX_PARAM_BYTES + " bytes", tokenStart - lineStart + 1, true,
                            false);
                }
                out.addRegion(line, i, j, tokenStart - lineStart + 1);
                i = j;
            } else {
                // common case: "text" with no backslash, closed, and followed by white space or the end
                if (j == i) {
                    int close = line.indexOf('"', j + 1);
                    if (close > 0 && close < n && (close + 1 == n || isBlank(line.charAt(close + 1)))
                            && noBackslash(line, j + 1, close)) {
                        if (close - j - 1 > MAX_PARAM_BYTES) {
                            return new Problem("argument is longer than " + MAX_PARAM_BYTES + " bytes",
                                    tokenStart - lineStart + 1, true, false);
                        }
                        out.addRegion(line, j + 1, close, tokenStart - lineStart + 1);
                        i = close + 1;
                        if (out.size() > MAX_ARGS) {
                            return new Problem("more than " + MAX_ARGS + " arguments on one line",
                                    tokenStart - lineStart + 1, false, true);
                        }
                        continue;
                    }
                }
                if (buf == null) {
                    buf = new StringBuilder();
                }
                buf.setLength(0);
                buf.append(line, i, j);
                i = j;
                boolean quoted = false;
                boolean closed = false;
                while (i < n) {
                    char d = line.charAt(i);
                    if (quoted) {
                        if (d == '\\' && i + 1 < n) {
                            buf.append(line.charAt(i + 1));
                            i += 2;
                            continue;
                        }
                        if (d == '"') {
                            i++;
                            closed = true;
                            break;
                        }
                        buf.append(d);
                        i++;
                    } else {
                        if (d == '"') {
                            quoted = true;
                            i++;
                            continue;
                        }
                        if (d == ' ' || d == '\t' || d == '\n' || d == '\r') {
                            break;
                        }
                        buf.append(d);
                        i++;
                    }
                }
                if (quoted && !closed) {
                    return new Problem("unterminated quote", tokenStart - lineStart + 1, false, false);
                }
                if (buf.length() > MAX_PARAM_BYTES) {
                    return new Problem("argument is longer than " + MAX_PARAM_BYTES + " bytes", tokenStart - lineStart + 1, true,
                            false);
                }
                out.add(buf.toString(), tokenStart - lineStart + 1);
            }
            if (out.size() > MAX_ARGS) {
                return new Problem("more than " + MAX_ARGS + " arguments on one line", tokenStart - lineStart + 1, false, true);
            }
        }
        return null;
    }
}
