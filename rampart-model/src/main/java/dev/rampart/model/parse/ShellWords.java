package dev.rampart.model.parse;

/**
 * Splits a shell command line into words the way a POSIX shell does for simple commands: blanks
 * separate; single quotes keep everything literally; double quotes keep blanks and let a backslash
 * escape {@code $ ` " \}; a backslash outside quotes escapes the next character; an unquoted
 * {@code #} at the start of a word begins a comment. No expansion is done here.
 */
public final class ShellWords {
    private ShellWords() {
    }

    /** Why a line could not be split. */
    public record Problem(String message, int column) {
    }

    /**
     * Splits {@code line} into {@code out} (cleared first). Columns are 1-based offsets into
     * {@code line}. Returns null on success.
     */
    public static Problem split(String line, Tokens out) {
        out.clear();
        int n = line.length();
        int i = 0;
        StringBuilder w = new StringBuilder();
        while (i < n) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                i++;
                continue;
            }
            if (c == '#') {
                break;
            }
            int start = i;
            w.setLength(0);
            boolean any = false;
            while (i < n) {
                c = line.charAt(i);
                if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                    break;
                }
                if (c == '\'') {
                    int close = line.indexOf('\'', i + 1);
                    if (close < 0) {
                        return new Problem("unterminated single quote", i + 1);
                    }
                    w.append(line, i + 1, close);
                    i = close + 1;
                    any = true;
                    continue;
                }
                if (c == '"') {
                    int j = i + 1;
                    boolean closed = false;
                    while (j < n) {
                        char d = line.charAt(j);
                        if (d == '\\' && j + 1 < n && "$`\"\\".indexOf(line.charAt(j + 1)) >= 0) {
                            w.append(line.charAt(j + 1));
                            j += 2;
                            continue;
                        }
                        if (d == '"') {
                            closed = true;
                            break;
                        }
                        w.append(d);
                        j++;
                    }
                    if (!closed) {
                        return new Problem("unterminated double quote", i + 1);
                    }
                    i = j + 1;
                    any = true;
                    continue;
                }
                if (c == '\\' && i + 1 < n) {
                    w.append(line.charAt(i + 1));
                    i += 2;
                    any = true;
                    continue;
                }
                w.append(c);
                any = true;
                i++;
            }
            if (any) {
                out.add(w.toString(), start + 1);
            }
        }
        return null;
    }
}
