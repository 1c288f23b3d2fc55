package dev.rampart.model.ipset;

/**
 * A value of an ipset command or save line is invalid. {@code offset} and {@code width} locate the bad
 * text inside the word that was being read (0-based); {@code hint} says how to fix it, or is null.
 * Thrown by {@link ElementParser} and caught by the readers, which turn it into a diagnostic.
 */
public final class IpSetSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int offset;
    private final int width;
    private final String hint;

    public IpSetSyntaxException(String message, int offset, int width, String hint) {
        super(message, null, false, false);
        this.offset = offset;
        this.width = Math.max(1, width);
        this.hint = hint;
    }

    public IpSetSyntaxException(String message, String hint) {
        this(message, 0, 0, hint);
    }

    /** 0-based offset of the bad text in its word. */
    public int offset() {
        return offset;
    }

    /** Number of characters to underline. */
    public int width() {
        return width;
    }

    /** How to fix it, or null. */
    public String hint() {
        return hint;
    }

    /** This problem moved by {@code delta} characters (when the word was part of a longer one). */
    IpSetSyntaxException shift(int delta, int newWidth) {
        return new IpSetSyntaxException(getMessage(), offset + delta, newWidth > 0 ? newWidth : width, hint);
    }
}
