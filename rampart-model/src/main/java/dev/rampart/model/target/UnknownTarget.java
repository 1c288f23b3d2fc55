package dev.rampart.model.target;

import dev.rampart.model.write.SaveLine;
import java.util.List;

/** A target extension Rampart does not model, kept verbatim so it round-trips. */
public record UnknownTarget(String name, List<String> args) implements Target {

    public UnknownTarget {
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
