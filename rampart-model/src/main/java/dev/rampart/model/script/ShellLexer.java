package dev.rampart.model.script;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Splits one logical shell line (continuations already joined) into simple commands, the way a POSIX
 * shell reads the simple scripts firewall guides contain: blanks separate words; {@code ;},
 * {@code &&}, {@code ||}, {@code &} end a command; {@code |} joins a pipeline; redirections
 * ({@code > f}, {@code 2>&1}, {@code < f}, {@code <<EOF}) are taken out of the words; single quotes are
 * literal; double quotes keep blanks and expand variables; {@code $NAME} and {@code ${NAME}}
 * ({@code ${NAME:-default}}) expand from the variables known so far, and unquoted expansions are split
 * at blanks; an unquoted {@code #} at the start of a word begins a comment. Command substitution
 * ({@code $(...)}, backquotes) and unknown variables are not evaluated: the command records them so the
 * reader can skip it with a precise reason. Word columns are 1-based offsets into the line.
 */
final class ShellLexer {
    private ShellLexer() {
    }

    /** One word and the column where it starts. */
    record Word(String text, int column) {
    }

    /**
     * One simple command. {@code piped}: part of a pipeline; {@code inputFrom}: file of a {@code <}
     * redirection or null; {@code heredoc}: delimiter of a {@code <<} here-document or null;
     * {@code undefined}: names of variables that had no value; {@code substitution}: column of a command
     * substitution, or 0; {@code start}/{@code end}: 1-based columns of its text.
     */
    record Command(List<Word> words, boolean piped, String inputFrom, String heredoc, boolean heredocStripTabs,
                   List<String> undefined, int substitution, int start, int end) {
    }

    /** Why the line could not be read. */
    record Problem(String message, int column) {
    }

    /** The commands of a line, or a problem. */
    record Result(List<Command> commands, Problem problem) {
    }

    static Result lex(String line, Map<String, String> vars) {
        return new Run(line, vars).run();
    }

    private static final class Run {
        final String s;
        final Map<String, String> vars;
        final int n;
        int i;
        final List<Command> out = new ArrayList<>();
        // current command
        List<Word> words = new ArrayList<>();
        boolean piped;
        boolean nextPiped;
        String inputFrom;
        String heredoc;
        boolean heredocTabs;
        List<String> undefined = new ArrayList<>();
        int substitution;
        int start = -1;
        // current word
        StringBuilder w = new StringBuilder();
        boolean inWord;
        int wordCol;

        Run(String s, Map<String, String> vars) {
            this.s = s;
            this.vars = vars;
            this.n = s.length();
        }

        void endWord() {
            if (inWord) {
                words.add(new Word(w.toString(), wordCol));
            }
            w.setLength(0);
            inWord = false;
        }

        void startWord(int col) {
            if (!inWord) {
                inWord = true;
                wordCol = col;
                if (start < 0) {
                    start = col;
                }
            }
        }

        void endCommand(int endCol) {
            endWord();
            if (!words.isEmpty() || inputFrom != null || heredoc != null) {
                out.add(new Command(List.copyOf(words), piped, inputFrom, heredoc, heredocTabs, List.copyOf(undefined),
                        substitution, start < 0 ? 1 : start, endCol));
            }
            words = new ArrayList<>();
            piped = nextPiped;
            nextPiped = false;
            inputFrom = null;
            heredoc = null;
            heredocTabs = false;
            undefined = new ArrayList<>();
            substitution = 0;
            start = -1;
        }

        Result run() {
            while (i < n) {
                char c = s.charAt(i);
                if (c == ' ' || c == '\t') {
                    endWord();
                    i++;
                    continue;
                }
                if (c == '#' && !inWord) {
                    endCommand(i + 1);
                    return new Result(out, null);
                }
                if (c == ';' || c == '&' || c == '|') {
                    if (c == '&' && i + 1 < n && s.charAt(i + 1) == '>') {
                        // &> file
                        endWord();
                        i += 2;
                        if (i < n && s.charAt(i) == '>') {
                            i++;
                        }
                        Problem p = redirectTarget(false);
                        if (p != null) {
                            return new Result(out, p);
                        }
                        continue;
                    }
                    int col = i;
                    boolean pipe = c == '|' && !(i + 1 < n && s.charAt(i + 1) == '|');
                    if ((c == '&' || c == '|') && i + 1 < n && s.charAt(i + 1) == c) {
                        i++;
                    }
                    i++;
                    if (pipe) {
                        piped = true;
                        nextPiped = true;
                    }
                    endCommand(col);
                    continue;
                }
                if (c == '>' || c == '<') {
                    // a redirection; a word of digits just before it is the file descriptor
                    if (inWord && isDigits(w)) {
                        w.setLength(0);
                        inWord = false;
                    } else {
                        endWord();
                    }
                    if (start < 0) {
                        start = i + 1;
                    }
                    if (c == '<' && i + 1 < n && s.charAt(i + 1) == '<') {
                        i += 2;
                        boolean tabs = false;
                        if (i < n && s.charAt(i) == '-') {
                            tabs = true;
                            i++;
                        }
                        if (i < n && s.charAt(i) == '<') {
                            // <<< here-string: the word is input, not a delimiter
                            i++;
                            Problem p = redirectTarget(true);
                            if (p != null) {
                                return new Result(out, p);
                            }
                            continue;
                        }
                        while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                            i++;
                        }
                        StringBuilder d = new StringBuilder();
                        while (i < n && " \t;&|<>".indexOf(s.charAt(i)) < 0) {
                            char q = s.charAt(i);
                            if (q != '\'' && q != '"' && q != '\\') {
                                d.append(q);
                            }
                            i++;
                        }
                        heredoc = d.toString();
                        heredocTabs = tabs;
                        continue;
                    }
                    boolean in = c == '<';
                    i++;
                    if (i < n && (s.charAt(i) == '>' || s.charAt(i) == '|')) {
                        i++;
                    }
                    if (i < n && s.charAt(i) == '&') {
                        // 2>&1, >&2: duplicate a descriptor
                        i++;
                        while (i < n && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '-')) {
                            i++;
                        }
                        continue;
                    }
                    Problem p = redirectTarget(in);
                    if (p != null) {
                        return new Result(out, p);
                    }
                    continue;
                }
                Problem p = wordChar();
                if (p != null) {
                    return new Result(out, p);
                }
            }
            endCommand(n + 1);
            return new Result(out, null);
        }

        static boolean isDigits(StringBuilder b) {
            if (b.length() == 0) {
                return false;
            }
            for (int k = 0; k < b.length(); k++) {
                if (!Character.isDigit(b.charAt(k))) {
                    return false;
                }
            }
            return true;
        }

        /** Reads the file word after a redirection operator. */
        Problem redirectTarget(boolean input) {
            while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
            List<Word> saved = words;
            words = new ArrayList<>();
            int begin = i;
            while (i < n && " \t;&|<>".indexOf(s.charAt(i)) < 0) {
                Problem p = wordChar();
                if (p != null) {
                    words = saved;
                    return p;
                }
            }
            String target = inWord ? w.toString() : "";
            w.setLength(0);
            inWord = false;
            words = saved;
            if (target.isEmpty() && begin == i) {
                return new Problem("redirection without a file name", begin + 1);
            }
            if (input) {
                inputFrom = target;
            }
            return null;
        }

        /** Consumes one character (or quoted run / expansion) of a word. */
        Problem wordChar() {
            char c = s.charAt(i);
            int col = i + 1;
            if (c == '\'') {
                int close = s.indexOf('\'', i + 1);
                if (close < 0) {
                    return new Problem("unterminated single quote", col);
                }
                startWord(col);
                w.append(s, i + 1, close);
                i = close + 1;
                return null;
            }
            if (c == '"') {
                startWord(col);
                int j = i + 1;
                while (j < n) {
                    char d = s.charAt(j);
                    if (d == '\\' && j + 1 < n && "$`\"\\".indexOf(s.charAt(j + 1)) >= 0) {
                        w.append(s.charAt(j + 1));
                        j += 2;
                        continue;
                    }
                    if (d == '"') {
                        i = j + 1;
                        return null;
                    }
                    if (d == '$' || d == '`') {
                        i = j;
                        Problem p = expansion(true);
                        if (p != null) {
                            return p;
                        }
                        j = i;
                        continue;
                    }
                    w.append(d);
                    j++;
                }
                return new Problem("unterminated double quote", col);
            }
            if (c == '\\') {
                startWord(col);
                if (i + 1 < n) {
                    w.append(s.charAt(i + 1));
                }
                i += 2;
                return null;
            }
            if (c == '$' || c == '`') {
                return expansion(false);
            }
            startWord(col);
            w.append(c);
            i++;
            return null;
        }

        /** Expands {@code $NAME}, {@code ${NAME}}, {@code ${NAME:-x}}; notes {@code $(..)} and backquotes. */
        Problem expansion(boolean quoted) {
            int col = i + 1;
            char c = s.charAt(i);
            if (c == '`' || (i + 1 < n && s.charAt(i + 1) == '(')) {
                int depth = 0;
                int j = i;
                if (c == '`') {
                    j = s.indexOf('`', i + 1);
                    if (j < 0) {
                        return new Problem("unterminated command substitution '`'", col);
                    }
                } else {
                    for (; j < n; j++) {
                        if (s.charAt(j) == '(') {
                            depth++;
                        } else if (s.charAt(j) == ')' && --depth == 0) {
                            break;
                        }
                    }
                    if (j >= n) {
                        return new Problem("unterminated command substitution '$('", col);
                    }
                }
                startWord(col);
                String inner = s.substring(c == '`' ? i + 1 : i + 2, j).strip();
                String which = whichResult(inner);
                if (which != null) {
                    w.append(which);
                } else {
                    if (substitution == 0) {
                        substitution = col;
                    }
                    w.append(s, i, j + 1);
                }
                i = j + 1;
                return null;
            }
            String name;
            String dflt = null;
            int j;
            if (i + 1 < n && s.charAt(i + 1) == '{') {
                int close = s.indexOf('}', i + 2);
                if (close < 0) {
                    return new Problem("unterminated '${'", col);
                }
                String inner = s.substring(i + 2, close);
                int op = inner.indexOf(":-");
                if (op < 0) {
                    op = inner.indexOf('-');
                    if (op >= 0) {
                        dflt = inner.substring(op + 1);
                        inner = inner.substring(0, op);
                    }
                } else {
                    dflt = inner.substring(op + 2);
                    inner = inner.substring(0, op);
                }
                name = inner;
                j = close + 1;
            } else {
                j = i + 1;
                if (j < n && (Character.isDigit(s.charAt(j)) || "@*#?$!-".indexOf(s.charAt(j)) >= 0)) {
                    j++;
                } else {
                    while (j < n && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
                        j++;
                    }
                }
                name = s.substring(i + 1, j);
                if (name.isEmpty()) {
                    startWord(col);
                    w.append('$');
                    i++;
                    return null;
                }
            }
            i = j;
            String value = vars.get(name);
            if (value == null && dflt != null) {
                value = dflt;
            }
            if (value == null) {
                undefined.add(name);
                startWord(col);
                w.append(s, col - 1, j);
                return null;
            }
            if (quoted || value.indexOf(' ') < 0 && value.indexOf('\t') < 0) {
                startWord(col);
                w.append(value);
                return null;
            }
            // unquoted: field splitting at blanks
            String[] fields = value.split("[ \t]+", -1);
            for (int k = 0; k < fields.length; k++) {
                if (k > 0) {
                    endWord();
                }
                if (!fields[k].isEmpty()) {
                    startWord(col);
                    w.append(fields[k]);
                }
            }
            return null;
        }

        /** {@code which iptables} / {@code command -v iptables}: the program name itself. */
        static String whichResult(String inner) {
            String[] f = inner.split("\\s+");
            if (f.length == 2 && f[0].equals("which")) {
                return f[1];
            }
            if (f.length == 3 && f[0].equals("command") && f[1].equals("-v")) {
                return f[2];
            }
            return null;
        }
    }
}
