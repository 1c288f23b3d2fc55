package dev.rampart.model.ext;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The options given to one match or target in one rule, in the order written. */
public final class Options {
    private final List<OptionUse> uses = new ArrayList<>(4);
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

    /** All uses in written order. */
    public List<OptionUse> all() {
        return Collections.unmodifiableList(uses);
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
        for (OptionUse u : uses) {
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
