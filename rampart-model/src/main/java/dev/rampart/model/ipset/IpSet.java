package dev.rampart.model.ipset;

import dev.rampart.model.SourcePos;
import java.util.List;

/**
 * One ipset: its name (at most {@value #MAX_NAME} characters), type, creation options and entries in
 * the order they were added. {@code pos} is where it was created ({@link SourcePos#NONE} when unknown).
 */
public record IpSet(String name, IpSetType type, IpSetOptions options, List<IpSetEntry> entries, SourcePos pos) {

    /** Longest set name ipset accepts, in characters. */
    public static final int MAX_NAME = 31;

    public IpSet {
        entries = List.copyOf(entries);
        if (pos == null) {
            pos = SourcePos.NONE;
        }
    }
}
