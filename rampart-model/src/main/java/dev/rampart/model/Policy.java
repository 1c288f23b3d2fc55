package dev.rampart.model;

/** The policy of a built-in chain: the verdict for packets that reach its end. */
public enum Policy {
    ACCEPT,
    DROP
}
