package dev.rampart.monitor.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts occurrences per key, bounded: once {@code maxKeys} distinct keys are held, new keys are counted
 * together in {@link #others()} so a flood of distinct sources cannot exhaust memory.
 */
public final class Counter {
    private final Map<String, long[]> counts = new HashMap<>();
    private final int maxKeys;
    private long others;

    public Counter(int maxKeys) {
        this.maxKeys = maxKeys;
    }

    public void add(String key) {
        long[] c = counts.get(key);
        if (c == null) {
            if (counts.size() >= maxKeys) {
                others++;
                return;
            }
            c = new long[1];
            counts.put(key, c);
        }
        c[0]++;
    }

    /** Count of keys that arrived after the bound was reached. */
    public long others() {
        return others;
    }

    public int distinct() {
        return counts.size();
    }

    public long get(String key) {
        long[] c = counts.get(key);
        return c == null ? 0 : c[0];
    }

    /** The {@code n} most frequent keys, most frequent first (ties by key). */
    public List<Map.Entry<String, Long>> top(int n) {
        List<Map.Entry<String, Long>> all = new ArrayList<>(counts.size());
        counts.forEach((k, v) -> all.add(Map.entry(k, v[0])));
        all.sort((a, b) -> a.getValue().equals(b.getValue()) ? a.getKey().compareTo(b.getKey())
                : Long.compare(b.getValue(), a.getValue()));
        return all.subList(0, Math.min(n, all.size()));
    }
}
