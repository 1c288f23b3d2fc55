package dev.rampart.model;

/** Where something was read: 1-based line and column; {@link #NONE} for values built in code. */
public record SourcePos(int line, int column) {
    /** No position known. */
    public static final SourcePos NONE = new SourcePos(0, 0);
}
