package dev.rampart.model.ext;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The options given to one match or target in one rule, in the order written. */
public final class Options {
    private final List<OptionUse> uses = new ArrayList<>(4);
    private final List<OptionUse> view = Collections.unmodifiableList(uses);
    /** Uses made by {@link #add(OptionSpec, String, boolean, String, List, int, int)}, refilled after a reset. */
    private final List<OptionUse> spare = new ArrayList<>(4);
    private int spareUsed;
    private int column;

    /** Options of an extension named at {@code column} ({@code -m NAME} or {@code -j NAME}). */
    public Options(int column) {
        this.column = column;
    }

    /**
     * Empties this bag for reuse by the next rule, naming an extension at {@code newColumn}. The parser
     * reuses bags because it reads hundreds of thousands of rules; extensions must not keep them.
     */
    public void reset(int newColumn) {
        uses.clear();
        spareUsed = 0;
        column = newColumn;
    }

    /** Column where the extension was named. */
    public int column() {
        return column;
    }

    /** Adds one use; the parser checks duplicates before calling this. */
    public void add(OptionUse use) {
        uses.add(use);
    }

    /**
     * Adds one use, made of a use object this bag made before its last {@link #reset} when there is one
     * (the parser calls this for every option of every rule). {@code single} is the only argument, or
     * null when the option has none or several, given by {@code args} then.
     */
    public void add(OptionSpec spec, String written, boolean inverted, String single, List<String> args, int column,
                    int argColumn) {
        OptionUse u = spareUse();
        u.set(spec, written, inverted, single, args, column, argColumn);
        uses.add(u);
    }

    /**
     * As {@link #add(OptionSpec, String, boolean, String, List, int, int)}, for an option with one
     * argument read in place: {@code text[start, end)}, copied only if the extension asks for
     * {@link OptionUse#arg()}.
     */
    public void addInPlace(OptionSpec spec, String written, boolean inverted, String text, int start, int end,
                           int column, int argColumn) {
        OptionUse u = spareUse();
        u.setInPlace(spec, written, inverted, text, start, end, column, argColumn);
        uses.add(u);
    }

    private OptionUse spareUse() {
        OptionUse u;
        if (spareUsed < spare.size()) {
            u = spare.get(spareUsed);
        } else {
            u = new OptionUse();
            spare.add(u);
        }
        spareUsed++;
        return u;
    }

    /** All uses in written order. */
    public List<OptionUse> all() {
        return view;
    }

    /** Number of uses. */
    public int size() {
        return uses.size();
    }

    /** Use {@code i} in written order (0-based). */
    public OptionUse use(int i) {
        return uses.get(i);
    }

    /** Whether no option was given. */
    public boolean isEmpty() {
        return uses.isEmpty();
    }

    /** The first use of option {@code name} (canonical name), or null. */
    public OptionUse get(String name) {
        // indexed loop: no iterator object per lookup (this runs for every option of every rule)
        for (int i = 0, n = uses.size(); i < n; i++) {
            OptionUse u = uses.get(i);
            if (u.spec().name().equals(name)) {
                return u;
            }
        }
        return null;
    }

    /** Whether option {@code name} was given. */
    public boolean has(String name) {
        return get(name) != null;
    }

    /** Every use of option {@code name}, in order. */
    public List<OptionUse> getAll(String name) {
        List<OptionUse> out = new ArrayList<>();
        for (int i = 0, n = uses.size(); i < n; i++) {
            OptionUse u = uses.get(i);
            if (u.spec().name().equals(name)) {
                out.add(u);
            }
        }
        return out;
    }

    /** Index of the first use of {@code name} in written order, or -1. */
    public int indexOf(String name) {
        for (int i = 0; i < uses.size(); i++) {
            if (uses.get(i).spec().name().equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
