package dev.rampart.policy.yaml;

/**
 * Where a policy value was written: the file as the user named it, 1-based line and column, and the text
 * of that line (for the caret display). {@link #NONE} is used for values Rampart supplies itself.
 */
public record Pos(String file, int line, int column, String sourceLine) {

    /** No position: a built-in default. */
    public static final Pos NONE = new Pos("<builtin>", 0, 0, null);

    /** The file's base name and line, as rule comments cite it: {@code web.yaml:12}. */
    public String cite() {
        String base = file.substring(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
        return line == 0 ? base : base + ":" + line;
    }
}
