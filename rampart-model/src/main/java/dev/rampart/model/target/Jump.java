package dev.rampart.model.target;

import dev.rampart.model.write.SaveLine;

/** {@code -j CHAIN}: traverse a user chain, then come back unless it decides. */
public record Jump(String chain) implements Target {
    @Override
    public String name() {
        return chain;
    }

    @Override
    public void writeOptions(SaveLine out) {
        // a jump has no options
    }
}
