package dev.rampart.sim.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Collects what one packet's traversal produced: counters in the order they moved, trace steps, log
 * lines and approximation reasons. Recording steps is optional (off for bulk classification).
 */
final class TraceRecorder {
    /** Counters moved so far, in order: {@code matched[0..matchedCount)}. */
    private CounterRef[] matched = new CounterRef[16];
    private int matchedCount;
    final List<TraceStep> steps;
    List<String> log = List.of();
    List<String> approximate = List.of();
    /** The counter whose verdict ended the last table traversal, and the one of the filter table. */
    CounterRef lastDecision;
    CounterRef filterDecision;

    TraceRecorder(boolean withSteps) {
        steps = withSteps ? new ArrayList<>() : null;
    }

    boolean recordsSteps() {
        return steps != null;
    }

    void log(String line) {
        if (log.isEmpty()) {
            log = new ArrayList<>(2);
        }
        log.add(line);
    }

    /** Forgets the previous packet (a run reuses one recorder; results copy what they keep). */
    void reset() {
        matchedCount = 0;
        if (steps != null) {
            steps.clear();
        }
        log = List.of();
        approximate = List.of();
        lastDecision = null;
        filterDecision = null;
    }

    void counter(CounterRef c) {
        if (matchedCount == matched.length) {
            matched = Arrays.copyOf(matched, matchedCount * 2);
        }
        matched[matchedCount++] = c;
    }

    /** The counters moved so far, as a list the caller owns. */
    List<CounterRef> matchedList() {
        return new FrozenList<>(Arrays.copyOf(matched, matchedCount, Object[].class));
    }

    void step(Hook hook, CounterRef c, String kind, String action) {
        if (steps != null) {
            steps.add(new TraceStep(hook, c, kind, action));
        }
    }

    void approximate(String reason) {
        if (approximate.isEmpty()) {
            approximate = new ArrayList<>(2);
        }
        if (!approximate.contains(reason)) {
            approximate.add(reason);
        }
    }
}
