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
        for (String a : args) {
            if (!a.isEmpty() && a.chars().noneMatch(c -> c == ' ' || c == '\t' || c == '"' || c == '\\' || c == '\'')) {
                out.word(a);
            } else {
                out.quoted(a);
            }
        }
    }

    @Override
    public boolean isKnown() {
        return false;
    }
}
