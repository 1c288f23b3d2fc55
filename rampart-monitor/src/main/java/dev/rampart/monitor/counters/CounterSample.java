package dev.rampart.monitor.counters;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One reading of the rule and policy counters of the live firewall.
 *
 * @param time         when the reading started
 * @param took         how long reading and parsing took
 * @param rules        the rule counters exported (at most the configured maximum, in {@code iptables-save}
 *                     order: IPv4 before IPv6, tables and chains in save order)
 * @param policies     every built-in chain's policy counters (never capped)
 * @param rulesSeen    rules read in the selected tables and chains
 * @param rulesOmitted rules not exported because of the cap
 */
public record CounterSample(Instant time, Duration took, List<RuleCounter> rules, List<PolicyCounter> policies,
                            int rulesSeen, int rulesOmitted) {
    public CounterSample {
        rules = List.copyOf(rules);
        policies = List.copyOf(policies);
    }
}
