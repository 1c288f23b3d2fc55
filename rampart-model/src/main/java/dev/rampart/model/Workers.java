package dev.rampart.model;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The threads Rampart uses to parse and print big rulesets in parallel: one per CPU (at least 2, at most
 * 4), daemons so they never keep a program alive. Work is only split when an input is big enough to
 * repay it.
 */
public final class Workers {
    /** The shared pool. */
    public static final ExecutorService POOL = Executors.newFixedThreadPool(
            Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors())), r -> {
                Thread t = new Thread(r, "rampart-worker");
                t.setDaemon(true);
                return t;
            });

    private Workers() {
    }

    /** How many pieces to cut parallel work into on this machine (1 on a single CPU). */
    public static int parallelism() {
        return Math.min(4, Runtime.getRuntime().availableProcessors());
    }
}
