package dev.rampart.model.ext;

import java.util.List;

/**
 * One long option of a match or target extension: its canonical name (without {@code --}), how many
 * argument tokens follow it, whether {@code !} may precede it, whether it may be given more than once,
 * other names that mean the same option, and whether its one argument is optional (taken only when the
 * next word does not start with {@code -} or {@code !}, as a few extensions such as rateest read it).
 * {@code readInPlace} says that the extension reads the one argument where it is written
 * ({@link OptionUse#argText}), so the parser does not copy it into a string (see {@link #inPlace()}).
 */
public record OptionSpec(String name, int arity, boolean invertible, boolean repeatable, List<String> aliases,
                         boolean optionalArgument, boolean readInPlace) {

    public OptionSpec {
        if (arity < 0 || arity > 3) {
            throw new IllegalArgumentException("arity 0..3");
        }
        if (optionalArgument && arity != 1) {
            throw new IllegalArgumentException("an optional argument needs arity 1");
        }
        if (readInPlace && arity != 1) {
            throw new IllegalArgumentException("an argument read in place needs arity 1");
        }
        aliases = List.copyOf(aliases);
    }

    /** An option whose argument is required (arity arguments always follow). */
    public OptionSpec(String name, int arity, boolean invertible, boolean repeatable, List<String> aliases) {
        this(name, arity, invertible, repeatable, aliases, false, false);
    }

    /** An option whose argument is copied into a string for the extension. */
    public OptionSpec(String name, int arity, boolean invertible, boolean repeatable, List<String> aliases,
                      boolean optionalArgument) {
        this(name, arity, invertible, repeatable, aliases, optionalArgument, false);
    }

    /** An option that may be followed by one argument: taken when the next word is not an option. */
    public static OptionSpec optionalArg(String name) {
        return new OptionSpec(name, 1, false, false, List.of(), true);
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
        return new OptionSpec(name, arity, true, repeatable, aliases, optionalArgument, readInPlace);
    }

    /** This option, allowed more than once. */
    public OptionSpec multi() {
        return new OptionSpec(name, arity, invertible, true, aliases, optionalArgument, readInPlace);
    }

    /** This option with more names for it. */
    public OptionSpec alias(String... more) {
        java.util.ArrayList<String> all = new java.util.ArrayList<>(aliases);
        all.addAll(List.of(more));
        return new OptionSpec(name, arity, invertible, repeatable, all, optionalArgument, readInPlace);
    }

    /**
     * This option, its argument read in place: for values that are parsed into numbers or addresses and
     * not kept as text, on options that big rulesets repeat with different values in every rule
     * ({@code --probability}, {@code --to-destination}).
     */
    public OptionSpec inPlace() {
        return new OptionSpec(name, arity, invertible, repeatable, aliases, optionalArgument, true);
    }
}
