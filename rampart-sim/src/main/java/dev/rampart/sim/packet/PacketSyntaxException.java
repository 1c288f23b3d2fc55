package dev.rampart.sim.packet;

/**
 * A packet description that cannot be read. {@code column} is the 1-based column of the offending word
 * in a text packet (0 when not known, e.g. in JSON where {@code field} names the member instead).
 */
public final class PacketSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int column;
    private final String field;

    public PacketSyntaxException(String message, int column, String field) {
        super(message);
        this.column = column;
        this.field = field;
    }

    /** 1-based column in a text packet, or 0. */
    public int column() {
        return column;
    }

    /** The JSON member at fault, or null. */
    public String field() {
        return field;
    }
}
