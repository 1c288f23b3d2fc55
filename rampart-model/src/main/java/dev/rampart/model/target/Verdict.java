package dev.rampart.model.target;

import dev.rampart.model.write.SaveLine;

/** The standard targets built into every chain. */
public enum Verdict implements Target {
    ACCEPT,
    DROP,
    RETURN,
    QUEUE;

    @Override
    public void writeOptions(SaveLine out) {
        // standard targets have no options
    }

    @Override
    public boolean isTerminal() {
        return true;
    }

    /** The verdict called {@code name} exactly, or null. */
    public static Verdict byName(String name) {
        return switch (name) {
            case "ACCEPT" -> ACCEPT;
            case "DROP" -> DROP;
            case "RETURN" -> RETURN;
            case "QUEUE" -> QUEUE;
            default -> null;
        };
    }
}
