package dev.rampart.analysis.audit.checks;

import dev.rampart.analysis.audit.AuditContext;
import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.Severity;
import dev.rampart.model.Chain;
import dev.rampart.model.Family;
import dev.rampart.model.TableName;
import java.util.List;
import java.util.Optional;

/**
 * RA111: the input holds an IPv4 ruleset whose filter INPUT drops by default and no IPv6 ruleset at all
 * (a file of {@code iptables-save} alone, or a script with no {@code ip6tables} command). Whether the
 * host has IPv6 rules elsewhere cannot be known from the input, hence low.
 */
public final class Ipv6Missing extends AbstractCheck {
    public Ipv6Missing() {
        super("RA111", "IPv6 rules missing", Severity.LOW,
                "iptables rules do not apply to IPv6. A host with a careful IPv4 firewall and no ip6tables rules "
                        + "accepts everything over IPv6, and most hosts have IPv6 addresses (link-local at least, "
                        + "global ones on most clouds).");
    }

    @Override
    public List<Finding> run(AuditContext context) {
        Optional<AuditedRuleset> v4 = context.ruleset(Family.IPV4);
        if (v4.isEmpty() || context.ruleset(Family.IPV6).isPresent()) {
            return List.of();
        }
        AuditedRuleset r = v4.get();
        Optional<Chain> input = r.filter("INPUT");
        if (input.isEmpty() || !r.facts().isRestrictive(TableName.FILTER, input.get())) {
            return List.of();
        }
        return List.of(Finding.of(this, "IPv4 filter INPUT drops by default, but the input has no IPv6 ruleset: "
                        + "unless ip6tables rules are loaded from elsewhere, the host may be wide open over IPv6")
                .rules(r.policyRef(TableName.FILTER, input.get()))
                .fix("# give the IPv6 rules with the IPv4 ones (rampart audit rules.v4 rules.v6), or create them:\n"
                        + "ip6tables -A INPUT -i lo -j ACCEPT\n"
                        + "ip6tables -A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n"
                        + "ip6tables -A INPUT -p ipv6-icmp -j ACCEPT\n"
                        + "ip6tables -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n"
                        + "ip6tables -P INPUT DROP\nip6tables -P FORWARD DROP")
                .build());
    }
}
