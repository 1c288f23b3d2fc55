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
        out.verbatim(args);
    }

    @Override
    public boolean isKnown() {
        return false;
    }
}
