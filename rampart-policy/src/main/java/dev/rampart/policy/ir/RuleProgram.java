package dev.rampart.policy.ir;

import dev.rampart.model.Family;
import dev.rampart.policy.HostPolicy.AddressSet;
import java.util.List;

/**
 * A host policy compiled for one family: its chains in emit order (filter INPUT, FORWARD, OUTPUT, user
 * chains, then nat PREROUTING, POSTROUTING when NAT is used) and the sets the rules refer to, with the
 * family's set names ({@link #setName}).
 */
public record RuleProgram(Family family, List<ProgramChain> chains, List<AddressSet> sets) {
    public RuleProgram {
        chains = List.copyOf(chains);
        sets = List.copyOf(sets);
    }

    /** The ipset name of policy set {@code name} in {@code family}: as written for IPv4, {@code -v6} added for IPv6. */
    public static String setName(String name, Family family) {
        return family == Family.IPV4 ? name : name + "-v6";
    }
}
