package dev.rampart.model.ipset;

import java.util.List;
import java.util.Optional;

/** All ipsets of a host, in creation order (the order {@code ipset save} lists them). Immutable. */
public record IpSets(List<IpSet> sets) {

    /** No sets. */
    public static final IpSets EMPTY = new IpSets(List.of());

    public IpSets {
        sets = List.copyOf(sets);
    }

    /** The set called {@code name}, if any. */
    public Optional<IpSet> find(String name) {
        for (IpSet s : sets) {
            if (s.name().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** Whether there are no sets. */
    public boolean isEmpty() {
        return sets.isEmpty();
    }
}
