package dev.rampart.sim.engine;

/**
 * The final fate of a simulated packet. REJECT is a drop that also answers the sender (ICMP error or
 * TCP reset); QUEUE hands it to a userspace queue (NFQUEUE).
 */
public enum Verdict {
    ACCEPT, DROP, REJECT, QUEUE
}
