package dev.rampart.model.ext;

import java.util.List;

/**
 * One occurrence of an option in a rule: the spec it resolved to, the name as written, whether
 * {@code !} preceded it, its arguments, and the columns of the option and of its first argument.
 *
 * <p>Not a record, for speed: the rule parser reads hundreds of thousands of rules, so the {@link Options}
 * bag it reuses from rule to rule also reuses its uses ({@link Options#add(OptionSpec, String, boolean,
 * String, List, int, int)}), and a use with one argument keeps it as a plain field (the list
 * {@link #args()} is made only when asked for). A use is therefore valid only while its extension
 * builds; extensions must not keep it.
 */
public final class OptionUse {
    private OptionSpec spec;
    private String written;
    private boolean inverted;
    /** The only argument, or null when there are none or several ({@link #args} holds them then). */
    private String single;
    private List<String> args;
    /** For an argument read in place: the text it lies in, else null. */
    private String argText;
    private int argStart;
    private int argEnd;
    private int column;
    private int argColumn;

    /** A use with arguments {@code args} (copied). */
    public OptionUse(OptionSpec spec, String written, boolean inverted, List<String> args, int column, int argColumn) {
        set(spec, written, inverted, null, List.copyOf(args), column, argColumn);
    }

    OptionUse() {
    }

    /** Makes this use describe another occurrence: {@code single} when it has exactly one argument, else {@code args}. */
    void set(OptionSpec newSpec, String newWritten, boolean newInverted, String newSingle, List<String> newArgs,
             int newColumn, int newArgColumn) {
        spec = newSpec;
        written = newWritten;
        inverted = newInverted;
        single = newSingle;
        args = newSingle != null ? null : newArgs;
        argText = null;
        column = newColumn;
        argColumn = newArgColumn;
    }

    /** Makes this use describe an occurrence whose one argument is {@code text[start, end)}, not copied yet. */
    void setInPlace(OptionSpec newSpec, String newWritten, boolean newInverted, String text, int start, int end,
                    int newColumn, int newArgColumn) {
        set(newSpec, newWritten, newInverted, null, null, newColumn, newArgColumn);
        argText = text;
        argStart = start;
        argEnd = end;
    }

    /**
     * The text the first argument lies in: it is {@code argText()[argStart(), argEnd())}. For an option
     * read in place ({@link OptionSpec#inPlace()}) this is the rule's source text, so an extension can
     * parse the value without a copy; otherwise it is the argument string itself.
     */
    public String argText() {
        return argText != null ? argText : arg();
    }

    /** Where the first argument starts in {@link #argText()}. */
    public int argStart() {
        return argText != null ? argStart : 0;
    }

    /** Where the first argument ends (exclusive) in {@link #argText()}. */
    public int argEnd() {
        return argText != null ? argEnd : arg().length();
    }

    /** The option's spec. */
    public OptionSpec spec() {
        return spec;
    }

    /** The name as written (the option's name or the alias used), without dashes. */
    public String written() {
        return written;
    }

    /** Whether {@code !} preceded the option. */
    public boolean inverted() {
        return inverted;
    }

    /** The arguments in order (empty for a flag). */
    public List<String> args() {
        if (args == null) {
            args = List.of(arg());
        }
        return args;
    }

    /** The 1-based column of the option. */
    public int column() {
        return column;
    }

    /** The 1-based column of the first argument (of the option when it has none). */
    public int argColumn() {
        return argColumn;
    }

    /** The canonical option name. */
    public String name() {
        return spec.name();
    }

    /** The first (usually only) argument. */
    public String arg() {
        if (single == null && argText != null) {
            single = argText.substring(argStart, argEnd); // an argument read in place, copied when asked for
        }
        return single != null ? single : args.get(0);
    }

    @Override
    public String toString() {
        return "OptionUse[spec=" + spec + ", written=" + written + ", inverted=" + inverted + ", args=" + args()
                + ", column=" + column + ", argColumn=" + argColumn + "]";
    }
}
