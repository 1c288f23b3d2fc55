package dev.rampart.analysis.audit.checks;

import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.RuleFacts;
import dev.rampart.analysis.audit.Severity;
import dev.rampart.model.Chain;
import dev.rampart.model.Family;
import dev.rampart.model.Rule;
import dev.rampart.model.TableName;
import dev.rampart.model.match.CtState;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * RA116: filter INPUT drops by default and nothing on its traversal accepts the ICMP the host needs.
 * IPv4: no rule accepts RELATED packets (which carry the ICMP errors of tracked connections) and none
 * accepts ICMP destination-unreachable (type 3, which holds fragmentation-needed). IPv6: no rule accepts
 * ICMPv6 neighbour discovery (types 133-137; RELATED does not cover it), or (as for IPv4) packet-too-big
 * (type 2) is neither accepted nor covered by RELATED.
 */
public final class IcmpAllDropped extends AbstractCheck {
    public IcmpAllDropped() {
        super("RA116", "Needed ICMP dropped", Severity.MEDIUM,
                "Path-MTU discovery depends on ICMP 'fragmentation needed' (IPv4) and 'packet too big' (IPv6): when "
                        + "they are dropped, connections over links with a smaller MTU (VPNs, PPPoE, tunnels) hang after "
                        + "the handshake. IPv6 also needs neighbour discovery: without it the host has no IPv6 "
                        + "connectivity at all.");
    }

    @Override
    void check(AuditedRuleset r, List<Finding> out) {
        Optional<Chain> input = r.filter("INPUT");
        if (input.isEmpty() || !r.facts().isRestrictive(TableName.FILTER, input.get())) {
            return;
        }
        Chain c = input.get();
        Family f = r.family();
        String x = r.command();
        boolean related = r.facts().firstOnTraversal(TableName.FILTER, c, IcmpAllDropped::acceptsRelated).isPresent();
        int tooBig = f == Family.IPV4 ? 3 : 2;
        boolean pmtu = related || accepts(r, c, t -> t == tooBig);
        if (!pmtu) {
            out.add(Finding.of(this, "filter INPUT drops by default and accepts neither RELATED packets nor ICMP"
                            + (f == Family.IPV4 ? " destination-unreachable" : "v6 packet-too-big")
                            + ": path-MTU discovery breaks and connections over links with a smaller MTU hang")
                    .rules(r.policyRef(TableName.FILTER, c))
                    .fix(f == Family.IPV4
                            ? x + " -A INPUT -p icmp -m icmp --icmp-type 3/4 -j ACCEPT\n# or accept RELATED: " + x
                            + " -I INPUT 1 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT"
                            : x + " -A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 2 -j ACCEPT")
                    .build());
        }
        if (f == Family.IPV6 && !accepts(r, c, t -> t >= 133 && t <= 137)) {
            out.add(Finding.of(this, "ip6tables filter INPUT drops by default and accepts no ICMPv6 neighbour "
                            + "discovery (types 133-137): neighbours cannot resolve this host's addresses, so IPv6 "
                            + "does not work at all")
                    .severity(Severity.HIGH)
                    .rules(r.policyRef(TableName.FILTER, c))
                    .fix(x + " -A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 133 -j ACCEPT\n"
                            + x + " -A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 134 -j ACCEPT\n"
                            + x + " -A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 135 -j ACCEPT\n"
                            + x + " -A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 136 -j ACCEPT")
                    .build());
        }
    }

    private static boolean acceptsRelated(Rule rule) {
        if (!RuleFacts.isAccept(rule)) {
            return false;
        }
        Set<CtState> s = RuleFacts.states(rule);
        return RuleFacts.isUnconditional(rule) || (s != null && s.contains(CtState.RELATED));
    }

    private static boolean accepts(AuditedRuleset r, Chain c, java.util.function.IntPredicate type) {
        return r.facts().firstOnTraversal(TableName.FILTER, c, rule -> RuleFacts.isAccept(rule)
                && (RuleFacts.isUnconditional(rule)
                || (IcmpRules.isIcmpProtocol(rule, r.family()) && IcmpRules.admitsType(rule, type)))).isPresent();
    }
}
