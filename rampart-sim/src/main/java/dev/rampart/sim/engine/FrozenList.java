package dev.rampart.sim.engine;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * An unmodifiable list over an array nobody else holds: how a result takes its counters from the
 * run's reusable recorder with one copy. ({@code List.copyOf} of an {@code ArrayList} copies twice on
 * Java 17, which was a tenth of a kube-proxy classification.)
 */
final class FrozenList<E> extends AbstractList<E> implements RandomAccess {
    private final Object[] elements;

    /** Wraps {@code elements}, which the caller hands over and never touches again. */
    FrozenList(Object[] elements) {
        this.elements = elements;
    }

    @Override
    @SuppressWarnings("unchecked")
    public E get(int index) {
        return (E) elements[index];
    }

    @Override
    public int size() {
        return elements.length;
    }
}
