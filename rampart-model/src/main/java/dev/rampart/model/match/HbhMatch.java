package dev.rampart.model.match;

import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.write.SaveLine;

/**
 * {@code -m hbh} (IPv6): the Hop-by-Hop Options header is present, optionally with header length {@code length}
 * (in 8-byte units not counting the first; null when not tested) and containing the options
 * {@code options} (null when not tested).
 */
public record HbhMatch(Long length, boolean lengthInverted, ExtHeaderOptions options) implements Match {

    /** The extension that parses {@code -m hbh}. */
    public static final MatchExtension EXTENSION = new OptionsHeaderExtension("hbh", HbhMatch::new);

    @Override
    public String module() {
        return "hbh";
    }

    @Override
    public void writeOptions(SaveLine out) {
        OptionsHeaderExtension.write(out, "hbh", length, lengthInverted, options);
    }
}
