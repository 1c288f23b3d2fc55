package dev.rampart.analysis.audit.host;

import dev.rampart.model.Family;
import java.util.Objects;

/**
 * What one kernel backend holds for one family beyond empty default tables.
 *
 * @param backend           legacy or nf_tables
 * @param family            IPv4 or IPv6
 * @param tool              the save tool that read it, e.g. {@code iptables-legacy-save}
 * @param rules             number of rules
 * @param userChains        number of user-defined chains
 * @param nonAcceptPolicies number of built-in chains whose policy is not ACCEPT
 */
public record BackendRules(Backend backend, Family family, String tool, int rules, int userChains,
                           int nonAcceptPolicies) {

    public BackendRules {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(tool, "tool");
    }

    /** Whether anything beyond empty default tables is there. */
    public boolean holdsRules() {
        return rules > 0 || userChains > 0 || nonAcceptPolicies > 0;
    }

    /** {@code 3 rules, 1 user chain, 1 policy not ACCEPT}. */
    public String describe() {
        return rules + (rules == 1 ? " rule" : " rules") + ", " + userChains
                + (userChains == 1 ? " user chain" : " user chains") + ", " + nonAcceptPolicies
                + (nonAcceptPolicies == 1 ? " policy" : " policies") + " not ACCEPT";
    }
}
