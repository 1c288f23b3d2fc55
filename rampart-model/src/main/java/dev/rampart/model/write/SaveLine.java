package dev.rampart.model.write;

/**
 * Builds one line of {@code iptables-save} output. Every append method writes a leading space, so
 * extensions write their options as {@code out.option("dport", "22")} and get {@code " --dport 22"}.
 */
public final class SaveLine {

    private final StringBuilder sb;

    /** Appends to {@code sb}. */
    public SaveLine(StringBuilder sb) {
        this.sb = sb;
    }

    /** A line with its own buffer. */
    public SaveLine() {
        this(new StringBuilder(96));
    }

    /** {@code " --name"}. */
    public SaveLine option(String name) {
        sb.append(" --").append(name);
        return this;
    }

    /** {@code " ! --name"} when inverted, else {@code " --name"}. */
    public SaveLine option(boolean inverted, String name) {
        if (inverted) {
            sb.append(" !");
        }
        return option(name);
    }

    /** {@code " --name value"}. */
    public SaveLine option(String name, String value) {
        return option(name).word(value);
    }

    /** {@code " [!] --name value"}. */
    public SaveLine option(boolean inverted, String name, String value) {
        return option(inverted, name).word(value);
    }

    /** {@code " --name value"} with the value quoted the way {@code xtables_save_string} does. */
    public SaveLine optionQuoted(String name, String value) {
        return option(name).quoted(value);
    }

    /** {@code " [!] --name value"} with the value quoted the way {@code xtables_save_string} does. */
    public SaveLine optionQuoted(boolean inverted, String name, String value) {
        return option(inverted, name).quoted(value);
    }

    /** {@code " word"}, verbatim. */
    public SaveLine word(String word) {
        sb.append(' ').append(word);
        return this;
    }

    /** {@code " !"}. */
    public SaveLine bang() {
        sb.append(" !");
        return this;
    }

    /** Raw text with no leading space. */
    public SaveLine raw(String text) {
        sb.append(text);
        return this;
    }

    /**
     * {@code " value"}, in double quotes with {@code " \ '} escaped by a backslash unless the value is
     * non-empty and consists only of letters, digits, {@code _} and {@code -} (iptables'
     * {@code xtables_save_string}).
     */
    public SaveLine quoted(String value) {
        sb.append(' ');
        appendQuoted(sb, value);
        return this;
    }

    /** Appends {@code value} quoted as {@link #quoted(String)} does, without the leading space. */
    public static void appendQuoted(StringBuilder sb, String value) {
        int n = value.length();
        boolean plain = n > 0;
        int firstEscape = n;
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\' || c == '\'') {
                firstEscape = i;
                plain = false;
                break;
            }
            if (plain && !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                plain = false;
            }
        }
        if (plain) {
            sb.append(value);
            return;
        }
        // the part before the first character to escape (usually all of it) is copied in one piece
        sb.append('"');
        if (firstEscape == n) {
            sb.append(value);
        } else {
            sb.append(value, 0, firstEscape);
        }
        for (int i = firstEscape; i < n; i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\' || c == '\'') {
                sb.append('\\');
            }
            sb.append(c);
        }
        sb.append('"');
    }

    /**
     * Arguments kept verbatim from the input (of a module Rampart does not model): each as written,
     * quoted only when it could not be read back as one token (empty, blanks, quotes, backslashes).
     */
    public SaveLine verbatim(java.util.List<String> args) {
        for (String a : args) {
            if (!a.isEmpty() && a.chars().noneMatch(c -> c == ' ' || c == '\t' || c == '"' || c == '\\' || c == '\'')) {
                word(a);
            } else {
                quoted(a);
            }
        }
        return this;
    }

    /** The underlying buffer. */
    public StringBuilder buffer() {
        return sb;
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
