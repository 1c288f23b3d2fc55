package dev.rampart.monitor.counters;

import dev.rampart.model.Family;
import dev.rampart.model.TableName;

/**
 * The kernel's counters of one rule at one moment.
 *
 * @param family  the address family
 * @param table   the table
 * @param chain   the chain
 * @param rule    1-based position in the chain, as {@code iptables -L --line-numbers} numbers it
 * @param comment the rule's {@code -m comment} text, or "" when it has none
 * @param packets packets counted (unsigned 64-bit in the kernel; values above 2^63 are negative here)
 * @param bytes   bytes counted
 */
public record RuleCounter(Family family, TableName table, String chain, int rule, String comment, long packets,
                          long bytes) {
}
