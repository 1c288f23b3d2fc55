package dev.rampart.model.match;

import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.write.SaveLine;

/**
 * {@code -m dst} (IPv6): the Destination Options header is present, optionally with header length {@code length}
 * (in 8-byte units not counting the first; null when not tested) and containing the options
 * {@code options} (null when not tested).
 */
public record DstMatch(Long length, boolean lengthInverted, ExtHeaderOptions options) implements Match {

    /** The extension that parses {@code -m dst}. */
    public static final MatchExtension EXTENSION = new OptionsHeaderExtension("dst", DstMatch::new);

    @Override
    public String module() {
        return "dst";
    }

    @Override
    public void writeOptions(SaveLine out) {
        OptionsHeaderExtension.write(out, "dst", length, lengthInverted, options);
    }
}
