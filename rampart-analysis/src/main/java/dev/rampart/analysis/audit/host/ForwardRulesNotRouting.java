package dev.rampart.analysis.audit.host;

import dev.rampart.analysis.audit.AuditContext;
import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.Severity;
import dev.rampart.model.Chain;
import dev.rampart.model.TableName;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * RA133: forwarding is off but filter FORWARD holds rules: they only matter for a router (or a bridge
 * with {@code br_netfilter}), so either the host was meant to route and forwarding is missing, or the
 * rules are leftovers. Informational, one finding per family.
 */
public final class ForwardRulesNotRouting extends HostCheck {

    public ForwardRulesNotRouting() {
        super("RA133", "FORWARD rules on a host that does not forward", Severity.INFO,
                "Rules in FORWARD only see packets the host routes. With forwarding off they never match (except "
                        + "for bridged traffic with br_netfilter), which usually means one of two things: the host is "
                        + "supposed to be a router or NAT gateway and forwarding was not enabled (or not made "
                        + "persistent), or the rules are leftovers that make the ruleset harder to read.");
    }

    @Override
    void check(AuditContext context, HostFacts host, List<Finding> out) {
        for (AuditedRuleset r : context.rulesets()) {
            String name = Forwarding.sysctl(r.family());
            OptionalInt on = host.sysctls().integer(name);
            Optional<Chain> fwd = r.filter("FORWARD");
            if (on.isEmpty() || on.getAsInt() != 0 || fwd.isEmpty() || fwd.get().rules().isEmpty()) {
                continue;
            }
            int n = fwd.get().rules().size();
            out.add(Finding.of(this, name + " = 0 but filter FORWARD holds " + n + (n == 1 ? " rule" : " rules")
                            + ", which only routed (or bridged) packets traverse")
                    .location(name)
                    .rules(r.ref(TableName.FILTER, fwd.get(), 1))
                    .fix("# if this host should route:\n" + sysctlFix(setting(name, "1"))
                            + "\n# otherwise the FORWARD rules are unused: " + r.command() + " -F FORWARD")
                    .build());
        }
    }
}
