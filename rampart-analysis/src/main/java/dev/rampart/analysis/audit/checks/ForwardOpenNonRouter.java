package dev.rampart.analysis.audit.checks;

import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.Severity;
import dev.rampart.analysis.audit.Witnesses;
import dev.rampart.model.Chain;
import dev.rampart.model.Policy;
import dev.rampart.model.TableName;
import dev.rampart.model.Table;
import java.util.List;
import java.util.Optional;

/**
 * RA112: filter FORWARD has policy ACCEPT and no rules, and the ruleset has no nat rules: a host that
 * does not route (nothing in the rules says it does) would forward anything for anyone as soon as IP
 * forwarding is switched on. The witness is a forwarded packet, accepted by the policy.
 */
public final class ForwardOpenNonRouter extends AbstractCheck {
    public ForwardOpenNonRouter() {
        super("RA112", "FORWARD accepts everything on a host that does not route", Severity.MEDIUM,
                "Forwarding is off on most servers today, but Docker, libvirt, VPN software and a stray sysctl "
                        + "switch it on; then an empty FORWARD chain with policy ACCEPT turns the server into an open "
                        + "router for anyone who can send it packets.");
    }

    /** Whether the ruleset has an empty FORWARD with policy ACCEPT and no nat rules. */
    static boolean applies(AuditedRuleset r) {
        Optional<Chain> fwd = r.filter("FORWARD");
        if (fwd.isEmpty() || fwd.get().policy() != Policy.ACCEPT || !fwd.get().rules().isEmpty()) {
            return false;
        }
        return r.table(TableName.NAT).map(Table::ruleCount).orElse(0) == 0;
    }

    @Override
    void check(AuditedRuleset r, List<Finding> out) {
        if (!applies(r)) {
            return;
        }
        Chain fwd = r.filter("FORWARD").orElseThrow();
        Finding.Builder f = Finding.of(this, "filter FORWARD has policy ACCEPT and no rules, and there are no nat "
                        + "rules: this host does not look like a router, yet it would forward every packet if IP "
                        + "forwarding were enabled")
                .rules(r.policyRef(TableName.FILTER, fwd))
                .fix(r.command() + " -P FORWARD DROP");
        Witnesses.forwarded(r).ifPresent(w -> f.witness(w.packet()).approximations(w.approximations()));
        out.add(f.build());
    }
}
