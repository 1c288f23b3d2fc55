package dev.rampart.model.match;

import dev.rampart.model.write.SaveLine;
import java.util.List;

/**
 * A match module Rampart does not model. Its arguments are kept exactly as written (already
 * tokenised) and printed back verbatim, so a ruleset using it round-trips unchanged; analyses treat it
 * as unknown and say so.
 */
public record UnknownMatch(String module, List<String> args) implements Match {

    public UnknownMatch {
        args = List.copyOf(args);
    }

    @Override
    public void writeOptions(SaveLine out) {
        out.verbatim(args);
    }

    @Override
    public boolean isKnown() {
        return false;
    }
}
