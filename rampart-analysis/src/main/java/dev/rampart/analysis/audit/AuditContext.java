package dev.rampart.analysis.audit;

import dev.rampart.analysis.audit.host.HostFacts;
import dev.rampart.model.Family;
import dev.rampart.model.ipset.IpSets;
import java.util.List;
import java.util.Optional;

/**
 * What one audit looks at: the rulesets of one host — at most one IPv4 and one IPv6 ruleset (a command
 * script, or an {@code iptables-save} file and an {@code ip6tables-save} file given together) — each
 * with the input it came from and its {@link ChainFacts}, and the ipsets when the input held some (null
 * otherwise). For {@code audit --live}, also the {@link HostFacts} (kernel parameters, persistence files,
 * backends) the host checks read; absent when auditing files. Immutable.
 */
public final class AuditContext {
    private final List<AuditedRuleset> rulesets;
    private final IpSets ipsets;
    private final HostFacts host;

    public AuditContext(List<AuditedRuleset> rulesets, IpSets ipsets) {
        this(rulesets, ipsets, null);
    }

    /** A context with host facts ({@code host} null: none, as when auditing files). */
    public AuditContext(List<AuditedRuleset> rulesets, IpSets ipsets, HostFacts host) {
        for (Family f : Family.values()) {
            if (rulesets.stream().filter(r -> r.family() == f).count() > 1) {
                throw new IllegalArgumentException("one audit takes at most one IPv" + f.number() + " ruleset");
            }
        }
        this.rulesets = List.copyOf(rulesets);
        this.ipsets = ipsets;
        this.host = host;
    }

    /** The facts about the live host, when the audit is of a live host. */
    public Optional<HostFacts> host() {
        return Optional.ofNullable(host);
    }

    /** The rulesets, IPv4 first. */
    public List<AuditedRuleset> rulesets() {
        return rulesets.stream().sorted(java.util.Comparator.comparing(AuditedRuleset::family)).toList();
    }

    /** The ruleset of {@code family}, if the input held one. */
    public Optional<AuditedRuleset> ruleset(Family family) {
        return rulesets.stream().filter(r -> r.family() == family).findFirst();
    }

    /** The ipsets of the input, or null. */
    public IpSets ipsets() {
        return ipsets;
    }
}
