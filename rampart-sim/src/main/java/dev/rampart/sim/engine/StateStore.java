package dev.rampart.sim.engine;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The mutable memory of one simulation run that stateful matches and targets keep between packets:
 * limit token buckets, hashlimit and recent tables, statistic nth counters, quota budgets. Keys are
 * chosen by the owner: the compiled test object itself for per-rule state (limit, nth, quota) or a
 * record naming a shared table ({@code recent --name}, {@code hashlimit --hashlimit-name}). Not
 * thread-safe: one run, one thread.
 */
public final class StateStore {
    private final Map<Object, Object> entries = new HashMap<>();

    /** The state under {@code key}, created by {@code factory} on first use. */
    public <T> T get(Object key, Class<T> type, Supplier<? extends T> factory) {
        Object v = entries.get(key);
        if (v == null) {
            T created = factory.get();
            entries.put(key, created);
            return created;
        }
        return type.cast(v);
    }

    /** Forgets all state. */
    public void clear() {
        entries.clear();
    }
}
