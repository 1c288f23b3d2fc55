package dev.rampart.model.ext;

import java.util.List;

/**
 * One long option of a match or target extension: its canonical name (without {@code --}), how many
 * argument tokens follow it, whether {@code !} may precede it, whether it may be given more than once,
 * and other names that mean the same option.
 */
public record OptionSpec(String name, int arity, boolean invertible, boolean repeatable, List<String> aliases) {

    public OptionSpec {
        if (arity < 0 || arity > 3) {
            throw new IllegalArgumentException("arity 0..3");
        }
        aliases = List.copyOf(aliases);
    }

    /** An option without argument that cannot be inverted. */
    public static OptionSpec flag(String name) {
        return new OptionSpec(name, 0, false, false, List.of());
    }

    /** An option with one argument that cannot be inverted. */
    public static OptionSpec arg(String name) {
        return new OptionSpec(name, 1, false, false, List.of());
    }

    /** An option with {@code arity} arguments. */
    public static OptionSpec of(String name, int arity) {
        return new OptionSpec(name, arity, false, false, List.of());
    }

    /** This option, allowing {@code !} before it. */
    public OptionSpec inv() {
        return new OptionSpec(name, arity, true, repeatable, aliases);
    }

    /** This option, allowed more than once. */
    public OptionSpec multi() {
        return new OptionSpec(name, arity, invertible, true, aliases);
    }

    /** This option with more names for it. */
    public OptionSpec alias(String... more) {
        java.util.ArrayList<String> all = new java.util.ArrayList<>(aliases);
        all.addAll(List.of(more));
        return new OptionSpec(name, arity, invertible, repeatable, all);
    }
}
