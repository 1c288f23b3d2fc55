package dev.rampart.monitor.counters;

import dev.rampart.model.Family;
import dev.rampart.model.TableName;

/**
 * The kernel's counters of a built-in chain's policy: the packets no rule decided.
 *
 * @param family  the address family
 * @param table   the table
 * @param chain   the built-in chain
 * @param policy  the policy (ACCEPT or DROP)
 * @param packets packets counted
 * @param bytes   bytes counted
 */
public record PolicyCounter(Family family, TableName table, String chain, String policy, long packets, long bytes) {
}
