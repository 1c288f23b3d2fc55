package dev.rampart.model.ext;

import java.util.List;

/**
 * One occurrence of an option in a rule: the spec it resolved to, the name as written, whether
 * {@code !} preceded it, its arguments, and the columns of the option and of its first argument.
 */
public record OptionUse(OptionSpec spec, String written, boolean inverted, List<String> args, int column,
                        int argColumn) {

    public OptionUse {
        args = List.copyOf(args);
    }

    /** The canonical option name. */
    public String name() {
        return spec.name();
    }

    /** The first (usually only) argument. */
    public String arg() {
        return args.get(0);
    }
}
