package dev.rampart.model.target;

import dev.rampart.model.write.SaveLine;

/** {@code -g CHAIN}: continue in a user chain; its RETURN goes back to the chain that called this one. */
public record Goto(String chain) implements Target {
    @Override
    public String name() {
        return chain;
    }

    @Override
    public void writeOptions(SaveLine out) {
        // a goto has no options
    }
}
