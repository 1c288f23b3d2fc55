package dev.rampart.monitor.drift;

import dev.rampart.model.Family;
import dev.rampart.model.Ruleset;
import dev.rampart.model.ipset.IpSets;

/**
 * A firewall state that drift checks compare: the rulesets of both families and the ipsets. A null part
 * is unknown (not approved, or not read) and is not compared.
 *
 * @param v4   the IPv4 ruleset, or null
 * @param v6   the IPv6 ruleset, or null
 * @param sets the ipsets, or null
 */
public record FirewallState(Ruleset v4, Ruleset v6, IpSets sets) {
    public FirewallState {
        if (v4 != null && v4.family() != Family.IPV4 || v6 != null && v6.family() != Family.IPV6) {
            throw new IllegalArgumentException("rulesets of the wrong family");
        }
    }

    /** The ruleset of {@code family}, or null. */
    public Ruleset ruleset(Family family) {
        return family == Family.IPV4 ? v4 : v6;
    }
}
