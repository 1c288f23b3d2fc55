package dev.rampart.sim.engine;

/**
 * How the traversal of one table's chain at one hook ended. ACCEPT lets the packet go on to the next
 * table; the others end its journey.
 */
enum TableVerdict {
    ACCEPT, DROP, REJECT, QUEUE;

    boolean isFinal() {
        return this != ACCEPT;
    }

    Verdict toVerdict() {
        return switch (this) {
            case ACCEPT -> Verdict.ACCEPT;
            case DROP -> Verdict.DROP;
            case REJECT -> Verdict.REJECT;
            case QUEUE -> Verdict.QUEUE;
        };
    }
}
